package checklist

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/varde-portal/varde/internal/config"
)

// FuzzScales reads the [scales] of any config.toml as a build does
// (config.Parse, DecodeScales, then Scales per language): nothing panics,
// every problem names a setting under scales. that config.toml has a line
// for, a scale with problems is still one the renderer can show, and a
// scale without problems obeys every rule of docs/format.md ("Answer
// scales") and renders accessible HTML. The seed corpus is in
// testdata/fuzz/FuzzScales.
func FuzzScales(f *testing.F) {
	for _, s := range []string{
		// docs/format.md's example
		"[scales.trafikklys]\nkind = \"choice\"\nlevels = [\n  {value = \"gronn\", score = 100, label = {nb = \"Grønn\", nn = \"Grøn\", en = \"Green\"}, description = \"Alt er på plass.\"},\n  {value = \"gul\", score = 50, label = \"Gul\"},\n  {value = \"rod\", score = 0, label = {nb = \"Rød\", nn = \"Raud\", en = \"Red\"}},\n  {value = \"ukjent\", score = -1, label = \"Vet ikke\"},\n]\n",
		"[scales.boks]\nkind = \"check\"\n[[scales.boks.levels]]\nvalue = \"ok\"\nscore = 100\nlabel = \"OK\"\n",
		"[scales.status]\nlevels = [{value = 1, score = 0, label = \"En\"}, {value = \"2\", score = 100.0, label = {nb = \"To\"}}]\n",
		// mistakes
		"[scales]\nx = \"status\"\n[scales.a]\nkind = 1\ncolour = \"red\"\nlevels = [{value = true, score = \"high\", label = 2, lable = \"A\"}]\n[scales.b]\nlevels = \"ja, nei\"\n[scales.c]\nlevels = [{value = \"a\", score = 2.5, label = \"A\"}]\n",
		"[scales.Stor]\nlevels = [{value = \"a b\", score = 101, label = \"\"}, {value = \"a b\", score = -2}]\n",
		"[scales.x]\nkind = \"slider\"\n",
		"[scales.x]\nkind = \"check\"\nlevels = [{value = \"a\", score = -1, label = \"A\"}, {value = \"b\", score = 1, label = \"B\"}]\n",
		"[scales.x]\nlevels = [{value = \"a\", score = -1, label = \"A\"}, {value = \"b\", score = -1, label = \"B\"}]\n",
		"[scales.x]\nlevels = [{value = \"a\", score = 99999999999, label = \"A\"}, {value = \"b\", score = 1e300, label = \"B\"}]\n",
		"[scales.x]\nlevels = [{value = \"<script>\", score = 1, label = \"<script>alert(1)</script>\", description = {nb = \"\\\"'&\"}}]\n",
		"[scales.x]\nlevels = [[1, 2], {}]\n", "[scales.x]\nlevels = []\n", "[[scales.x]]\n", "scales = 1\n",
		"[scales.x]\nlevels = [{value = \"a\", score = 1, label = {xx = 1}}]\n",
		"[scales.x.levels]\nvalue = \"a\"\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 32<<10 {
			return
		}
		cfg, ds := config.Parse([]byte(text))
		if cfg == nil || len(ds) > 0 {
			return // config.toml's own mistakes: FuzzLoad's business
		}
		custom, err := DecodeScales(cfg.Scales)
		checkScaleErrors(t, cfg, text, err)
		for _, lang := range []string{"nb", "nn", "en"} {
			scales, err := Scales(lang, custom)
			checkScaleErrors(t, cfg, text, err)
			for name, c := range custom {
				s, ok := scales[name]
				if !ok {
					t.Fatalf("configured scale %q is not defined", name)
				}
				if s.Kind != KindChoice && s.Kind != KindCheck {
					t.Fatalf("scale %q has kind %q", name, s.Kind)
				}
				// Whatever its problems, a scale can be rendered (the dev
				// server shows the page while the editor fixes config.toml).
				var b strings.Builder
				q := &Question{ID: "q", Text: "Spørsmål?", PageID: "p", Scale: name}
				if err := RenderQuestion(&b, q, s, keys, RenderOptions{}); err != nil {
					t.Fatal(err)
				}
				out := b.String()
				if !utf8.ValidString(out) || strings.Contains(strings.ToLower(out), "<script") {
					t.Fatalf("scale %q renders %q", name, out)
				}
				if err != nil || len(c.Validate(name)) > 0 {
					continue
				}
				checkGoodScale(t, name, s)
				checkHTML(t, out)
			}
		}
	})
}

// checkScaleErrors: every problem is a FieldError about a setting under
// scales. whose line (or the line of the setting that holds it) is in the
// file, so that the build reports it as config.toml:LINE.
func checkScaleErrors(t *testing.T, cfg *config.Config, text string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	errs := []error{err}
	if many, ok := err.(interface{ Unwrap() []error }); ok {
		errs = many.Unwrap()
	}
	lines := strings.Count(text, "\n") + 1
	for _, e := range errs {
		var fe *FieldError
		if !errors.As(e, &fe) {
			t.Fatalf("not a FieldError: %v", e)
		}
		if !strings.HasPrefix(fe.Field, "scales.") || fe.Msg == "" || !utf8.ValidString(fe.Error()) {
			t.Fatalf("bad problem %q", fe.Error())
		}
		if l := cfg.Line(fe.Field); l < 1 || l > lines {
			t.Fatalf("%s: line %d of a %d-line file\n%q", fe.Error(), l, lines, text)
		}
	}
}

// checkGoodScale holds a scale that passed validation to the rules.
func checkGoodScale(t *testing.T, name string, s Scale) {
	t.Helper()
	if s.IsCheck() != (len(s.Levels) == 1) || len(s.Levels) == 0 {
		t.Fatalf("scale %q: kind %s with %d levels", name, s.Kind, len(s.Levels))
	}
	seen := map[string]bool{}
	scored := false
	for _, l := range s.Levels {
		if l.Value == "" || seen[l.Value] || strings.ContainsAny(l.Value, " _\"<>&") || l.Label == "" {
			t.Fatalf("scale %q: bad level %+v", name, l)
		}
		seen[l.Value] = true
		if l.Score != Excluded && (l.Score < 0 || l.Score > 100) {
			t.Fatalf("scale %q: score %d", name, l.Score)
		}
		scored = scored || l.Score >= 0
		if got, ok := s.Level(l.Value); !ok || got != l {
			t.Fatalf("scale %q: Level(%q) = %+v, %v", name, l.Value, got, ok)
		}
		if sc, counts := Score(s, l.Value); counts && (sc != l.Score || sc < 0) {
			t.Fatalf("scale %q: Score(%q) = %d", name, l.Value, sc)
		}
	}
	if !scored || s.Top() < 0 || s.Top() > 100 {
		t.Fatalf("scale %q: no scored level, or top %d", name, s.Top())
	}
}
