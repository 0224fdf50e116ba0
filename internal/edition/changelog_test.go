package edition

import (
	"reflect"
	"testing"

	"github.com/varde-portal/varde/internal/worddiff"
)

func ids(pages []Page) []string {
	var out []string
	for _, p := range pages {
		out = append(out, p.Lang+":"+p.ID)
	}
	return out
}

func qids(qs []QuestionChange) []string {
	var out []string
	for _, q := range qs {
		out = append(out, q.Lang+":"+q.ID)
	}
	return out
}

func TestComparePages(t *testing.T) {
	old := []Page{
		{ID: "forside", Lang: "nb", Title: "Forside", URL: "/", Text: "Velkommen."},
		{ID: "dpia", Lang: "nb", Title: "DPIA", URL: "/veiledere/dpia/", Text: "Kommunen bør gjøre en DPIA."},
		{ID: "gammel", Lang: "nb", Title: "Gammel", URL: "/gammel/", Text: "Utgått."},
		{ID: "omflyttet", Lang: "nb", Title: "Flyttes", URL: "/a/", Text: "Samme."},
		{ID: "bryting", Lang: "nb", Title: "Bryting", URL: "/b/", Text: "En lang\nlinje  her."},
		{ID: "dpia", Lang: "nn", Title: "DPIA", URL: "/nn/veiledere/dpia/", Text: "Kommunen bør gjere ei DPIA."},
		{ID: "tittel", Lang: "nb", Title: "Gammel tittel", URL: "/t/", Text: "Lik."},
	}
	cur := []Page{
		{ID: "forside", Lang: "nb", Title: "Forside", URL: "/", Text: "Velkommen."},
		{ID: "ny", Lang: "nb", Title: "Ny", URL: "/ny/", Text: "Helt ny."},
		{ID: "dpia", Lang: "nb", Title: "DPIA", URL: "/veiledere/dpia/", Text: "Kommunen skal gjøre en DPIA."},
		{ID: "omflyttet", Lang: "nb", Title: "Flyttes", URL: "/b/a/", Text: "Samme."},
		{ID: "bryting", Lang: "nb", Title: "Bryting", URL: "/b/", Text: "En lang linje her."},
		{ID: "dpia", Lang: "nn", Title: "DPIA", URL: "/nn/veiledere/dpia/", Text: "Kommunen bør gjere ei DPIA."},
		{ID: "ny", Lang: "nn", Title: "Ny", URL: "/nn/ny/", Text: "Heilt ny."},
		{ID: "tittel", Lang: "nb", Title: "Ny tittel", URL: "/t/", Text: "Lik."},
	}
	c := Compare(old, cur)
	if got, want := ids(c.Added), []string{"nb:ny", "nn:ny"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Added = %q, want %q", got, want)
	}
	if got, want := ids(c.Removed), []string{"nb:gammel"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Removed = %q, want %q", got, want)
	}
	type flags struct {
		id                 string
		title, text, moved bool
		words              worddiff.Stats
	}
	var got []flags
	for _, ch := range c.Changed {
		got = append(got, flags{ch.New.ID, ch.TitleChanged, ch.TextChanged, ch.Moved, ch.Words})
	}
	want := []flags{
		{"dpia", false, true, false, worddiff.Stats{Inserted: 1, Deleted: 1}},
		{"omflyttet", false, false, true, worddiff.Stats{}},
		{"tittel", true, false, false, worddiff.Stats{}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Changed = %+v\nwant %+v", got, want)
	}
	if c.Empty() {
		t.Error("Empty() = true")
	}
	if ch := c.Changed[0]; ch.Old.Text != "Kommunen bør gjøre en DPIA." || ch.New.Text != "Kommunen skal gjøre en DPIA." {
		t.Errorf("Changed[0] does not carry both versions: %+v", ch)
	}
}

// TestComparePaths: an edition is published under its own folder, so its
// URLs always differ from the current ones; a page moved only when its
// address below the edition's base differs.
func TestComparePaths(t *testing.T) {
	old := []Page{
		{ID: "dpia", Lang: "nb", Title: "DPIA", URL: "/2024/veiledere/dpia/", Path: "/veiledere/dpia/", Text: "Samme."},
		{ID: "flytt", Lang: "nb", Title: "Flytt", URL: "/2024/a/", Path: "/a/", Text: "Samme."},
	}
	cur := []Page{
		{ID: "dpia", Lang: "nb", Title: "DPIA", URL: "/veiledere/dpia/", Path: "/veiledere/dpia/", Text: "Samme."},
		{ID: "flytt", Lang: "nb", Title: "Flytt", URL: "/b/a/", Path: "/b/a/", Text: "Samme."},
	}
	c := Compare(old, cur)
	if len(c.Changed) != 1 || c.Changed[0].New.ID != "flytt" || !c.Changed[0].Moved {
		t.Errorf("Changed = %+v, want only flytt, moved", c.Changed)
	}
}

func TestCompareQuestions(t *testing.T) {
	old := []Page{
		{ID: "ledelse", Lang: "nb", Title: "Ledelse", URL: "/ledelse/", Questions: []Question{
			{ID: "protokoll", Text: "Har kommunen en behandlingsprotokoll?"},
			{ID: "risiko", Text: "Er risikovurderingen oppdatert?"},
			{ID: "opplaering", Text: "Får ansatte opplæring?"},
			{ID: "flyttes", Text: "Er ansvaret plassert?"},
		}},
		{ID: "ledelse", Lang: "nn", Title: "Leiing", URL: "/nn/ledelse/", Questions: []Question{
			{ID: "protokoll", Text: "Har kommunen ein behandlingsprotokoll?"},
		}},
		// A checklist page lists only its own questions, so a gathered
		// question is not counted twice.
		{ID: "sjekkliste", Lang: "nb", Title: "Sjekkliste", URL: "/sjekkliste/"},
	}
	cur := []Page{
		{ID: "ledelse", Lang: "nb", Title: "Ledelse og styring", URL: "/ledelse/", Questions: []Question{
			{ID: "protokoll", Text: "Har kommunen en oppdatert behandlingsprotokoll?"},
			{ID: "risiko", Text: "Er  risikovurderingen\noppdatert?"}, // re-wrapped only
			{ID: "leverandor", Text: "Har kommunen databehandleravtaler?"},
		}},
		{ID: "ansvar", Lang: "nb", Title: "Ansvar", URL: "/ansvar/", Questions: []Question{
			{ID: "flyttes", Text: "Er ansvaret plassert?"},
		}},
		{ID: "ledelse", Lang: "nn", Title: "Leiing", URL: "/nn/ledelse/", Questions: []Question{
			{ID: "protokoll", Text: "Har kommunen ein behandlingsprotokoll?"},
			{ID: "leverandor", Text: "Har kommunen databehandlaravtalar?"},
		}},
	}
	q := Compare(old, cur).Questions
	checks := []struct {
		kind string
		got  []QuestionChange
		want []string
	}{
		{"Added", q.Added, []string{"nb:leverandor", "nn:leverandor"}},
		{"Removed", q.Removed, []string{"nb:opplaering"}},
		{"Reworded", q.Reworded, []string{"nb:protokoll"}},
		{"Moved", q.Moved, []string{"nb:flyttes"}},
	}
	for _, c := range checks {
		if got := qids(c.got); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s = %q, want %q", c.kind, got, c.want)
		}
	}
	if q.Len() != 5 {
		t.Errorf("Len() = %d, want 5", q.Len())
	}
	r := q.Reworded[0]
	if r.Old != "Har kommunen en behandlingsprotokoll?" || r.New != "Har kommunen en oppdatert behandlingsprotokoll?" ||
		r.OldPage.URL != "/ledelse/" || r.NewPage.Title != "Ledelse og styring" {
		t.Errorf("Reworded[0] = %+v", r)
	}
	m := q.Moved[0]
	if m.OldPage.ID != "ledelse" || m.NewPage.ID != "ansvar" || m.NewPage.URL != "/ansvar/" {
		t.Errorf("Moved[0] = %+v", m)
	}
	rm := q.Removed[0]
	if rm.New != "" || rm.NewPage != (PageRef{}) || rm.OldPage.ID != "ledelse" || rm.Old != "Får ansatte opplæring?" {
		t.Errorf("Removed[0] = %+v", rm)
	}
	a := q.Added[0]
	if a.Old != "" || a.OldPage != (PageRef{}) || a.NewPage.ID != "ledelse" {
		t.Errorf("Added[0] = %+v", a)
	}
}

