package search

import (
	"testing"
)

// TestIndexWordsAsAnalyze holds the indexing path (analyzeLang's workers,
// indexWords and their per-worker word maps) to the analyzer's own terms,
// field by field: the same surfaces and stems at the same offsets.
func TestIndexWordsAsAnalyze(t *testing.T) {
	docs := append(loadCorpus(t), synthCorpus(t, 200)...)
	docs = append(docs,
		Document{ID: "bindestrek", Lang: "nb", Title: "E-post og IT-sikkerhet", Body: "Bruk e-post-rutine, PVO-en og 2-faktor. Don't stop; 3.5 og 1,5 er tall. Ærlig Øst-Åsen é-e. og i på - -- a-b"},
		Document{ID: "en", Lang: "en", Title: "The user's e-mail", Body: "Don't share passwords; it's the users' job. Café-au-lait."},
	)
	c, err := Analyze(docs)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, lc := range c.langs {
		for _, dt := range lc.docs {
			texts := fieldTexts(dt.doc)
			for f, text := range texts {
				want := lc.an.analyze(text, false)
				got := dt.fields[f]
				if len(got) != len(want) {
					t.Fatalf("%s field %d: %d terms, want %d", dt.doc.ID, f, len(got), len(want))
				}
				for k, id := range got {
					if lc.lex.surf[id] != want[k].Surface || lc.lex.stems[lc.lex.stemOf[id]] != want[k].Stem {
						t.Fatalf("%s field %d term %d: %s/%s, want %s/%s", dt.doc.ID, f, k, lc.lex.surf[id], lc.lex.stems[lc.lex.stemOf[id]], want[k].Surface, want[k].Stem)
					}
					n++
				}
				if f == fBody {
					var at []uint16
					for _, tm := range want {
						if tm.Start >= maxSnippetSource {
							break
						}
						at = append(at, uint16(tm.Start))
					}
					if len(at) != len(dt.bodyAt) {
						t.Fatalf("%s: %d body offsets, want %d", dt.doc.ID, len(dt.bodyAt), len(at))
					}
					for k := range at {
						if at[k] != dt.bodyAt[k] {
							t.Fatalf("%s: body offset %d is %d, want %d", dt.doc.ID, k, dt.bodyAt[k], at[k])
						}
					}
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no terms compared")
	}
}
