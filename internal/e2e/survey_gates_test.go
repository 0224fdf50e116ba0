package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/varde-portal/varde/internal/browsertest"
)

// The site-wide gates run over the bundled portal, which has no survey. So
// that a survey's pages (docs/modenhet.md) meet every gate too, with the
// real theme, header and checklist, surveyPortal builds a temporary copy of
// the bundled portal with one [[surveys]] block on its kommunedirektør
// checklist and a generated folder of share files, and the tests below put
// its survey pages (bokmål and nynorsk) and the surveyed checklist pages,
// which carry the share box, through the same checks as the portal: axe in
// light and dark mode, the strict CSP, same-origin requests and no cookies
// (privacy), no script error, the phone width, vnu, and the static checks
// (links, head, sitemap, inline code, external resources). The bundled
// portal itself is left as it is.

// surveyChecklist is the bundled checklist the survey is about.
const surveyChecklist = "verktoykasse/kommunedirektorens-kontrollsporsmal"

var surveyBuilt struct {
	once  sync.Once
	site  *site
	pages []*doc // the survey's and the checklist's pages, nb and nn
	err   error
}

// surveyPortal returns the built copy of the portal with a survey, and the
// pages the survey adds or changes.
func surveyPortal(t *testing.T) (*site, []*doc) {
	t.Helper()
	bundled(t) // the varde binary, and the bundled site it is copied from
	bundledContentOnly(t, "the survey is on the bundled kommunedirektør checklist")
	surveyBuilt.once.Do(func() {
		surveyBuilt.site, surveyBuilt.pages, surveyBuilt.err = buildSurveyPortal(filepath.Join(filepath.Dir(built.public), "survey"))
	})
	if surveyBuilt.err != nil {
		t.Fatalf("the portal with a survey did not build:\n%v", surveyBuilt.err)
	}
	return surveyBuilt.site, surveyBuilt.pages
}

