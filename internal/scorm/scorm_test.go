package scorm

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tdewolff/parse/v2"
	htmllex "github.com/tdewolff/parse/v2/html"

	"github.com/varde-portal/varde/internal/build"
	"github.com/varde-portal/varde/internal/diag"
)

// The test site (testdata/site) has one course, kurs/phishing, in bokmål
// and nynorsk: two quizzes, an image and a PDF beside it, links to a guide
// of the portal, to another site and within the page. Its baseURL has a
// path (/portal/), so that every rewritten URL has to drop it.

var testTime = time.Date(2025, 3, 3, 12, 0, 0, 0, time.UTC)

func export(t *testing.T, src, id, lang string) *Package {
	t.Helper()
	pkg, diags, err := Export(context.Background(), build.Options{Source: src, Now: testTime}, id, lang)
	if err != nil {
		t.Fatalf("export %s: %v\n%v", id, err, diags)
	}
	return pkg
}

// unzip writes the package as a zip and reads it back: the tests check
// what a platform receives.
func unzip(t *testing.T, pkg *Package) (names []string, files map[string][]byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := pkg.WriteZip(&buf, testTime); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	files = map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if _, dup := files[f.Name]; dup {
			t.Errorf("the zip holds %s twice", f.Name)
		}
		names = append(names, f.Name)
		files[f.Name] = b
	}
	return names, files
}

// The manifest as the tests read it: encoding/xml resolves the namespaces,
// so a wrong or missing namespace shows as a missing element or attribute.
type xManifest struct {
	XMLName    xml.Name `xml:"http://www.imsproject.org/xsd/imscp_rootv1p1p2 manifest"`
	Identifier string   `xml:"identifier,attr"`
	Metadata   struct {
		Schema        string `xml:"http://www.imsproject.org/xsd/imscp_rootv1p1p2 schema"`
		SchemaVersion string `xml:"http://www.imsproject.org/xsd/imscp_rootv1p1p2 schemaversion"`
	} `xml:"http://www.imsproject.org/xsd/imscp_rootv1p1p2 metadata"`
	Organizations struct {
		Default string `xml:"default,attr"`
		List    []struct {
			Identifier string `xml:"identifier,attr"`
			Title      string `xml:"http://www.imsproject.org/xsd/imscp_rootv1p1p2 title"`
			Items      []struct {
				Identifier    string `xml:"identifier,attr"`
				IdentifierRef string `xml:"identifierref,attr"`
				Title         string `xml:"http://www.imsproject.org/xsd/imscp_rootv1p1p2 title"`
				MasteryScore  string `xml:"http://www.adlnet.org/xsd/adlcp_rootv1p2 masteryscore"`
			} `xml:"http://www.imsproject.org/xsd/imscp_rootv1p1p2 item"`
		} `xml:"http://www.imsproject.org/xsd/imscp_rootv1p1p2 organization"`
	} `xml:"http://www.imsproject.org/xsd/imscp_rootv1p1p2 organizations"`
	Resources struct {
		List []struct {
			Identifier string `xml:"identifier,attr"`
			Type       string `xml:"type,attr"`
			ScormType  string `xml:"http://www.adlnet.org/xsd/adlcp_rootv1p2 scormtype,attr"`
			Href       string `xml:"href,attr"`
			Files      []struct {
				Href string `xml:"href,attr"`
			} `xml:"http://www.imsproject.org/xsd/imscp_rootv1p1p2 file"`
		} `xml:"http://www.imsproject.org/xsd/imscp_rootv1p1p2 resource"`
	} `xml:"http://www.imsproject.org/xsd/imscp_rootv1p1p2 resources"`
}

// wellFormed reads every token of an XML document.
func wellFormed(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func hrefName(t *testing.T, href string) string {
	t.Helper()
	u, err := url.Parse(href)
	if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "/") {
		t.Errorf("manifest href %q is not a relative path in the package", href)
		return href
	}
	return u.Path
}