func TestCompareEdgeCases(t *testing.T) {
	same := []Page{{ID: "a", Lang: "nb", Title: "A", URL: "/a/", Text: "Tekst.", Questions: []Question{{ID: "q", Text: "Q?"}}}}
	tests := []struct {
		name     string
		old, cur []Page
		empty    bool
		added    int
		removed  int
	}{
		{"nothing", nil, nil, true, 0, 0},
		{"identical", same, same, true, 0, 0},
		{"everything new", nil, same, false, 1, 0},
		{"everything gone", same, nil, false, 0, 1},
		{"repeated id counts once", append(append([]Page{}, same...), same...), same, true, 0, 0},
	}
	for _, tt := range tests {
		c := Compare(tt.old, tt.cur)
		if c.Empty() != tt.empty || len(c.Added) != tt.added || len(c.Removed) != tt.removed {
			t.Errorf("%s: Empty %v, %d added, %d removed; want %v, %d, %d", tt.name, c.Empty(), len(c.Added), len(c.Removed), tt.empty, tt.added, tt.removed)
		}
	}
	if q := Compare(nil, same).Questions; qids(q.Added) == nil || q.Len() != 1 {
		t.Errorf("questions of a new page: %+v, want one added", q)
	}
}

// With the pages' HTML known, the changelog counts changed words on the
// tree diff the compare view marks, so the two never disagree; without it,
// on the paragraphs of the text.
func TestCompareCountsWhatTheCompareViewMarks(t *testing.T) {
	oldHTML := "<h2>Frister</h2><ul><li>Meld avvik innen tre dager.</li><li>Ring personvernombudet.</li></ul>"
	newHTML := "<h2>Frister</h2><ul><li>Meld avvik innen 72 timer.</li><li>Ring personvernombudet.</li></ul>"
	old := Page{ID: "avvik", Lang: "nb", Title: "Avvik", Text: "Frister\n\nMeld avvik innen tre dager.\nRing personvernombudet.", HTML: oldHTML}
	cur := old
	cur.Text, cur.HTML = "Frister\n\nMeld avvik innen 72 timer.\nRing personvernombudet.", newHTML
	c := Compare([]Page{old}, []Page{cur})
	if len(c.Changed) != 1 {
		t.Fatalf("changed = %v", c.Changed)
	}
	if want := worddiff.CountTree(worddiff.Tree(oldHTML, newHTML)); c.Changed[0].Words != want || !want.Changed() {
		t.Errorf("words = %+v, want the compare view's %+v", c.Changed[0].Words, want)
	}
	old.HTML, cur.HTML = "", ""
	c = Compare([]Page{old}, []Page{cur})
	if want := worddiff.CountBlocks(worddiff.Blocks(old.Text, cur.Text)); c.Changed[0].Words != want {
		t.Errorf("without HTML: words = %+v, want %+v", c.Changed[0].Words, want)
	}
}
