package history

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// subjects lists the subjects of a file's commits, newest first.
func subjects(h *History, path string) []string {
	var out []string
	for _, c := range h.Commits(path) {
		out = append(out, c.Subject)
	}
	return out
}

// editionRepo makes the repository most tests share: two commits and a
// tag, then a moved file, an edit and a removed page, and one file that
// is never committed.
func editionRepo(t *testing.T) *testRepo {
	r := newRepo(t)
	r.write("config.toml", "title = \"Test\"\n")
	r.write("content/_index.md", "# Forside\n")
	r.write("content/veiledere/dpia.md", "# DPIA\n\nFørste tekst.\n")
	r.write("content/veiledere/gammel.md", "# Gammel\n")
	r.write("content/sjekkliste.md", "- [ ] Har vi en protokoll? {#protokoll}\n")
	r.commit("Første utgave") // day 0
	r.write("content/veiledere/dpia.md", "# DPIA\n\nAndre tekst.\n")
	r.commit("Presiser DPIA") // day 1
	r.git("tag", "utgave-2024")
	r.mv("content/veiledere/dpia.md", "content/personvern/dpia.md")
	r.commit("Flytt DPIA til personvern") // day 2
	r.write("content/personvern/dpia.md", "# DPIA\n\nTredje tekst.\n")
	r.write("content/sjekkliste.md", "- [ ] Har kommunen en protokoll? {#protokoll}\n")
	r.commit("Ny formulering\n\nMed en lengre forklaring.") // day 3
	r.git("rm", "-q", "content/veiledere/gammel.md")
	r.commit("Fjern gammel veileder") // day 4
	r.write("README.md", "Utenfor innholdet.\n")
	r.commit("Readme") // day 5
	r.write("content/utkast.md", "# Ikke committet\n")
	return r
}

func TestLoad(t *testing.T) {
	r := editionRepo(t)
	h, err := Load(context.Background(), r.dir, "content")
	if err != nil {
		t.Fatal(err)
	}
	if h.Status != OK || h.Shallow || h.Note() != "" {
		t.Fatalf("Status %v, Shallow %v, Note %q; want OK, not shallow, no note", h.Status, h.Shallow, h.Note())
	}
	tests := []struct {
		path     string
		subjects []string
		last     time.Time // zero: no history
	}{
		{"content/_index.md", []string{"Første utgave"}, r.date(0)},
		{"content/personvern/dpia.md", []string{"Ny formulering", "Flytt DPIA til personvern", "Presiser DPIA", "Første utgave"}, r.date(3)},
		{"content/sjekkliste.md", []string{"Ny formulering", "Første utgave"}, r.date(3)},
		{filepath.FromSlash("content/sjekkliste.md"), []string{"Ny formulering", "Første utgave"}, r.date(3)},
		{"./content/sjekkliste.md", []string{"Ny formulering", "Første utgave"}, r.date(3)},
		{"content/veiledere/dpia.md", nil, time.Time{}},   // moved away: its history went along
		{"content/veiledere/gammel.md", nil, time.Time{}}, // removed
		{"content/utkast.md", nil, time.Time{}},           // never committed
		{"README.md", nil, time.Time{}},                   // outside content/
	}
	for _, tt := range tests {
		if got := subjects(h, tt.path); !reflect.DeepEqual(got, tt.subjects) {
			t.Errorf("Commits(%q) = %q, want %q", tt.path, got, tt.subjects)
		}
		last, ok := h.LastChanged(tt.path)
		if ok != !tt.last.IsZero() || !last.Equal(tt.last) {
			t.Errorf("LastChanged(%q) = %v, %v; want %v", tt.path, last, ok, tt.last)
		}
	}
	if h.Len() != 3 {
		t.Errorf("Len() = %d, want 3", h.Len())
	}

	c := h.Commits("content/personvern/dpia.md")[0]
	if c.Author != "Kari Nordmann" || len(c.Hash) < 40 || !strings.HasPrefix(c.Hash, c.Short) || len(c.Short) < 7 {
		t.Errorf("commit = %+v; want author, full hash and its abbreviation", c)
	}
	if want := strings.TrimSpace(r.git("rev-parse", "HEAD~2")); c.Hash != want {
		t.Errorf("newest commit of dpia.md = %s, want %s", c.Hash, want)
	}

	recent := h.Recent(2)
	if len(recent) != 2 || recent[0].Subject != "Ny formulering" || recent[1].Subject != "Flytt DPIA til personvern" {
		t.Fatalf("Recent(2) = %+v", recent)
	}
	if want := []string{"content/personvern/dpia.md", "content/sjekkliste.md"}; !reflect.DeepEqual(recent[0].Files, want) {
		t.Errorf("Recent(2)[0].Files = %q, want %q", recent[0].Files, want)
	}
	// The removal touched no current file, and the readme is outside.
	if all := h.Recent(0); len(all) != 4 {
		t.Errorf("Recent(0) has %d commits, want 4", len(all))
	}
}