func TestManifest(t *testing.T) {
	for _, tc := range []struct {
		lang, title, mastery string
	}{
		{"nb", "Phishing & passord", "75"},
		{"nn", "Phishing og passord", "80"}, // no pass: in the nynorsk page
	} {
		t.Run(tc.lang, func(t *testing.T) {
			names, files := unzip(t, export(t, "testdata/site", "kurs/phishing", tc.lang))
			if len(names) == 0 || names[0] != ManifestName {
				t.Errorf("the zip starts with %v, want %s first", names, ManifestName)
			}
			raw := files[ManifestName]
			if err := wellFormed(raw); err != nil {
				t.Fatalf("imsmanifest.xml is not well-formed: %v\n%s", err, raw)
			}
			var m xManifest
			if err := xml.Unmarshal(raw, &m); err != nil {
				t.Fatal(err)
			}
			if m.Identifier == "" || strings.ContainsAny(m.Identifier[:1], "0123456789-.") || strings.ContainsAny(m.Identifier, " /:") {
				t.Errorf("manifest identifier %q is not an xs:ID", m.Identifier)
			}
			if m.Metadata.Schema != "ADL SCORM" || m.Metadata.SchemaVersion != "1.2" {
				t.Errorf("metadata: schema %q version %q, want ADL SCORM 1.2", m.Metadata.Schema, m.Metadata.SchemaVersion)
			}
			orgs := m.Organizations.List
			if len(orgs) != 1 || orgs[0].Identifier != m.Organizations.Default || len(orgs[0].Items) != 1 {
				t.Fatalf("want one organization, the default, with one item: %+v", m.Organizations)
			}
			item := orgs[0].Items[0]
			if orgs[0].Title != tc.title || item.Title != tc.title {
				t.Errorf("titles %q, %q; want %q", orgs[0].Title, item.Title, tc.title)
			}
			if item.MasteryScore != tc.mastery {
				t.Errorf("adlcp:masteryscore %q, want %q", item.MasteryScore, tc.mastery)
			}
			res := m.Resources.List
			if len(res) != 1 {
				t.Fatalf("want one resource, got %d", len(res))
			}
			r := res[0]
			if r.Identifier != item.IdentifierRef || r.Type != "webcontent" || r.ScormType != "sco" || r.Href != LaunchName {
				t.Errorf("resource %+v: want identifier %q, type webcontent, adlcp:scormtype sco, href %s", r, item.IdentifierRef, LaunchName)
			}
			named := map[string]bool{}
			for _, f := range r.Files {
				name := hrefName(t, f.Href)
				named[name] = true
				if _, ok := files[name]; !ok {
					t.Errorf("the manifest names %s, which the zip does not hold", name)
				}
			}
			if !named[LaunchName] {
				t.Errorf("the manifest does not list the launch page %s", LaunchName)
			}
			for _, name := range names {
				if name != ManifestName && !named[name] {
					t.Errorf("the zip holds %s, which the manifest does not name", name)
				}
			}
		})
	}
}

// tag is a start tag of the launch page, with its attributes.
type tag struct {
	name  string
	attrs map[string]string
	text  string // for <script>: its content
}

func tags(t *testing.T, page []byte) []tag {
	t.Helper()
	lx := htmllex.NewLexer(parse.NewInputBytes(bytes.Clone(page)))
	var out []tag
	for {
		tt, _ := lx.Next()
		switch tt {
		case htmllex.ErrorToken:
			return out
		case htmllex.StartTagToken:
			tg := tag{name: string(lx.Text()), attrs: map[string]string{}}
			as, _ := readAttrs(lx)
			for _, a := range as {
				tg.attrs[a.key] = a.val
			}
			out = append(out, tg)
		case htmllex.TextToken:
			if n := len(out); n > 0 && out[n-1].name == "script" {
				out[n-1].text += string(lx.Text())
			}
		}
	}
}

