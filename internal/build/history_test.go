package build

import (
	"context"
	"reflect"
	"testing"
)

// TestHistoryExtra checks the template data a page gets from git: its
// commits for the change history, and its version label, which front
// matter gives where it has one and the last commit otherwise.
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
		version  string
		subjects []string
	}{
		{"dpia", hash["Ny formulering"], []string{"Ny formulering", "Flytt DPIA til personvern", "Presiser DPIA", "Første utgave"}},
		{"veiledere/logging", "2.1", []string{"Ny formulering", "Første utgave"}},
		{"personvern/_index", hash["Flytt DPIA til personvern"], []string{"Flytt DPIA til personvern"}},
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
		for _, h := range hist {
			subjects = append(subjects, h.Subject)
			if len(h.Hash) < 7 || len(h.Hash) > 12 || h.Author != "Kari Nordmann" {
				t.Errorf("%s: entry %+v lacks an abbreviated hash or author", tt.id, h)
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
	if len(got) != 2 || got[0].Hash != hash["Ny formulering"] || got[1].Hash != hash["Flytt DPIA til personvern"] {
		t.Errorf("recentChanges(2) = %+v", got)
	}
	if nn := recentChanges(l.Site, l.history, "nn", 10); len(nn) != 1 || nn[0].Hash != hash["Første utgave"] || nn[0].Pages[0].ID != "_index" {
		t.Errorf("recentChanges(nn) = %+v", nn)
	}
}
