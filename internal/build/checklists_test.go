package build

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/varde-portal/varde/internal/output"
)

// TestCustomScaleFromConfig builds a page whose control questions use a
// scale defined in config.toml (docs/format.md: "or a scale named in
// config.toml"): the config is accepted and the answers carry its labels.
func TestCustomScaleFromConfig(t *testing.T) {
	fsys := fstest.MapFS{
		"config.toml": {Data: []byte(`title = "Kommune"
[languages.nb]
[languages.nn]
[scales.trafikklys]
kind = "choice"
levels = [
  {value = "gronn", score = 100, label = {nb = "Grønn", nn = "Grøn"}},
  {value = "rod", score = 0, label = "Rød"},
]
`)},
		"content/_index.md":      {Data: []byte("---\ntitle: Forside\n---\n")},
		"content/kontroll.md":    {Data: []byte("---\ntitle: Kontroll\nscale: trafikklys\n---\n- [ ] Er alt på plass? {#plass}\n")},
		"content/kontroll.nn.md": {Data: []byte("---\ntitle: Kontroll\nscale: trafikklys\n---\n- [ ] Er alt på plass? {#plass}\n")},
	}
	expectFiles(t, renderMemory(t, Options{FS: fsys}), map[string][]string{
		"kontroll/index.html":    {"Grønn", "Rød"},
		"nn/kontroll/index.html": {"Grøn", "Rød"},
	})
}

// renderMemory loads a site and renders it, unminified (the markup as the
// layouts write it), into memory; any error fails the test.
func renderMemory(t *testing.T, o Options) *output.Memory {
	t.Helper()
	noMinify := false
	o.Minify = &noMinify
	l, err := Load(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	out := output.NewMemory()
	if ds := Render(l, out); len(ds) > 0 {
		t.Fatal(ds)
	}
	return out
}

// expectFiles checks that each output file holds each of its strings.
func expectFiles(t *testing.T, out *output.Memory, wants map[string][]string) {
	t.Helper()
	for file, ws := range wants {
		b, ok := out.Get(file)
		if !ok {
			t.Errorf("no %s; files: %v", file, out.Names())
			continue
		}
		for _, w := range ws {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s lacks %s", file, w)
			}
		}
	}
}

// TestScaleErrorsNameTheirLine: a mistake in a configured scale is reported
// at the line of config.toml that holds it.
func TestScaleErrorsNameTheirLine(t *testing.T) {
	fsys := fstest.MapFS{
		"config.toml":       {Data: []byte("title = \"Kommune\"\n[scales.x]\nkind = \"choice\"\nlevels = [\n  {value = \"a\", label = \"A\"},\n]\nfarge = 1\n")},
		"content/_index.md": {Data: []byte("---\ntitle: Forside\n---\n")},
		"content/sjekk.md":  {Data: []byte("---\ntitle: Sjekk\nscale: x\n---\n- [ ] Har vi en plan?\n")},
	}
	_, err := Load(context.Background(), Options{FS: fsys})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		"config.toml:7: error: scales.x.farge: unknown setting",
		// At the level's own line, not at levels = [.
		"config.toml:5: error: scales.x.levels[0].score: missing",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("errors lack %q:\n%v", want, err)
		}
	}
	// The scale is defined, though wrongly: one root cause, one message.
	if strings.Contains(err.Error(), "not defined") {
		t.Errorf("a follow-on error about the scale:\n%v", err)
	}
}

// TestScaleValueOfWrongKindOnce: score = 100.5 was reported twice, as
// "must be a whole number 0–100 or -1, not 100.5" and then as "missing",
// which it is not; each setting gets one message.
func TestScaleValueOfWrongKindOnce(t *testing.T) {
	fsys := fstest.MapFS{
		"config.toml":       {Data: []byte("title = \"Kommune\"\n[scales.x]\nlevels = [\n  {value = \"j\", score = 100.5, label = \"J\"},\n  {value = \"n\", score = \"null\", label = \"N\"},\n]\n")},
		"content/_index.md": {Data: []byte("---\ntitle: Forside\n---\n")},
	}
	_, err := Load(context.Background(), Options{FS: fsys})
	if err == nil {
		t.Fatal("no error")
	}
	got := err.Error()
	for _, f := range []string{"levels[0].score", "levels[1].score"} {
		if n := strings.Count(got, "scales.x."+f+":"); n != 1 {
			t.Errorf("%d messages about %s, want 1:\n%s", n, f, got)
		}
	}
	if strings.Contains(got, "missing") {
		t.Errorf("a score of the wrong kind is not missing:\n%s", got)
	}
}

// TestChecklistCore: a checklist page's core list (the short path, "Start
// her") reaches the page for checklist.js, may name gathered questions,
// and an id the page does not show is an error at the field's line; on
// another page type core is a warning.
func TestChecklistCore(t *testing.T) {
	files := func(core string) fstest.MapFS {
		return fstest.MapFS{
			"config.toml":         {Data: []byte("title = \"Kommune\"\n")},
			"content/_index.md":   {Data: []byte("---\ntitle: Forside\n---\n")},
			"content/dpia.md":     {Data: []byte("---\ntitle: DPIA\n---\n- [ ] Er DPIA gjort? {#dpia-gjort}\n")},
			"content/kontroll.md": {Data: []byte("---\ntitle: Kontroll\ntype: checklist\nscale: maturity\ncollect: [dpia]\ncore: " + core + "\n---\n## Ledelse\n\n- [ ] Mål? {#mal}\n- [ ] Ansvar? {#ansvar}\n")},
			"content/vanlig.md":   {Data: []byte("---\ntitle: Vanlig\ncore: [x]\n---\nTekst.\n")},
		}
	}
	l, err := Load(context.Background(), Options{FS: files("[mal, dpia-gjort]")})
	if err != nil {
		t.Fatal(err)
	}
	var warned []string
	for _, d := range l.Diags {
		warned = append(warned, d.String())
	}
	if w := strings.Join(warned, "\n"); !strings.Contains(w, "content/vanlig.md:3: warning: core has an effect only on a checklist page") {
		t.Errorf("no warning for core on a plain page:\n%s", w)
	}
	out := renderMemory(t, Options{FS: files("[mal, dpia-gjort]")})
	expectFiles(t, out, map[string][]string{"kontroll/index.html": {`data-core="mal dpia-gjort"`}})

	_, err = Load(context.Background(), Options{FS: files("[mal, ansvarr]")})
	if err == nil || !strings.Contains(err.Error(), `content/kontroll.md:6: error: core: no control question on this page has the id "ansvarr" (did you mean "ansvar"?)`) {
		t.Errorf("misspelt core id: %v", err)
	}
}
