package build

import (
	"context"
	"fmt"
	"reflect"
	"testing"
)

// TestHistoryExtra checks the template data a page gets from git: its
// commits for the change history, and its version label, which only front
// matter gives (a commit hash is never shown to readers).
func TestHistoryExtra(t *testing.T) {
	s, hash := historySite(t)
	s.write(map[string]string{
		"content/veiledere/logging.md": page("title: Logging\ndescription: Om logging.\nupdated: 2024-01-15\nversion: \"2.1\"\n",
			"Logg all tilgang til pasientjournalene.\n"),
	})
	l, err := Load(context.Background(), Options{Source: s.dir, IndexDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id       string
		version  any
		subjects []string
	}{
		{"dpia", nil, []string{"Ny formulering", "Flytt DPIA til personvern", "Presiser DPIA", "Første utgave"}},
		{"veiledere/logging", "2.1", []string{"Ny formulering", "Første utgave"}},
		{"personvern/_index", nil, []string{"Flytt DPIA til personvern"}},
	}
	subject := map[string]string{}
	for s, h := range hash {
		subject[h] = s
	}
	for _, tt := range tests {
		p := l.Site.ByID(tt.id, "nb")
		if p == nil {
			t.Fatalf("no page %s", tt.id)
		}
		m := l.extra(p)
		if m["version"] != tt.version {
			t.Errorf("%s: version %v, want %s", tt.id, m["version"], tt.version)
		}
		hist, _ := m["history"].([]HistoryEntry)
		var subjects []string
		for i, h := range hist {
			subjects = append(subjects, subject[h.commit])
			// Only "Ny formulering" has a note for readers (a trailer);
			// the theme shows "Ny side" for the commit that created the
			// page and "Oppdatert" for the others.
			wantNote := ""
			if subject[h.commit] == "Ny formulering" {
				wantNote = "DPIA skal gjøres tidlig."
			}
			if h.Note != wantNote || h.New != (i == len(hist)-1) {
				t.Errorf("%s: entry %d %+v: want note %q and New only on the first commit", tt.id, i, h, wantNote)
			}
		}
		if !reflect.DeepEqual(subjects, tt.subjects) {
			t.Errorf("%s: history %q, want %q", tt.id, subjects, tt.subjects)
		}
	}
	if m := l.extra(l.Site.Home["nb"]); m["whatsnew"] != "/hva-er-nytt/" || m["whatsnew_feed"] != "/hva-er-nytt.xml" {
		t.Errorf("home page: whatsnew %v, feed %v", m["whatsnew"], m["whatsnew_feed"])
	}
	if m := l.extra(l.Site.Home["nn"]); m["whatsnew"] != "/nn/hva-er-nytt/" || m["whatsnew_feed"] != "/nn/hva-er-nytt.xml" {
		t.Errorf("nn home page: whatsnew %v, feed %v", m["whatsnew"], m["whatsnew_feed"])
	}
	for _, ed := range l.editions {
		if m := ed.extra(ed.l.Site.Home["nb"]); m["whatsnew"] != nil || m["whatsnew_feed"] != nil || m["history"] != nil {
			t.Errorf("edition %s has history data: %v", ed.cfg.Name, m)
		}
	}
}

// TestRecentChangesLimit: the page lists the newest changes only.
func TestRecentChangesLimit(t *testing.T) {
	s, hash := historySite(t)
	l, err := Load(context.Background(), Options{Source: s.dir, IndexDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	got := recentChanges(l.Site, l.history, "nb", 2)
	if len(got) != 2 || got[0].commit != hash["Ny formulering"] || got[1].commit != hash["Flytt DPIA til personvern"] {
		t.Errorf("recentChanges(2) = %+v", got)
	}
	if nn := recentChanges(l.Site, l.history, "nn", 10); len(nn) != 1 || nn[0].commit != hash["Første utgave"] || nn[0].Pages[0].ID != "_index" || !nn[0].New {
		t.Errorf("recentChanges(nn) = %+v", nn)
	}
}

// TestChangeNotesPerLanguage: a commit that changes a bokmål and a
// nynorsk page shows each its own note ("Endring:" in the default
// language, "Endring-nn:"); a nynorsk page never shows the bokmål note,
// and a later commit without notes shows "Oppdatert" in both.
func TestChangeNotesPerLanguage(t *testing.T) {
	s := newGitSite(t)
	s.write(map[string]string{
		"config.toml":                    "title = \"Testportal\"\nbaseURL = \"https://test.example.no/\"\n[languages.nb]\n[languages.nn]\n",
		"content/_index.md":              page("title: Testportal\n", "Velkommen.\n"),
		"content/_index.nn.md":           page("title: Testportal\n", "Velkomen.\n"),
		"content/veiledere/_index.md":    page("title: Veiledere\n", "Veiledere.\n"),
		"content/veiledere/_index.nn.md": page("title: Rettleiarar\n", "Rettleiarar.\n"),
		"content/veiledere/dpia.md":      page("title: DPIA\ndescription: Om DPIA.\n", "Tekst.\n"),
		"content/veiledere/dpia.nn.md":   page("title: DPIA\ndescription: Om DPIA.\n", "Tekst.\n"),
	})
	s.commit("init")
	s.write(map[string]string{
		"content/veiledere/dpia.md":    page("title: DPIA\ndescription: Om DPIA.\n", "Ny tekst.\n"),
		"content/veiledere/dpia.nn.md": page("title: DPIA\ndescription: Om DPIA.\n", "Ny tekst.\n"),
	})
	s.commit("content: dpia\n\nEndring: Nytt avsnitt om risiko.\nEndring-nn: Nytt avsnitt om risiko (nynorsk).")
	s.write(map[string]string{"content/veiledere/dpia.nn.md": page("title: DPIA\ndescription: Om DPIA.\n", "Ny tekst, retta.\n")})
	s.commit("typo\n\nEndring: Bare bokmål.")
	l, err := Load(context.Background(), Options{Source: s.dir, IndexDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	notes := func(lang string) []string {
		var out []string
		for _, c := range recentChanges(l.Site, l.history, lang, 10) {
			out = append(out, fmt.Sprintf("%s new=%v", c.Note, c.New))
		}
		return out
	}
	if got, want := notes("nb"), []string{"Nytt avsnitt om risiko. new=false", " new=true"}; !reflect.DeepEqual(got, want) {
		t.Errorf("nb changes %q, want %q", got, want)
	}
	if got, want := notes("nn"), []string{" new=false", "Nytt avsnitt om risiko (nynorsk). new=false", " new=true"}; !reflect.DeepEqual(got, want) {
		t.Errorf("nn changes %q, want %q", got, want)
	}
	h := pageHistory(l.history, l.Site.ByID("veiledere/dpia", "nn"), "nb")
	if len(h) != 3 || h[0].Note != "" || h[1].Note != "Nytt avsnitt om risiko (nynorsk)." || !h[2].New {
		t.Errorf("nn page history %+v", h)
	}
}
