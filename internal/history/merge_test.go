package history

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// packRepo makes a repository like a content pack's: two commits up to the
// tag 2026.1 (one with a reader's note), one after it, and a bare clone of
// it as a site's pack cache holds.
func packRepo(t *testing.T) (bare string) {
	t.Helper()
	r := newRepo(t)
	r.write("content/veiledere/dpia.md", "# DPIA\n")
	r.write("content/om.md", "# Om\n")
	r.commit("Add pages")
	r.write("content/veiledere/dpia.md", "# DPIA\n\nNytt avsnitt.\n")
	r.commit("dpia: new section\n\nEndring: Nytt avsnitt om når en DPIA trengs\nEndring-nn: Nytt avsnitt om når ein DPIA trengst")
	r.git("tag", "2026.1")
	r.write("content/om.md", "# Om pakken\n")
	r.commit("om: later change")
	bare = filepath.Join(t.TempDir(), "ks")
	gitIn(t, filepath.Dir(bare), base, nil, "clone", "-q", "--bare", r.dir, bare)
	return bare
}

func TestLoadRefReadsABareCloneAtItsRef(t *testing.T) {
	bare := packRepo(t)
	h, err := LoadRef(context.Background(), bare, "2026.1", "content")
	if err != nil {
		t.Fatal(err)
	}
	dpia := h.Commits("content/veiledere/dpia.md")
	if len(dpia) != 2 || !dpia[1].Added || dpia[0].Added {
		t.Fatalf("dpia commits = %+v, want 2 (the older one adding it)", dpia)
	}
	if got := dpia[0].NoteFor("nn", false); got != "Nytt avsnitt om når ein DPIA trengst" {
		t.Errorf("nynorsk note = %q", got)
	}
	// The commit after the tag is not part of the pinned pack.
	om := h.Commits("content/om.md")
	if len(om) != 1 || !om[0].Date.Equal(base) {
		t.Errorf("om.md commits at 2026.1 = %+v, want only the first", om)
	}
	if n := len(h.Recent(0)); n != 2 {
		t.Errorf("Recent = %d changes, want 2", n)
	}
	// At the branch, the later commit is there.
	h2, err := LoadRef(context.Background(), bare, "main", "content")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := h2.LastChanged("content/om.md"); !got.Equal(base.AddDate(0, 0, 2)) {
		t.Errorf("om.md at main last changed %v, want the third commit's date", got)
	}
}

func TestLoadRefErrors(t *testing.T) {
	bare := packRepo(t)
	for _, rev := range []string{"", "--all", "nosuchtag"} {
		if _, err := LoadRef(context.Background(), bare, rev, "content"); err == nil {
			t.Errorf("LoadRef(%q) gave no error", rev)
		} else if rev != "" && !strings.Contains(err.Error(), rev) {
			t.Errorf("LoadRef(%q): %v does not name the ref", rev, err)
		}
	}
	if _, err := LoadRef(context.Background(), bare, "2026.1", "../x"); err == nil {
		t.Error("a folder outside the tree gave no error")
	}
}

func TestMergeLayersASecondHistory(t *testing.T) {
	bare := packRepo(t)
	pack, err := LoadRef(context.Background(), bare, "2026.1", "content")
	if err != nil {
		t.Fatal(err)
	}
	site := newRepo(t)
	site.tick = 10 // the site's commits come after the pack's
	site.write("content/egen.md", "# Egen\n")
	site.commit("own page")
	site.write("lokalt/veiledere/dpia.md", "Slik gjør vi det hos oss.\n")
	site.commit("local addition\n\nEndring: Lokale rutiner for DPIA")
	sh, err := Load(context.Background(), site.dir, "content")
	if err != nil {
		t.Fatal(err)
	}
	local, err := Load(context.Background(), site.dir, "lokalt")
	if err != nil {
		t.Fatal(err)
	}
	// The site overrides om.md: the pack's history of it is left out.
	m := sh.Merge(pack, func(f string) string {
		if f == "content/om.md" {
			return ""
		}
		return f
	}, true)
	m = m.Merge(local, func(f string) string {
		rest, ok := strings.CutPrefix(f, "lokalt/")
		if !ok {
			return ""
		}
		return "content/" + rest
	}, false)

	if cs := m.Commits("content/om.md"); len(cs) != 0 {
		t.Errorf("overridden om.md has the pack's commits: %+v", cs)
	}
	dpia := m.Commits("content/veiledere/dpia.md")
	if len(dpia) != 3 {
		t.Fatalf("dpia = %+v, want the local commit and the pack's two", dpia)
	}
	if dpia[0].Notes[""] != "Lokale rutiner for DPIA" || dpia[0].Added {
		t.Errorf("newest dpia commit = %+v, want the local addition, not marking the page new", dpia[0])
	}
	if !dpia[2].Added {
		t.Errorf("the pack's first commit should still make the page new: %+v", dpia[2])
	}
	if cs := m.Commits("content/egen.md"); len(cs) != 1 || !cs[0].Added {
		t.Errorf("egen.md = %+v", cs)
	}
	var subjects []string
	for _, c := range m.Recent(0) {
		subjects = append(subjects, c.Subject+":"+strings.Join(c.Files, ",")+":"+strings.Join(c.Added, ","))
	}
	want := []string{
		"local addition:content/veiledere/dpia.md:",
		"own page:content/egen.md:content/egen.md",
		"dpia: new section:content/veiledere/dpia.md:",
		"Add pages:content/veiledere/dpia.md:content/veiledere/dpia.md",
	}
	if strings.Join(subjects, "\n") != strings.Join(want, "\n") {
		t.Errorf("Recent =\n%s\nwant\n%s", strings.Join(subjects, "\n"), strings.Join(want, "\n"))
	}
	// The inputs are unchanged, and nil or empty sides are fine.
	if len(sh.Commits("content/veiledere/dpia.md")) != 0 || len(pack.Commits("content/om.md")) != 1 {
		t.Error("Merge changed its inputs")
	}
	var none *History
	if got := none.Merge(pack, func(f string) string { return f }, true); got.Len() != 2 {
		t.Errorf("nil.Merge(pack) has %d files, want 2", got.Len())
	}
	if got := sh.Merge(nil, nil, true); got != sh {
		t.Error("Merge(nil) should return h")
	}
}
