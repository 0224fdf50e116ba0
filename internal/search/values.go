package search

// Values returns the page types and the audiences the index holds, over
// every language, sorted: the values a Query's Type and Audience can
// match. `varde search` names them when a filter matches none, since a
// filter on a value no page has ("--type veileder") otherwise gave "No
// results" as if the words were not found.
func (ix *Index) Values() (types, audiences []string) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	t, a := map[string]int{}, map[string]int{}
	for _, li := range ix.langs {
		for _, s := range li.docs.Types {
			t[s] = 0
		}
		for _, s := range li.docs.Audiences {
			a[s] = 0
		}
	}
	return sortedKeys(t), sortedKeys(a)
}