// buildSurveyPortal copies the bundled portal's site files below tmp, adds
// the survey, builds once to learn the checklist's versions and question
// ids (as the share box publishes them), writes the share files and builds
// again.
func buildSurveyPortal(tmp string) (*site, []*doc, error) {
	src := filepath.Join(tmp, "site")
	for _, part := range []string{"content", "themes", "editions", "layouts", "assets", "static", "i18n", "data", "archetypes"} {
		from := filepath.Join(built.root, part)
		if _, err := os.Stat(from); err != nil {
			continue
		}
		if err := os.CopyFS(filepath.Join(src, part), os.DirFS(from)); err != nil {
			return nil, nil, fmt.Errorf("copy %s: %v", part, err)
		}
	}
	cfg, err := os.ReadFile(filepath.Join(built.root, "config.toml"))
	if err != nil {
		return nil, nil, err
	}
	cfg = append(cfg, []byte("\n[[surveys]]\nname = \"region\"\ntitle = \"Modenhet i regionen 2026\"\nchecklist = \""+surveyChecklist+"\"\ndir = \"modenhet/region\"\n")...)
	if err := writeFile(filepath.Join(src, "config.toml"), string(cfg)); err != nil {
		return nil, nil, err
	}
	shares := filepath.Join(src, "modenhet", "region")
	if err := os.MkdirAll(shares, 0o755); err != nil {
		return nil, nil, err
	}
	public := filepath.Join(tmp, "public")
	build := func() error {
		cmd := exec.Command(built.bin, "build", "-s", src, "-d", public)
		// The copy is not a repository; git must not find one above it.
		cmd.Env = append(os.Environ(), "GIT_CEILING_DIRECTORIES="+tmp)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("varde build -s %s: %v\n%s", src, err, out)
		}
		return nil
	}
	if err := build(); err != nil {
		return nil, nil, err
	}
	box := regexp.MustCompile(`class="sv-share"[^>]*data-version="([0-9a-f]+)" data-ids="([^"]*)"`)
	var versions []string
	var ids []string
	for _, f := range []string{surveyChecklist + "/index.html", "nn/" + surveyChecklist + "/index.html"} {
		page, err := os.ReadFile(filepath.Join(public, filepath.FromSlash(f)))
		if err != nil {
			return nil, nil, err
		}
		m := box.FindSubmatch(page)
		if m == nil {
			return nil, nil, fmt.Errorf("%s has no share box with a version and question ids", f)
		}
		versions = append(versions, string(m[1]))
		if ids == nil {
			// The checklist's own questions, on the maturity scale (its
			// collected questions from other pages are left out).
			for _, id := range strings.Fields(string(m[2])) {
				if strings.HasPrefix(id, "kd-") {
					ids = append(ids, id)
				}
			}
		}
	}
	if len(ids) < 10 {
		return nil, nil, fmt.Errorf("the checklist has only %d kd- questions: %v", len(ids), ids)
	}
	// 6 kommunedirektører and 6 IT leaders (groups of k = 5 and over) and
	// 2 personvernombud (a group under k, hidden); every fourth answered
	// in nynorsk; every organisation skips a few questions, so that some
	// questions have groups under k as well.
	roles := []string{"kommunedirektor", "kommunedirektor", "kommunedirektor", "kommunedirektor", "kommunedirektor", "kommunedirektor",
		"it", "it", "it", "it", "it", "it", "personvernombud", "personvernombud"}
	for i, role := range roles {
		answers := map[string]string{}
		for j, id := range ids {
			if (i+j)%11 == 0 || (j%9 == 4 && i%3 != 0) {
				continue
			}
			answers[id] = fmt.Sprint(1 + (i*7+j*3+i*j)%4)
		}
		b, err := json.MarshalIndent(map[string]any{"format": "varde-survey", "version": 1, "checklist": surveyChecklist,
			"checklistVersion": versions[min(i%4/3, 1)], "org": fmt.Sprintf("Kommune %d", i+1), "orgnr": "",
			"role": role, "answers": answers}, "", "  ")
		if err != nil {
			return nil, nil, err
		}
		if err := writeFile(filepath.Join(shares, fmt.Sprintf("svar-%02d.json", i+1)), string(b)); err != nil {
			return nil, nil, err
		}
	}
	if err := build(); err != nil {
		return nil, nil, err
	}
	s, err := scanSite(public)
	if err != nil {
		return nil, nil, err
	}
	var pages []*doc
	for _, p := range []string{"modenhet/region/", "nn/modenhet/region/", surveyChecklist + "/", "nn/" + surveyChecklist + "/"} {
		d := s.ByURL[s.Base.Path+p]
		if d == nil {
			return nil, nil, fmt.Errorf("the built copy has no page /%s", p)
		}
		pages = append(pages, d)
	}
	return s, pages, nil
}

// surveyShareFile writes a share file a reader might choose on the survey
// page to compare with the region.
func surveyShareFile(t *testing.T, page *doc, s *site) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(s.Dir, filepath.FromSlash(page.File)))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`class="sv-compare"[^>]*data-version="([0-9a-f]+)"`).FindSubmatch(src)
	if m == nil {
		t.Fatalf("%s has no comparison section with a version", page.File)
	}
	b, _ := json.Marshal(map[string]any{"format": "varde-survey", "version": 1, "checklist": surveyChecklist, "checklistVersion": string(m[1]),
		"org": "", "orgnr": "", "role": "it", "answers": map[string]string{"kd-ledelse-mal": "1", "kd-ledelse-ansvar": "4", "kd-tilgang-tofaktor": "2", "kd-avvik-rutine": "3"}})
	file := filepath.Join(t.TempDir(), "egne-svar.json")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestSurveyGates puts each survey page and surveyed checklist page,
