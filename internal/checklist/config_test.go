package checklist

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestBuiltinScales(t *testing.T) {
	for name, c := range builtin {
		if errs := c.Validate(name); len(errs) > 0 {
			t.Errorf("built-in scale %s: %v", name, errs)
		}
		for i, l := range c.Levels {
			for _, lang := range []string{"nb", "nn", "en"} {
				if l.Label[lang] == "" {
					t.Errorf("built-in %s.levels[%d] has no %s label", name, i, lang)
				}
				if name == ScaleMaturity && l.Description[lang] == "" {
					t.Errorf("built-in maturity level %s has no %s description", l.Value, lang)
				}
			}
		}
	}
	tests := []struct {
		lang, scale string
		labels      []string
		scores      []int
	}{
		{"nb", "status", []string{"Ja", "Delvis", "Nei", "Ikke relevant"}, []int{100, 50, 0, -1}},
		{"nn", "status", []string{"Ja", "Delvis", "Nei", "Ikkje relevant"}, []int{100, 50, 0, -1}},
		{"en", "status", []string{"Yes", "Partly", "No", "Not relevant"}, []int{100, 50, 0, -1}},
		{"nb", "maturity", []string{"1 – Initiell", "2 – Gjentakbar", "3 – Definert", "4 – Styrt og forbedret"}, []int{0, 33, 67, 100}},
		{"nn", "maturity", []string{"1 – Initiell", "2 – Gjentakbar", "3 – Definert", "4 – Styrt og forbetra"}, []int{0, 33, 67, 100}},
		{"en", "check", []string{"Done"}, []int{100}},
		// a language without labels falls back to bokmål
		{"se", "status", []string{"Ja", "Delvis", "Nei", "Ikke relevant"}, []int{100, 50, 0, -1}},
	}
	for _, tt := range tests {
		scales, err := Scales(tt.lang, nil)
		if err != nil {
			t.Fatal(err)
		}
		s := scales[tt.scale]
		var labels []string
		var scores []int
		for _, l := range s.Levels {
			labels, scores = append(labels, l.Label), append(scores, l.Score)
		}
		if !reflect.DeepEqual(labels, tt.labels) || !reflect.DeepEqual(scores, tt.scores) {
			t.Errorf("%s %s: labels %q scores %v; want %q %v", tt.lang, tt.scale, labels, scores, tt.labels, tt.scores)
		}
	}
}

// decodeScales reads the [scales] part of a config.toml the way the config
// package does when it decodes into map[string]ScaleConfig.
func decodeScales(t *testing.T, src string) map[string]ScaleConfig {
	t.Helper()
	var c struct {
		Scales map[string]ScaleConfig `toml:"scales"`
	}
	if _, err := toml.Decode(src, &c); err != nil {
		t.Fatalf("toml: %v", err)
	}
	return c.Scales
}