func TestLoadSiteInSubfolder(t *testing.T) {
	r := newRepo(t)
	r.write("site/content/a.md", "a\n")
	r.write("other/content/a.md", "other\n")
	r.commit("Legg til")
	r.mv("site/content/a.md", "site/content/b.md")
	r.commit("Gi nytt navn")
	h, err := Load(context.Background(), filepath.Join(r.dir, "site"), "content")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := subjects(h, "content/b.md"), []string{"Gi nytt navn", "Legg til"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Commits(content/b.md) = %q, want %q", got, want)
	}
	if h.Len() != 1 {
		t.Errorf("Len() = %d, want 1 (the other site's file is not ours)", h.Len())
	}
}

func TestLoadRenameThenNewFileAtOldPath(t *testing.T) {
	r := newRepo(t)
	r.write("content/a.md", "gammel side\n")
	r.commit("A")
	r.mv("content/a.md", "content/b.md")
	r.commit("Flytt a til b")
	r.write("content/a.md", "en helt ny side med annet innhold\n")
	r.commit("Ny a")
	r.write("content/b.md", "gammel side, endret\n")
	r.commit("Endre b")
	h, err := Load(context.Background(), r.dir, "content")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := subjects(h, "content/a.md"), []string{"Ny a"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Commits(content/a.md) = %q, want %q", got, want)
	}
	if got, want := subjects(h, "content/b.md"), []string{"Endre b", "Flytt a til b", "A"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Commits(content/b.md) = %q, want %q", got, want)
	}
}

func TestLoadMerge(t *testing.T) {
	r := newRepo(t)
	r.write("content/a.md", "a\n")
	r.commit("Start")
	r.git("checkout", "-q", "-b", "side")
	r.write("content/b.md", "b\n")
	r.commit("Side: ny b")
	r.git("checkout", "-q", "main")
	r.write("content/a.md", "a2\n")
	r.commit("Main: endre a")
	r.git("merge", "-q", "--no-ff", "-m", "Merge side", "side")
	r.tick++
	h, err := Load(context.Background(), r.dir, "content")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := subjects(h, "content/b.md"), []string{"Side: ny b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Commits(content/b.md) = %q, want %q", got, want)
	}
	if got, want := subjects(h, "content/a.md"), []string{"Main: endre a", "Start"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Commits(content/a.md) = %q, want %q", got, want)
	}
}

func TestLoadUnusualNames(t *testing.T) {
	r := newRepo(t)
	names := []string{"content/blåbær og fløte.md", "content/tab\there.md", "content/\x1epost.md", "content/linje\nskift.md"}
	for _, n := range names {
		r.write(n, n)
	}
	r.commit("Rare navn")
	h, err := Load(context.Background(), r.dir, "content")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if got := subjects(h, n); !reflect.DeepEqual(got, []string{"Rare navn"}) {
			t.Errorf("Commits(%q) = %q", n, got)
		}
	}
}

