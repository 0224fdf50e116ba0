package search

import (
	"strings"
	"testing"
)

// TestChoosePassages checks the choice of a page's passages: at most
// maxPassages, each at most passageLen bytes, in text order, holding the
// page's rare words wherever they are, and never spent on words the
// description already shows.
func TestChoosePassages(t *testing.T) {
	filler := strings.Repeat("Kommunen skal ha rutiner for arbeidet og følge dem opp hvert år. ", 8)
	body := filler + "Sikkerhetskopien av fagsystemet testes ved gjenoppretting hver måned. " + filler +
		"Løsepengevirus krypterer filene på fellesområdet. " + filler + "Beskrivelsesordet står her også."
	docs := []Document{
		{ID: "a", Lang: "nb", Title: "Beredskap", Description: "Beskrivelsesordet i beskrivelsen.", Body: body},
		{ID: "b", Lang: "nb", Title: "Annet", Body: filler},
		{ID: "c", Lang: "nb", Title: "Tredje", Body: filler + "Rutiner for kommunen."},
	}
	c, err := Analyze(docs)
	if err != nil {
		t.Fatal(err)
	}
	ps := c.langs[0].passages()
	got := ps[0]
	if len(got) == 0 || len(got) > maxPassages {
		t.Fatalf("%d passages, want 1 to %d: %q", len(got), maxPassages, got)
	}
	all := strings.Join(got, "\n")
	for _, w := range []string{"Sikkerhetskopien", "Løsepengevirus"} {
		if !strings.Contains(all, w) {
			t.Errorf("no passage holds %q, a word on this page only: %q", w, got)
		}
	}
	if strings.Contains(all, "Beskrivelsesordet") {
		t.Errorf("a passage spent on a word of the description: %q", got)
	}
	last := -1
	for _, p := range got {
		if len(p) > passageLen {
			t.Errorf("passage of %d bytes, over %d: %q", len(p), passageLen, p)
		}
		at := strings.Index(body, p)
		if at < 0 {
			t.Errorf("passage not a stretch of the body: %q", p)
		}
		if at < last {
			t.Errorf("passages out of text order: %q", got)
		}
		last = at
	}
	if d := ps[1]; len(d) == 0 || len(d) > maxPassages {
		t.Errorf("page b: %d passages", len(d))
	}
}

// TestStaticPassageSnippets checks the static engine's snippets where the
// match is in the body, not the description: after Engine.passage the
// snippet marks the reader's word, its synonym (backup → sikkerhetskopi)
// or the compound it is part of (sikkerhet → informasjonssikkerhet), as
// bleve's does, and a hit whose description matches keeps it. The query's
// own fetches hold no passage shard.
func TestStaticPassageSnippets(t *testing.T) {
	filler := strings.Repeat("Kommunen skal ha rutiner for arbeidet og følge dem opp hvert år. ", 30)
	docs := []Document{
		{ID: "kopi", Lang: "nb", Title: "Beredskap", Description: "Hva kommunen gjør når noe går galt.",
			Body: filler + "Ta sikkerhetskopi av fagsystemene og test at de kan gjenopprettes. " + filler},
		{ID: "styring", Lang: "nb", Title: "Styring", Description: "Ledelsens ansvar.",
			Body: filler + "Informasjonssikkerhet er et lederansvar i kommunen. " + filler},
		{ID: "desc", Lang: "nb", Title: "Gjenoppretting", Description: "Slik virker gjenoppretting fra kopi.",
			Body: filler + "Gjenoppretting øves hvert år."},
	}
	node(t)
	dir := writeStatic(t, docs)
	qs := []nodeQuery{
		{Lang: "nb", Text: "backup", Limit: 10},
		{Lang: "nb", Text: "sikkerhet", Limit: 10},
		{Lang: "nb", Text: "gjenoppretting", Limit: 10},
	}
	before := runNode(t, nodeRequest{Dir: dir, Queries: qs, Fresh: true})
	after := runNode(t, nodeRequest{Dir: dir, Queries: qs, Fresh: true, Passages: true})
	snippetOf := func(r int, id string, resp nodeResponse) string {
		for i, got := range resp.Results[r].IDs {
			if got == "nb:"+id {
				return resp.Results[r].Snippets[i]
			}
		}
		t.Fatalf("%q does not find %s: %v", qs[r].Text, id, resp.Results[r].IDs)
		return ""
	}
	for _, c := range []struct {
		q    int
		id   string
		mark string
	}{
		{0, "kopi", "<mark>sikkerhetskopi</mark>"},
		{1, "styring", "<mark>Informasjonssikkerhet</mark>"},
	} {
		if s := snippetOf(c.q, c.id, before); strings.Contains(s, "<mark>") {
			t.Errorf("%q: the description already marks something (%q); the test needs a match in the body only", qs[c.q].Text, s)
		}
		if s := snippetOf(c.q, c.id, after); !strings.Contains(s, c.mark) || !strings.HasPrefix(s, "… ") {
			t.Errorf("%q on %s: snippet %q, want a passage with %s", qs[c.q].Text, c.id, s, c.mark)
		}
	}
	if s := snippetOf(2, "desc", after); s != "Slik virker <mark>gjenoppretting</mark> fra kopi." {
		t.Errorf("a hit whose description matches: snippet %q, want the description", s)
	}
	for i, r := range after.Results {
		t.Logf("%q: %v %q, passage files %v", qs[i].Text, r.IDs, r.Snippets, r.PassageFetched)
		for _, f := range r.Fetched {
			if strings.Contains(f, "/x/") {
				t.Errorf("%q: the query itself fetched the passage shard %s", qs[i].Text, f)
			}
		}
		if i < 2 && len(r.PassageFetched) == 0 {
			t.Errorf("%q: no passage shard fetched", qs[i].Text)
		}
	}
}