func TestLaunchPage(t *testing.T) {
	_, files := unzip(t, export(t, "testdata/site", "kurs/phishing", ""))
	page := files[LaunchName]
	all := tags(t, page)

	var scripts []string
	links := map[string]tag{} // by link text's start: href → tag
	for _, tg := range all {
		for k, v := range tg.attrs {
			if strings.HasPrefix(k, "on") {
				t.Errorf("<%s %s=…>: event handler attributes break a strict CSP", tg.name, k)
			}
			if k == "style" {
				t.Errorf("<%s style=%q>: inline style breaks a strict CSP", tg.name, v)
			}
		}
		switch tg.name {
		case "script":
			if strings.TrimSpace(tg.text) != "" || tg.attrs["src"] == "" {
				t.Errorf("inline script in the launch page: %q", tg.text)
			}
			scripts = append(scripts, tg.attrs["src"])
		case "a":
			links[tg.attrs["href"]] = tg
		}
		// Everything the browser loads must be in the package.
		for _, attr := range []string{"src", "href"} {
			v, ok := tg.attrs[attr]
			if !ok || (attr == "href" && tg.name == "a") {
				continue
			}
			name := hrefName(t, v)
			if _, ok := files[name]; !ok {
				t.Errorf("<%s %s=%q> loads a file the package does not hold", tg.name, attr, v)
			}
		}
	}
	// The adapter first, so it listens before quiz.js reports a restored
	// result; then the nb bundle; then the course and quiz modules.
	if len(scripts) < 4 || scripts[0] != AdapterName || !strings.HasPrefix(scripts[1], "js/varde.nb.") ||
		!strings.HasPrefix(strings.Join(scripts[2:], " "), "js/course.") || !strings.Contains(strings.Join(scripts[2:], " "), "js/quiz.") {
		t.Errorf("scripts %v: want %s, the nb bundle, then the course and quiz modules", scripts, AdapterName)
	}

	for _, tc := range []struct {
		href      string
		newWindow bool
	}{
		{"https://test.example.no/portal/veiledere/phishing/#slik-kjenner-du-igjen-phishing", true}, // another page: public address
		{"kurs/sjekkliste.pdf", true}, // a file beside the course: in the package
		{"https://nsm.no/", true},     // another site
		{"#passord", false},           // within the page
	} {
		a, ok := links[tc.href]
		if !ok {
			t.Errorf("no link to %s; links: %v", tc.href, keys(links))
			continue
		}
		if got := a.attrs["target"] == "_blank" && strings.Contains(a.attrs["rel"], "noopener"); got != tc.newWindow {
			t.Errorf("link %s: opens a new window %v, want %v (%v)", tc.href, got, tc.newWindow, a.attrs)
		}
	}

	var body tag
	for _, tg := range all {
		if tg.name == "body" {
			body = tg
		}
	}
	for k, want := range map[string]string{"data-type": "course", "data-id": "kurs/phishing", "data-pass": "75", "data-lang": "nb"} {
		if body.attrs[k] != want {
			t.Errorf("<body %s=%q>, want %q", k, body.attrs[k], want)
		}
	}
	s := string(page)
	for _, want := range []string{`<main id="main"`, `data-quiz="phishing"`, `data-quiz="passord"`, `class="course-certificate"`, `<img src="kurs/varsel.svg"`, "(åpnes i et nytt vindu)"} {
		if !strings.Contains(s, want) {
			t.Errorf("the launch page lacks %s", want)
		}
	}
	for _, gone := range []string{"site-header", "site-footer", "breadcrumbs", omitAttr, "mine-kurs", "<!--"} {
		if strings.Contains(s, gone) {
			t.Errorf("the launch page still has %s", gone)
		}
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestZipIsReproducible(t *testing.T) {
	pkg := export(t, "testdata/site", "kurs/phishing", "")
	var a, b bytes.Buffer
	if err := pkg.WriteZip(&a, testTime); err != nil {
		t.Fatal(err)
	}
	if err := pkg.WriteZip(&b, testTime); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same package and time gave different zips")
	}
}

func TestExportErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src, id, lang string
		check               func(t *testing.T, err error, diags []diag.Diagnostic)
	}{
		{"unknown id", "testdata/site", "kurs/borte", "", func(t *testing.T, err error, _ []diag.Diagnostic) {
			var u *UnknownCourseError
			if !errors.As(err, &u) || u.Type != "" || strings.Join(u.Courses, ",") != "kurs/phishing" {
				t.Fatalf("err %v, want an UnknownCourseError listing kurs/phishing", err)
			}
			if !strings.Contains(err.Error(), `"kurs/borte"`) || !strings.Contains(err.Error(), "kurs/phishing") {
				t.Errorf("message %q names neither the id nor the courses", err)
			}
		}},
		{"not a course", "testdata/site", "veiledere/phishing", "", func(t *testing.T, err error, _ []diag.Diagnostic) {
			var u *UnknownCourseError
			if !errors.As(err, &u) || u.Type != "onepager" || !strings.Contains(err.Error(), "not a course") {
				t.Fatalf("err %v, want an UnknownCourseError saying the page is a onepager", err)
			}
		}},
		{"unknown language", "testdata/site", "kurs/phishing", "se", func(t *testing.T, err error, _ []diag.Diagnostic) {
			if !errors.Is(err, ErrUnknownLanguage) || !strings.Contains(err.Error(), "nb, nn") {
				t.Fatalf("err %v, want ErrUnknownLanguage naming nb, nn", err)
			}
		}},
		{"image from another site", "testdata/external", "kurs/bilde", "", func(t *testing.T, err error, diags []diag.Diagnostic) {
			var fail *diag.Failure
			if !errors.As(err, &fail) {
				t.Fatalf("err %v, want a *diag.Failure", err)
			}
			found := false
			for _, d := range diags {
				if d.Severity == diag.Error && d.File == "content/kurs/bilde.md" && d.Line == 6 && strings.Contains(d.Msg, "https://cdn.example.org/logo.png") {
					found = true
				}
			}
			if !found {
				t.Errorf("no error at content/kurs/bilde.md:6 naming the image; diagnostics: %v", diags)
			}
		}},
		{"no site", "testdata/none", "kurs/phishing", "", func(t *testing.T, err error, _ []diag.Diagnostic) {
			if err == nil || !strings.Contains(err.Error(), "testdata/none") {
				t.Fatalf("err %v, want one naming the folder", err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pkg, diags, err := Export(context.Background(), build.Options{Source: tc.src, Now: testTime}, tc.id, tc.lang)
			if err == nil {
				t.Fatalf("export succeeded with %v, want an error", pkg.Names())
			}
			tc.check(t, err, diags)
		})
	}
}
