package e2e

import (
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/browsertest"
)

// TestSearchPassageSnippet: on the search page, a result whose description
// holds none of the query's words shows, once in view, the passage of its
// body that matched, with the word (or its synonym or part) marked, as the
// bleve API's snippet does; the passage shards come from the site's own
// origin like the rest of the index.
func TestSearchPassageSnippet(t *testing.T) {
	bundledContentOnly(t, "a query whose match is in a page's body")
	t.Parallel()
	s, p := journey(t)
	page := searchURL(t, p, s.Base.Path)
	// løsepengevirus: the course for the management group tells the case
	// of a ransomware attack in its body; its description does not say it.
	p.Navigate(page + "?q=" + "l%C3%B8sepengevirus")
	p.WaitFor(resultsShown)
	p.WaitFor(`[...document.querySelectorAll(".search-results .search-snippet")].some(s => s.textContent.startsWith("… ") && s.querySelector("mark"))`)
	snips := browsertest.Eval[[]string](p, `[...document.querySelectorAll(".search-results .search-result")].slice(0, 5).map(li =>
		(li.querySelector("a.search-title").getAttribute("href") || "") + " | " + li.querySelector(".search-snippet").innerHTML)`)
	found := false
	for _, sn := range snips {
		if strings.Contains(sn, "… ") && strings.Contains(sn, "<mark>") {
			found = true
			t.Logf("passage snippet: %s", sn)
		}
		if strings.Contains(sn, "<script") || strings.Contains(sn, "<a ") {
			t.Errorf("a snippet holds markup beyond <mark>: %s", sn)
		}
	}
	if !found {
		t.Errorf("no result among the first five shows a passage with a marked word: %q", snips)
	}
	passageFetched := false
	for _, r := range p.Requests() {
		if strings.Contains(r.URL, "/search/nb/x/") {
			passageFetched = true
		}
	}
	if !passageFetched {
		t.Error("no passage shard was fetched")
	}
	gates(t, p)
}