func TestLoadShallowClone(t *testing.T) {
	r := editionRepo(t)
	clone := filepath.Join(t.TempDir(), "klone")
	gitIn(t, r.dir, base, nil, "clone", "-q", "--depth", "1", "file://"+filepath.ToSlash(r.dir), clone)
	h, err := Load(context.Background(), clone, "content")
	if err != nil {
		t.Fatal(err)
	}
	if h.Status != OK || !h.Shallow {
		t.Fatalf("Status %v, Shallow %v; want OK and shallow", h.Status, h.Shallow)
	}
	if !strings.Contains(h.Note(), "shallow") {
		t.Errorf("Note() = %q, want it to say the clone is shallow", h.Note())
	}
	// Only the tip commit is there: every file appears to come from it.
	for _, p := range []string{"content/_index.md", "content/personvern/dpia.md"} {
		if got, want := subjects(h, p), []string{"Readme"}; !reflect.DeepEqual(got, want) {
			t.Errorf("Commits(%q) = %q, want %q", p, got, want)
		}
	}
}

func TestLoadNotARepository(t *testing.T) {
	needGit(t)
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	h, err := Load(context.Background(), dir, "content")
	if err != nil {
		t.Fatal(err)
	}
	if h.Status != NotRepo || h.Len() != 0 || !strings.Contains(h.Note(), "not a git repository") {
		t.Errorf("Status %v, Len %d, Note %q; want NotRepo, no files and a note", h.Status, h.Len(), h.Note())
	}
	if cs := h.Commits("content/a.md"); cs != nil {
		t.Errorf("Commits = %v, want none", cs)
	}
}

func TestLoadWithoutGit(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // a PATH with no git on it
	h, err := Load(context.Background(), t.TempDir(), "content")
	if err != nil {
		t.Fatal(err)
	}
	if h.Status != NoGit || !strings.Contains(h.Note(), "not installed") {
		t.Errorf("Status %v, Note %q; want NoGit and a note", h.Status, h.Note())
	}
}

func TestLoadEmptyRepository(t *testing.T) {
	r := newRepo(t)
	r.write("content/a.md", "a\n")
	h, err := Load(context.Background(), r.dir, "content")
	if err != nil {
		t.Fatal(err)
	}
	if h.Status != OK || h.Len() != 0 {
		t.Errorf("Status %v, Len %d; want OK and no files", h.Status, h.Len())
	}
}

func TestLoadFolderOutsideRoot(t *testing.T) {
	r := newRepo(t)
	r.write("a.md", "a\n")
	r.commit("A")
	if _, err := Load(context.Background(), r.dir, "../elsewhere"); err == nil {
		t.Error("Load with a folder outside the root: no error")
	}
}