func TestScalesConfig(t *testing.T) {
	tests := []struct {
		name string
		toml string
		errs []string // fields named by the errors, in order
		// checks on the result in bokmål
		scale  string
		labels []string
		kind   string
	}{
		{
			name: "custom scale with per-language labels",
			toml: `[scales.tiltak]
levels = [
  {value = "ferdig", score = 100, label = {nb = "Ferdig", nn = "Ferdig", en = "Done"}},
  {value = "pagar", score = 50, label = {nb = "Pågår", en = "Ongoing"}, description = "I gang"},
  {value = "ikke-startet", score = 0, label = "Ikke startet"},
]`,
			scale: "tiltak", labels: []string{"Ferdig", "Pågår", "Ikke startet"}, kind: KindChoice,
		},
		{
			name: "override built-in status",
			toml: `[[scales.status.levels]]
value = "ja"
score = 100
label = "Ja"
[[scales.status.levels]]
value = "nei"
score = 0
label = "Nei"`,
			scale: "status", labels: []string{"Ja", "Nei"}, kind: KindChoice,
		},
		{
			name:  "custom check",
			toml:  `[scales.kvittert]` + "\nkind = \"check\"\nlevels = [{value = \"ok\", score = 100, label = \"Kvittert\"}]",
			scale: "kvittert", labels: []string{"Kvittert"}, kind: KindCheck,
		},
		{
			name: "score out of range and missing",
			toml: `[scales.foo]
levels = [{value = "a", score = 100, label = "A"}, {value = "b", label = "B"}, {value = "c", score = 150, label = "C"}, {value = "d", score = -2, label = "D"}]`,
			errs: []string{"scales.foo.levels[1].score", "scales.foo.levels[2].score", "scales.foo.levels[3].score"},
		},
		{
			name: "duplicate and bad values, missing label",
			toml: `[scales.foo]
levels = [{value = "a", score = 100, label = "A"}, {value = "a", score = 0, label = "B"}, {value = "x_y", score = 0, label = "C"}, {score = 0, label = "D"}, {value = "e", score = 0}]`,
			errs: []string{"scales.foo.levels[1].value", "scales.foo.levels[2].value", "scales.foo.levels[3].value", "scales.foo.levels[4].label"},
		},
		{
			name: "too few levels",
			toml: `[scales.foo]
levels = [{value = "a", score = 100, label = "A"}]`,
			errs: []string{"scales.foo.levels"},
		},
		{
			name: "check with two levels and an excluded score",
			toml: `[scales.foo]
kind = "check"
levels = [{value = "a", score = -1, label = "A"}, {value = "b", score = 0, label = "B"}]`,
			errs: []string{"scales.foo.levels", "scales.foo.levels[0].score"},
		},
		{
			name: "unknown kind and bad name",
			toml: `[scales."Min skala"]
kind = "radio"
levels = [{value = "a", score = 100, label = "A"}, {value = "b", score = 0, label = "B"}]`,
			errs: []string{"scales.Min skala", "scales.Min skala.kind"},
		},
		{
			name: "nothing scored",
			toml: `[scales.foo]
levels = [{value = "a", score = -1, label = "A"}, {value = "b", score = -1, label = "B"}]`,
			errs: []string{"scales.foo.levels"},
		},
		{
			name: "errors in two scales, sorted by name",
			toml: `[scales.b]
levels = []
[scales.a]
levels = []`,
			errs: []string{"scales.a.levels", "scales.b.levels"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scales, err := Scales("nb", decodeScales(t, tt.toml))
			if got := fields(err); !reflect.DeepEqual(got, tt.errs) {
				t.Fatalf("error fields = %q, want %q\n%v", got, tt.errs, err)
			}
			for _, b := range []string{ScaleStatus, ScaleMaturity, ScaleCheck} {
				if _, ok := scales[b]; !ok {
					t.Errorf("built-in %s missing", b)
				}
			}
			if tt.scale == "" {
				return
			}
			s := scales[tt.scale]
			var labels []string
			for _, l := range s.Levels {
				labels = append(labels, l.Label)
			}
			if !reflect.DeepEqual(labels, tt.labels) || s.Kind != tt.kind || s.Name != tt.scale {
				t.Errorf("scale = %+v, want labels %q kind %s", s, tt.labels, tt.kind)
			}
		})
	}
}

// fields returns the Field of every *FieldError joined in err.
func fields(err error) []string {
	if err == nil {
		return nil
	}
	var out []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *FieldError
		if !errors.As(e, &fe) {
			return []string{"not a FieldError: " + e.Error()}
		}
		if !strings.HasPrefix(fe.Error(), fe.Field+": ") || fe.Msg == "" {
			return []string{"bad message: " + fe.Error()}
		}
		out = append(out, fe.Field)
	}
	return out
}

func TestScaleConfigMessages(t *testing.T) {
	_, err := Scales("nb", decodeScales(t, `[scales.foo]
levels = [{value = "a", score = 100, label = "A"}, {value = "delvis", score = 150, label = "B"}]`))
	want := `scales.foo.levels[1].score: 150 is outside 0–100 (use -1 to leave "delvis" out of scores)`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}

