package build

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/output"
	"github.com/varde-portal/varde/internal/survey"
	"github.com/varde-portal/varde/internal/testsite"
)

const surveyConfig = `title = "Testportal"
baseURL = "https://test.example.no/"
[languages.nb]
name = "Bokmål"
[languages.nn]
name = "Nynorsk"

[[editions]]
name = "2024"
dir = "editions/2024"

[[surveys]]
name = "region"
title = "Modenhet i regionen"
checklist = "sjekk"
dir = "modenhet/region"
k = 3
`

// surveySite writes a site with a maturity checklist (nb and nn), an
// edition in which one question was worded otherwise, and the share files
// given.
func writeSurveySite(t *testing.T, files map[string]string) string {
	t.Helper()
	check := func(q2 string) string {
		return page("title: Sjekk\nid: sjekk\ntype: checklist\nscale: maturity\n",
			"## Styring {#styring nsm=\"1.1\"}\n\n- [ ] Har dere mål? {#mal}\n- [ ] "+q2+" {#ansvar}\n\n## Drift {#drift nsm=\"2.1\"}\n\n- [ ] Har dere kopier? {#kopi}\n")
	}
	all := map[string]string{
		"config.toml":                     surveyConfig,
		"content/_index.md":               page("title: Testportal\n", "Velkommen.\n"),
		"content/_index.nn.md":            page("title: Testportal\n", "Velkomen.\n"),
		"content/sjekk.md":                check("Er ansvaret fordelt?"),
		"content/sjekk.nn.md":             check("Er ansvaret fordelt, nynorsk?"),
		"editions/2024/content/_index.md": page("title: Testportal\n", "Velkommen.\n"),
		"editions/2024/content/sjekk.md":  check("Har noen ansvaret?"),
		"modenhet/region/.keep":           "",
	}
	for k, v := range files {
		all[k] = v
	}
	dir := t.TempDir()
	testsite.Write(t, dir, all)
	return dir
}

// shareFile writes a share file of the survey's checklist for version.
func shareFile(org, role, version string, answers map[string]string) string {
	b, _ := json.MarshalIndent(map[string]any{"format": "varde-survey", "version": 1, "checklist": "sjekk", "checklistVersion": version,
		"org": org, "orgnr": "", "role": role, "answers": answers}, "", "  ")
	return string(b)
}