func TestLoadCanceled(t *testing.T) {
	r := editionRepo(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Load(ctx, r.dir, "content"); err == nil {
		t.Error("Load with a canceled context: no error")
	}
}

func TestNilHistory(t *testing.T) {
	var h *History
	if h.Commits("a") != nil || h.Len() != 0 || h.Recent(3) != nil || h.Note() != "" {
		t.Error("a nil History should have no history and nothing to say")
	}
	if _, ok := h.LastChanged("a"); ok {
		t.Error("nil History: LastChanged reported a date")
	}
}

// TestLoadMatchesGitFollow checks the one-pass history of a generated
// repository with edits, moves and deletions against `git log --follow`,
// git's own per-file view, for every file.
func TestLoadMatchesGitFollow(t *testing.T) {
	if testing.Short() {
		t.Skip("runs git once per file")
	}
	r := newRepo(t)
	stream, present := synthStream(120, 80)
	r.fastImport(stream)
	h, err := Load(context.Background(), r.dir, "content")
	if err != nil {
		t.Fatal(err)
	}
	if h.Len() != len(present) {
		t.Errorf("Len() = %d, want %d", h.Len(), len(present))
	}
	moved := 0
	for _, p := range present {
		if strings.Contains(p, "/flyttet-") {
			moved++
		}
	}
	if moved == 0 || len(present) == 120 {
		t.Fatalf("generated repository has %d moved files and %d of 120 left; the test needs moves and deletions", moved, len(present))
	}
	for _, p := range present {
		out := r.git("log", "--follow", "-M", "--format=%H", "main", "--", p)
		want := strings.Fields(out)
		var got []string
		for _, c := range h.Commits(p) {
			got = append(got, c.Hash)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: history\n got %q\nwant %q (git log --follow)", p, got, want)
		}
	}
}

// TestLoadNotesAndAdded: the editor's notes to readers come from the
// message's trailers ("Endring:", "Endring-nn:"), folded lines unfolded and
// other trailers ignored; a note in the body is not a trailer and does not
// count. The commit that created a file is marked, a rename is not.
func TestLoadNotesAndAdded(t *testing.T) {
	r := newRepo(t)
	r.write("content/a.md", "# A\n")
	r.commit("content: first\n\nEndring: Ny veileder om logging.\nEndring-nn: Ny rettleiar om logging.\nSigned-off-by: Kari <kari@example.org>")
	r.write("content/a.md", "# A2\n")
	r.write("content/b.md", "# B\n")
	r.commit("theme: fix widths\n\nEndring: this line is in the body, not a trailer\n\nReviewed-by: Ola")
	r.mv("content/a.md", "content/c/a.md")
	r.commit("move\n\nendring: Flyttet til\n  en ny seksjon.\nENDRING-EN: Moved.")
	h, err := Load(context.Background(), r.dir, "content")
	if err != nil {
		t.Fatal(err)
	}
	cs := h.Commits("content/c/a.md")
	if len(cs) != 3 {
		t.Fatalf("Commits(c/a.md) = %+v, want 3", cs)
	}
	want := []map[string]string{
		{"": "Flyttet til en ny seksjon.", "en": "Moved."},
		nil,
		{"": "Ny veileder om logging.", "nn": "Ny rettleiar om logging."},
	}
	for i, c := range cs {
		if !reflect.DeepEqual(c.Notes, want[i]) {
			t.Errorf("commit %d (%s): Notes %q, want %q", i, c.Subject, c.Notes, want[i])
		}
		if c.Added != (i == 2) {
			t.Errorf("commit %d (%s): Added %v", i, c.Subject, c.Added)
		}
	}
	if got := cs[2].NoteFor("nn", false); got != "Ny rettleiar om logging." {
		t.Errorf("NoteFor(nn) = %q", got)
	}
	if got := cs[0].NoteFor("nn", false); got != "" {
		t.Errorf("NoteFor(nn) without an nn note = %q, want \"\" (no bokmål on a nynorsk page)", got)
	}
	if got := cs[0].NoteFor("nb", true); got != "Flyttet til en ny seksjon." {
		t.Errorf("NoteFor(nb, default) = %q", got)
	}
	if b := h.Commits("content/b.md"); len(b) != 1 || !b[0].Added {
		t.Errorf("Commits(b.md) = %+v, want one commit that added it", b)
	}
	recent := h.Recent(0)
	if len(recent) != 3 || !reflect.DeepEqual(recent[1].Added, []string{"content/b.md"}) || recent[0].Added != nil ||
		!reflect.DeepEqual(recent[2].Added, []string{"content/c/a.md"}) {
		t.Errorf("Recent: Added = %q, %q, %q", recent[0].Added, recent[1].Added, recent[2].Added)
	}
}

// TestNotesWithoutControlCharacters: a note to readers is published on
// the page, in "Hva er nytt" and in the feed; a control character in the
// commit message ("Endring: \x1b[31m…", pasted from a terminal) reached
// the HTML as it was, which is a parse error there (the feed's XML
// writer replaced it with U+FFFD). It is dropped; a tab becomes a space.
func TestNotesWithoutControlCharacters(t *testing.T) {
	got := parseNotes("Endring: \x1b[31mRettet\tlenke\x07 \x7f<b>\x1dEndring-nn: \x00Retta")
	if got[""] != "[31mRettet lenke <b>" || got["nn"] != "Retta" {
		t.Errorf("notes = %q", got)
	}
}
