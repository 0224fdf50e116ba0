package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/varde-portal/varde/internal/browsertest"
	"github.com/varde-portal/varde/internal/testsite"
)

// TestSurveyComparison drives the regional survey (docs/modenhet.md) in
// Chromium: a reader answers the checklist, sees on the survey page the
// exact share file they would send (answers only), and compares their own
// answers with the region's medians, from this browser's storage and from
// a share file chosen locally, the questions where they lag most first.
// The survey page passes axe, the CSP and the phone width like any page.
func TestSurveyComparison(t *testing.T) {
	t.Parallel()
	bundled(t) // the binary
	src := testsite.New(t, map[string]string{
		"config.toml":          "title = \"Region\"\n[languages.nb]\n[languages.nn]\n\n[[surveys]]\nname = \"region\"\ntitle = \"Modenhet i regionen\"\nchecklist = \"sjekk\"\ndir = \"svar\"\nk = 3\n",
		"content/_index.md":    "---\ntitle: Forside\n---\n",
		"content/_index.nn.md": "---\ntitle: Forside\n---\n",
		"content/sjekk.md": "---\ntitle: Sjekk\nid: sjekk\ntype: checklist\ndescription: Egenvurdering.\nscale: maturity\n---\n" +
			"## Styring {#styring nsm=\"1.1\"}\n\n- [ ] Har dere mål? {#mal}\n- [ ] Er ansvaret fordelt? {#ansvar}\n\n" +
			"## Drift {#drift nsm=\"2.1\"}\n\n- [ ] Har dere kopier? {#kopi}\n- [ ] Logger dere? {#logg}\n",
		"content/sjekk.nn.md": "---\ntitle: Sjekk\nid: sjekk\ntype: checklist\ndescription: Eigenvurdering.\nscale: maturity\n---\n" +
			"## Styring {#styring nsm=\"1.1\"}\n\n- [ ] Har de mål? {#mal}\n- [ ] Er ansvaret fordelt? {#ansvar}\n\n" +
			"## Drift {#drift nsm=\"2.1\"}\n\n- [ ] Har de kopiar? {#kopi}\n- [ ] Loggar de? {#logg}\n",
		"svar/.keep": "",
	})
	public := filepath.Join(t.TempDir(), "public")
	build := func() {
		t.Helper()
		if out, err := run(src, built.bin, "build", "-s", src, "-d", public); err != nil {
			t.Fatalf("build: %v\n%s", err, out)
		}
	}
	build()
	page, err := os.ReadFile(filepath.Join(public, "sjekk", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`data-version="?([0-9a-f]{16})`).FindSubmatch(page)
	if m == nil {
		t.Fatal("the checklist page has no share box with a version")
	}
	version := string(m[1])
	// The region: mal 3,3,3,4 (median 3); ansvar 4,4,4,3 (4); kopi
	// 2,2,3,2 (2); logg 3 everywhere.
	region := []map[string]string{
		{"mal": "3", "ansvar": "4", "kopi": "2", "logg": "3"},
		{"mal": "3", "ansvar": "4", "kopi": "2", "logg": "3"},
		{"mal": "3", "ansvar": "4", "kopi": "3", "logg": "3"},
		{"mal": "4", "ansvar": "3", "kopi": "2", "logg": "3"},
	}
	for i, a := range region {
		b, _ := json.Marshal(map[string]any{"format": "varde-survey", "version": 1, "checklist": "sjekk", "checklistVersion": version,
			"org": fmt.Sprintf("Kommune %d", i), "orgnr": "", "role": []string{"it", "kommunedirektor"}[i%2], "answers": a})
		if err := os.WriteFile(filepath.Join(src, "svar", fmt.Sprintf("k%d.json", i)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build()

	p := browsertest.NewPage(t, browsertest.Serve(t, public, "/"))
	p.Navigate("/sjekk/")
	p.WaitFor(`document.querySelectorAll("fieldset.cq[data-q]").length === 4`)
	// The reader's answers: mal 1 (2 below the median), ansvar 3 (1
	// below), kopi 4 (2 above), logg 3 (level); and an action note, which
	// must never reach the share file.
	browsertest.Eval[bool](p, `(() => {
	  for (const [id, v] of [["mal", "1"], ["ansvar", "3"], ["kopi", "4"], ["logg", "3"]]) {
	    const i = document.querySelector('fieldset.cq[data-q="' + id + '"] input[value="' + v + '"]');
	    i.checked = true;
	    i.dispatchEvent(new Event("change", {bubbles: true}));
	  }
	  const a = document.querySelector('fieldset.cq[data-q="mal"] [data-field="action"]');
	  if (a) { a.value = "Hemmelig tiltak"; a.dispatchEvent(new Event("change", {bubbles: true})); }
	  return true;
	})()`)
	p.WaitFor(`!!localStorage.getItem(Object.keys(localStorage).find(k => k.endsWith(":cq:logg")) || "x")`)

	p.Navigate("/modenhet/region/")
	p.WaitVisible(".sv-compare-form")
	p.WaitVisible(".sv-share-form")
	var preview map[string]any
	if err := json.Unmarshal([]byte(browsertest.Eval[string](p, `document.querySelector(".sv-share .sv-preview").textContent`)), &preview); err != nil {
		t.Fatalf("the preview is not the JSON file: %v", err)
	}
	if got := fmt.Sprint(preview["answers"]); got != "map[ansvar:3 kopi:4 logg:3 mal:1]" {
		t.Errorf("share file answers = %s", got)
	}
	if preview["format"] != "varde-survey" || preview["checklist"] != "sjekk" || preview["checklistVersion"] != version {
		t.Errorf("share file = %v", preview)
	}
	if s := browsertest.Eval[string](p, `document.querySelector(".sv-share .sv-preview").textContent`); strings.Contains(s, "Hemmelig") || strings.Contains(s, "action") {
		t.Errorf("the share file holds the action note: %s", s)
	}
	// A wrong organisation number keeps the file from being saved.
	browsertest.Eval[bool](p, `(() => { const i = document.querySelector('.sv-share [data-field="orgnr"]'); i.value = "123"; i.dispatchEvent(new Event("input")); return true; })()`)
	if !browsertest.Eval[bool](p, `document.querySelector(".sv-share .sv-save").disabled`) {
		t.Error("save is possible with a wrong organisation number")
	}

	rows := `[...document.querySelectorAll(".sv-compare-out table:last-of-type tbody tr")].map(r => [...r.children].map(c => c.textContent.trim()).join(" | "))`
	p.Click(".sv-load-stored")
	p.WaitFor(`document.querySelectorAll(".sv-compare-out table").length === 2`)
	got := browsertest.Eval[[]string](p, rows)
	want := []string{
		"Har dere mål? | 1,0 | 3,0 (3,0–3,3) | −2,0",
		"Er ansvaret fordelt? | 3,0 | 4,0 (3,8–4,0) | −1,0",
		"Logger dere? | 3,0 | 3,0 (3,0–3,0) | 0,0",
		"Har dere kopier? | 4,0 | 2,0 (2,0–2,3) | +2,0",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("comparison by question:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	areas := browsertest.Eval[[]string](p, `[...document.querySelector(".sv-compare-out table").querySelectorAll("tbody tr")].map(r => r.children[0].textContent + " " + r.children[1].textContent)`)
	if strings.Join(areas, "; ") != "Styring 2,0; Drift 3,5" {
		t.Errorf("comparison by area: %q", areas)
	}

	// A share file chosen locally instead: mal at 4 now leads the region.
	file := filepath.Join(t.TempDir(), "egen.json")
	b, _ := json.Marshal(map[string]any{"format": "varde-survey", "version": 1, "checklist": "sjekk", "checklistVersion": version,
		"org": "", "orgnr": "", "role": "it", "answers": map[string]string{"mal": "4", "kopi": "1"}})
	os.WriteFile(file, b, 0o644)
	p.Do("choose a share file", chromedp.SetUploadFiles(chromedp.CSS("#sv-file"), []string{file}))
	p.WaitFor(`document.querySelector(".sv-status").textContent.includes("2 av svarene")`)
	got = browsertest.Eval[[]string](p, rows)
	if len(got) != 2 || !strings.HasPrefix(got[0], "Har dere kopier? | 1,0") || !strings.HasPrefix(got[1], "Har dere mål? | 4,0") {
		t.Errorf("comparison from a file: %q", got)
	}

	p.AssertAxeClean()
	p.AssertNoCSPViolations()
	p.AssertNoConsoleErrors()
	p.SetViewport(browsertest.PhoneWidth, 740, true)
	p.AssertNoHorizontalScroll()
	p.Navigate("/nn/modenhet/region/")
	p.WaitVisible(".sv-compare-form")
	p.AssertAxeClean()
	p.AssertNoHorizontalScroll()
	browsertest.Figure(t, "survey: share preview holds answers only; comparison from storage and from a file, lag first; axe, CSP, 360 px clean")
}