// bokmål and nynorsk, through the browser gates of TestGates (axe in light
// and dark mode, CSP, same origin, no cookies, no script error) and the
// phone width, first as it loads and then on a survey page with the share
// form shown and a reader's comparison drawn by the script.
func TestSurveyGates(t *testing.T) {
	s, pages := surveyPortal(t)
	for _, d := range pages {
		t.Run(strings.Trim(d.URLPath, "/"), func(t *testing.T) {
			t.Parallel() // one tab each; two at a time on two cores
			srv := browsertest.Serve(t, s.Dir, s.Base.Path)
			p := browsertest.NewPage(t, srv)
			// The surveyed checklist, with the questions it collects, is
			// the portal's largest page: axe takes long on it on a busy
			// machine.
			p.Timeout = 3 * browsertest.DefaultTimeout
			p.Navigate(d.URLPath)
			// The script shows the share form; the gates see it shown.
			p.WaitVisible(".sv-share-form")
			survey := strings.Contains(d.URLPath, "/modenhet/")
			if survey {
				p.WaitVisible(".sv-compare-form")
				p.Do("choose a share file", chromedp.SetUploadFiles(chromedp.CSS("#sv-file"), []string{surveyShareFile(t, d, s)}))
				p.WaitFor(`document.querySelectorAll(".sv-compare-out table").length === 2`)
			}
			gate := func(when string) {
				t.Helper()
				for _, scheme := range []string{"light", "dark"} {
					p.EmulateMedia("", map[string]string{"prefers-color-scheme": scheme})
					r := p.AssertAxeClean()
					browsertest.Figure(t, "axe: %d violations on %s (%s, %s; %d rules passed)", len(r.Violations), d.URLPath, when, scheme, r.Passes)
				}
				p.EmulateMedia("", nil)
			}
			gate("1280 px")
			p.SetViewport(browsertest.PhoneWidth, 740, true)
			p.AssertNoHorizontalScroll()
			gate(fmt.Sprint(browsertest.PhoneWidth, " px"))
			n, foreign := p.AssertSameOrigin()
			p.AssertNoCookies()
			p.AssertNoConsoleErrors()
			browsertest.Figure(t, "survey gates: %s: %d requests, %d to another origin, %d cookies, %d CSP violations (comparison drawn: %v)",
				d.URLPath, n, foreign, len(p.Cookies()), p.AssertNoCSPViolations(), survey)
		})
	}
}

// TestSurveyValidHTML runs the Nu Html Checker over the survey pages and
// the surveyed checklist pages, bokmål and nynorsk.
func TestSurveyValidHTML(t *testing.T) {
	s, pages := surveyPortal(t)
	jar, err := browsertest.FindVNU()
	if err != nil {
		browsertest.Missing(t, err)
	}
	if _, err := exec.LookPath("java"); err != nil {
		browsertest.Missing(t, fmt.Errorf("java not found on PATH (Debian: apt-get install default-jre-headless)"))
	}
	var files []string
	for _, d := range pages {
		files = append(files, filepath.Join(s.Dir, filepath.FromSlash(d.File)))
	}
	msgs, n, err := runVNU(jar, files[0], files[1:]...)
	if err != nil {
		t.Fatal(err)
	}
	browsertest.Figure(t, "vnu: %d errors in %d survey and checklist pages", len(msgs), n)
	for _, m := range msgs {
		t.Errorf("vnu: %s", m.String(s.Dir))
	}
	if n != len(pages) {
		t.Errorf("vnu checked %d files, want %d", n, len(pages))
	}
}

// TestSurveyStatic runs the static checks on the copy with the survey:
// every internal link resolves (the links to the CSV and JSON of the
// figures included), every head names its page, the sitemap lists the
// survey's pages, no inline code, no resource from another origin. They
// run over the whole copy, since docAt and the sitemap need every page;
// the bundled portal's own pages pass them in the gates of static_test.go.
func TestSurveyStatic(t *testing.T) {
	s, pages := surveyPortal(t)
	links, n := checkLinks(s)
	report(t, "links with a survey: "+itoa(n)+" internal references", links)
	report(t, "head with a survey", checkHead(s))
	feeds, _ := checkFeeds(s)
	report(t, "sitemap.xml and feeds with a survey", feeds)
	report(t, "inline code with a survey", checkInlineCode(s))
	external, _ := checkExternalResources(s)
	report(t, "resources with a survey", external)
	for _, f := range []string{"modenhet/region/modenhet-region.csv", "nn/modenhet/region/modenhet-region.csv", "modenhet/region/modenhet-region.json"} {
		if !s.Files[f] {
			t.Errorf("the build wrote no %s", f)
		}
	}
	// The survey pages link to their figures, which checkLinks followed.
	for _, d := range pages[:2] {
		found := false
		for _, e := range d.Elements {
			found = found || (e.Tag == "a" && strings.HasSuffix(e.Attrs["href"], "modenhet-region.csv"))
		}
		if !found {
			t.Errorf("%s does not link to its CSV", d.File)
		}
	}
}