// versions returns the current bokmål version and the edition's.
func versions(t *testing.T, dir string) (cur, old string) {
	t.Helper()
	l, err := Load(context.Background(), Options{Source: dir, NoHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	def, err := SurveyDefinition(l, "region")
	if err != nil {
		t.Fatal(err)
	}
	for id, v := range def.Versions {
		switch {
		case v.Current() && v.Lang == "nb":
			cur = id
		case !v.Current():
			old = id
		}
	}
	return cur, old
}

func buildSurvey(t *testing.T, dir string, strict bool) (*Result, *output.Memory, error) {
	t.Helper()
	noMinify := false
	l, err := Load(context.Background(), Options{Source: dir, NoHistory: true, Strict: strict, Minify: &noMinify})
	if err != nil {
		return &Result{Diags: l.Diags}, nil, err
	}
	out := output.NewMemory()
	if ds := Render(l, out); len(ds) > 0 {
		t.Fatal(ds)
	}
	return &Result{Diags: l.Diags}, out, nil
}

func TestSurveyPages(t *testing.T) {
	dir := writeSurveySite(t, nil)
	cur, old := versions(t, dir)
	files := map[string]string{}
	for i := 0; i < 4; i++ {
		files[fmt.Sprintf("modenhet/region/it-%d.json", i)] = shareFile(fmt.Sprintf("Kommune %d", i), "it", cur, map[string]string{"mal": "3", "ansvar": "2", "kopi": "4"})
	}
	for i := 0; i < 3; i++ {
		files[fmt.Sprintf("modenhet/region/kd-%d.json", i)] = shareFile(fmt.Sprintf("Kommune %d", i), "kommunedirektor", old, map[string]string{"mal": "1", "ansvar": "1", "kopi": "2"})
	}
	files["modenhet/region/pvo.json"] = shareFile("Kommune 9", "personvernombud", cur, map[string]string{"mal": "4"})
	files["modenhet/region/broken.json"] = "{\n\"format\": \"varde-survey\",\n\"version\": 1,\n\"checklist\": \"sjekk\",\n\"checklistVersion\": \"" + cur + "\",\n\"role\": \"it\",\n\"answers\": {\"mal\": \"5\"}\n}\n"
	files["modenhet/region/README.md"] = "Svar fra kommunene.\n"
	testsite.Write(t, dir, files)

	res, out, err := buildSurvey(t, dir, false)
	if err != nil {
		t.Fatal(err)
	}
	var warned []string
	for _, d := range res.Diags {
		if d.Severity == diag.Warning && strings.HasPrefix(d.File, "modenhet/") {
			warned = append(warned, d.String())
		}
	}
	if len(warned) != 1 || !strings.Contains(warned[0], `modenhet/region/broken.json:7: warning: answers.mal: "5" is not a value`) {
		t.Errorf("warnings = %q", warned)
	}
	nb, _ := out.Get("modenhet/region/index.html")
	nn, _ := out.Get("nn/modenhet/region/index.html")
	if len(nb) == 0 || len(nn) == 0 {
		t.Fatalf("no survey pages: %v", out.Names())
	}
	page := string(nb)
	for _, want := range []string{
		"8 organisasjoner har svart", // 4 + 3 + 1 counted, the broken one not
		// mal: 3,3,3,3 (it), 1,1,1 (kd, from 2024, where mal read the
		// same), 4 (pvo)
		`data-q="mal"`, `data-median="3" data-q1="1" data-q3="3"`,
		"Svar på spørsmål som er endret", // ansvar from 2024 kept apart
		"Har noen ansvaret?", "Utgave 2024, omformulert siden",
		"modenhet-region.csv", "modenhet-region.json",
		"Del svarene med samarbeidet", `data-version="` + cur + `"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the survey page lacks %q", want)
		}
	}
	// personvernombud: one respondent, hidden together with a complement;
	// nowhere a count of 1.
	if regexp.MustCompile(`Personvernombud</th><td>1<`).MatchString(page) {
		t.Error("a role of one respondent is shown")
	}
	if !strings.Contains(string(nn), "Er ansvaret fordelt, nynorsk?") || !strings.Contains(string(nn), "Modenheit per område") {
		t.Error("the nynorsk page is not in nynorsk")
	}
	// The checklist page carries the share box with the version the
	// build knows, in both languages.
	for _, f := range []string{"sjekk/index.html", "nn/sjekk/index.html"} {
		b, _ := out.Get(f)
		if !strings.Contains(string(b), `class="sv-share"`) || !strings.Contains(string(b), `data-ids="mal ansvar kopi"`) {
			t.Errorf("%s has no share box", f)
		}
	}
	csv, _ := out.Get("modenhet/region/modenhet-region.csv")
	if !strings.Contains(string(csv), `"question";"mal";"Har dere mål?";"8";"1,0";"3,0";"3,0"`) {
		t.Errorf("CSV:\n%s", csv)
	}
	if !strings.Contains(string(csv), `"role";"personvernombud";"Personvernombud";"<3"`) {
		t.Errorf("CSV does not hide the small role:\n%s", csv)
	}
	js, _ := out.Get("modenhet/region/modenhet-region.json")
	var got survey.Result
	if err := json.Unmarshal(js, &got); err != nil || got.N != 8 || got.K != 3 {
		t.Errorf("JSON: %v, %+v", err, got)
	}
	// What the JSON publishes holds no group under k.
	for _, r := range got.Roles {
		if !r.Hidden && r.Count > 0 && r.Count < 3 {
			t.Errorf("JSON shows role %s with %d", r.Role, r.Count)
		}
	}

	// --strict: the broken file stops the build.
	res, _, err = buildSurvey(t, dir, true)
	if err == nil {
		t.Fatal("strict build with a broken share file succeeded")
	}
	if s := fmt.Sprint(res.Diags); !strings.Contains(s, "modenhet/region/broken.json:7: error: answers.mal") {
		t.Errorf("strict diagnostics: %s", s)
	}
}

func TestSurveyConfigErrors(t *testing.T) {
	dir := writeSurveySite(t, map[string]string{"config.toml": strings.Replace(surveyConfig, `checklist = "sjekk"`, `checklist = "sjek"`, 1)})
	_, err := Load(context.Background(), Options{Source: dir, NoHistory: true})
	if err == nil || !strings.Contains(err.Error(), `config.toml:15: error: surveys[0].checklist: no page has the id "sjek" (did you mean "sjekk"?)`) {
		t.Errorf("err = %v", err)
	}
}

func TestSurveyFewerThanK(t *testing.T) {
	dir := writeSurveySite(t, nil)
	cur, _ := versions(t, dir)
	testsite.Write(t, dir, map[string]string{
		"modenhet/region/a.json": shareFile("A", "it", cur, map[string]string{"mal": "1"}),
		"modenhet/region/b.json": shareFile("B", "it", cur, map[string]string{"mal": "4"}),
	})
	_, out, err := buildSurvey(t, dir, false)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := out.Get(filepath.ToSlash("modenhet/region/index.html"))
	if !strings.Contains(string(b), "Færre enn 3 har svart") || strings.Contains(string(b), "data-median") {
		t.Errorf("two files with k=3 show figures")
	}
	csv, _ := out.Get("modenhet/region/modenhet-region.csv")
	if strings.Count(string(csv), "\n") != 2 {
		t.Errorf("CSV with fewer than k: %s", csv)
	}
}