func TestTextUnmarshal(t *testing.T) {
	var c struct{ L Text }
	if _, err := toml.Decode(`L = {nb = 1}`, &c); err == nil || !strings.Contains(err.Error(), `"nb" must be a string`) {
		t.Errorf("number label: err = %v", err)
	}
	if _, err := toml.Decode(`L = 3`, &c); err == nil {
		t.Error("number label accepted")
	}
	tests := []struct {
		text Text
		lang string
		want string
	}{
		{Text{"nb": "Ja", "en": "Yes"}, "en", "Yes"},
		{Text{"nb": "Ja", "en": "Yes"}, "nn", "Ja"},
		{Text{"*": "Felles", "nb": "Ja"}, "nn", "Felles"},
		{Text{"en": "Yes"}, "nn", "Yes"},
		{Text{"se": "Jo", "fi": "Kyllä"}, "nn", "Kyllä"},
		{Text{"nb": "  "}, "nb", ""},
		{nil, "nb", ""},
	}
	for _, tt := range tests {
		if got := tt.text.In(tt.lang); got != tt.want {
			t.Errorf("%v.In(%s) = %q, want %q", tt.text, tt.lang, got, tt.want)
		}
	}
}

func TestDecodeScales(t *testing.T) {
	tests := []struct {
		name string
		toml string
		errs []string
		want map[string]ScaleConfig
	}{
		{
			name: "inline tables and array of tables",
			toml: `[scales.a]
levels = [{value = 1, score = 0, label = "En"}, {value = "2", score = 100.0, label = {nb = "To"}, description = "Beste"}]
[scales.b]
kind = "check"
[[scales.b.levels]]
value = "ok"
score = 100
label = "OK"`,
			want: map[string]ScaleConfig{
				"a": {Levels: []LevelConfig{
					{Value: "1", Score: intp(0), Label: Text{"*": "En"}},
					{Value: "2", Score: intp(100), Label: Text{"nb": "To"}, Description: Text{"*": "Beste"}},
				}},
				"b": {Kind: "check", Levels: []LevelConfig{{Value: "ok", Score: intp(100), Label: Text{"*": "OK"}}}},
			},
		},
		{
			name: "wrong types and unknown keys",
			toml: `[scales]
x = "status"
[scales.a]
kind = 1
colour = "red"
levels = [{value = true, score = "high", label = 2, lable = "A"}]
[scales.b]
levels = "ja, nei"
[scales.c]
levels = [{value = "a", score = 2.5, label = "A"}]`,
			errs: []string{
				"scales.a.colour", "scales.a.kind",
				"scales.a.levels[0].label", "scales.a.levels[0].lable", "scales.a.levels[0].score", "scales.a.levels[0].value",
				"scales.b.levels", "scales.c.levels[0].score", "scales.x",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var raw struct {
				Scales map[string]any `toml:"scales"`
			}
			if _, err := toml.Decode(tt.toml, &raw); err != nil {
				t.Fatal(err)
			}
			got, err := DecodeScales(raw.Scales)
			if f := fields(err); !reflect.DeepEqual(f, tt.errs) {
				t.Fatalf("error fields = %q, want %q\n%v", f, tt.errs, err)
			}
			if err != nil && !strings.Contains(err.Error(), `scales.a.levels[0].lable: unknown setting (did you mean "label"?)`) {
				t.Errorf("no suggestion for a misspelt key: %v", err)
			}
			if tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

// A configured scale with a mistake is still a scale: the mistake is
// reported once, and a page that names the scale is not also told that it
// is not defined.
func TestBrokenScaleIsStillDefined(t *testing.T) {
	score := 100
	custom := map[string]ScaleConfig{
		"tiltak": {Levels: []LevelConfig{{Value: "ja", Score: &score, Label: Text{"*": "Ja"}}, {Value: "nei", Label: Text{"*": "Nei"}}}},
		"boks":   {Kind: "check"},
	}
	scales, err := Scales("nb", custom)
	if err == nil || !strings.Contains(err.Error(), "scales.tiltak.levels[1].score: missing") {
		t.Errorf("error = %v", err)
	}
	s, ok := scales["tiltak"]
	if !ok || len(s.Levels) != 2 || s.Levels[0].Label != "Ja" {
		t.Errorf("tiltak = %+v, %v", s, ok)
	}
	if b, ok := scales["boks"]; !ok || b.IsCheck() {
		t.Errorf("a check scale without its level must not be shown as a checkbox: %+v %v", b, ok)
	}
}
