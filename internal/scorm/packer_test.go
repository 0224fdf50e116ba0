package scorm

import (
	"context"
	"testing"

	"github.com/varde-portal/varde/internal/build"
	"github.com/varde-portal/varde/internal/output"
)

// packerFor loads the test site with a base URL and returns a packer for
// its course, with nothing rendered: links to files resolve to content
// resources only.
func packerFor(t *testing.T, baseURL string) *packer {
	t.Helper()
	l, err := build.Load(context.Background(), build.Options{Source: "testdata/site", BaseURL: baseURL, Now: testTime})
	if err != nil {
		t.Fatal(err)
	}
	course, err := FindCourse(l.Site, "kurs/phishing", "nb")
	if err != nil {
		t.Fatal(err)
	}
	return newPacker(l, course, output.NewMemory())
}

func TestLink(t *testing.T) {
	for _, tc := range []struct {
		base, href, want string
		newWindow        bool
	}{
		{"", "#passord", "#passord", false},
		{"", "", "", false},
		{"", "/portal/kurs/phishing/", "#main", false},
		{"", "/portal/kurs/phishing/#passord", "#passord", false},
		{"", "../phishing/#passord", "#passord", false},
		{"", "/portal/veiledere/phishing/", "https://test.example.no/portal/veiledere/phishing/", true},
		{"", "/portal/kurs/sjekkliste.pdf", "kurs/sjekkliste.pdf", true},
		{"", "../sjekkliste.pdf", "kurs/sjekkliste.pdf", true}, // relative to the page
		{"", "https://nsm.no/?q=1", "https://nsm.no/?q=1", true},
		{"", "mailto:personvern@example.no", "mailto:personvern@example.no", false},
		{"", "javascript:alert(1)", "", false},
		{"", "/annet-nettsted/", "", false},                    // outside the site's base path
		{"/portal/", "/portal/veiledere/phishing/", "", false}, // no public address: the link goes
		{"/portal/", "/portal/kurs/sjekkliste.pdf", "kurs/sjekkliste.pdf", true},
	} {
		k := packerFor(t, tc.base)
		got, newWindow := k.link(tc.href)
		if got != tc.want || newWindow != tc.newWindow {
			t.Errorf("base %q: link(%q) = %q, %v; want %q, %v", tc.base, tc.href, got, newWindow, tc.want, tc.newWindow)
		}
		if len(k.problems) > 0 {
			t.Errorf("link(%q): problems %v", tc.href, k.problems)
		}
	}
}

func TestResource(t *testing.T) {
	for _, tc := range []struct {
		src, want string
		problem   bool
	}{
		{"/portal/kurs/varsel.svg", "kurs/varsel.svg", false},
		{"../varsel.svg", "kurs/varsel.svg", false},
		{"data:image/gif;base64,R0lGODlhAQABAAAAACw=", "data:image/gif;base64,R0lGODlhAQABAAAAACw=", false},
		{"https://cdn.example.org/logo.png", "https://cdn.example.org/logo.png", true},
		{"//cdn.example.org/logo.png", "//cdn.example.org/logo.png", true},
		{"/portal/kurs/borte.png", "/portal/kurs/borte.png", true},
	} {
		k := packerFor(t, "")
		if got := k.resource(tc.src); got != tc.want {
			t.Errorf("resource(%q) = %q, want %q", tc.src, got, tc.want)
		}
		if got := len(k.problems) > 0; got != tc.problem {
			t.Errorf("resource(%q): problem %v, want %v (%v)", tc.src, got, tc.problem, k.problems)
		}
		if !tc.problem && tc.src[:5] != "data:" {
			if _, ok := k.files[tc.want]; !ok {
				t.Errorf("resource(%q) did not copy %s into the package", tc.src, tc.want)
			}
		}
	}
}

func TestCSSURLs(t *testing.T) {
	k := packerFor(t, "")
	css := []byte(`a{background:url("/portal/kurs/varsel.svg")} b{background:url(data:image/png;base64,AA==)} c{background:url('../kurs/varsel.svg')}`)
	got := string(k.cssURLs("css/main.css", css))
	want := `a{background:url("../kurs/varsel.svg")} b{background:url(data:image/png;base64,AA==)} c{background:url("../kurs/varsel.svg")}`
	if got != want {
		t.Errorf("cssURLs:\n got %s\nwant %s", got, want)
	}
	if _, ok := k.files["kurs/varsel.svg"]; !ok || len(k.problems) > 0 {
		t.Errorf("the image was not copied, or problems: %v", k.problems)
	}
	k.cssURLs("css/main.css", []byte(`@import url(https://fonts.example.com/x.css);`))
	if len(k.problems) != 1 {
		t.Errorf("a stylesheet from another site: problems %v, want one", k.problems)
	}
}

func TestExtract(t *testing.T) {
	page := func(main string) string {
		return `<!DOCTYPE html><html><head><link rel="icon" href="/portal/kurs/varsel.svg"><link rel="stylesheet" href="/portal/css/x.css"></head>` +
			`<body data-type="course" data-pass=80><header><a href="/portal/">Hjem</a></header><main id=main tabindex="-1">` + main + `</main><footer>Bunn</footer></body></html>`
	}
	for _, tc := range []struct {
		name, main, want string
		problems         int
	}{
		{"text and markup kept", `<p class="x">Hei &amp; hallo<br>ja</p>`, `<p class="x">Hei &amp; hallo<br>ja</p>`, 0},
		{"comments dropped", `<p>a<!-- en kommentar -->b</p>`, `<p>ab</p>`, 0},
		{"omitted element with nested same tags", `<div data-export-omit><div><p>borte</p></div></div><p>igjen</p>`, `<p>igjen</p>`, 0},
		{"omitted void element", `<img src="/portal/kurs/varsel.svg" alt="" data-export-omit><p>igjen</p>`, `<p>igjen</p>`, 0},
		{"link to a portal page opens a new window", `<a href="/portal/veiledere/phishing/">Veileder</a>`,
			`<a href="https://test.example.no/portal/veiledere/phishing/" target="_blank" rel="noopener noreferrer">Veileder<span class="visually-hidden"> (åpnes i et nytt vindu)</span></a>`, 0},
		{"a form's action opens a new window, without the link text", `<form action="/portal/sok/"><button>Søk</button></form><a href="#x">x</a>`,
			`<form action="https://test.example.no/portal/sok/" target="_blank" rel="noopener noreferrer"><button>Søk</button></form><a href="#x">x</a>`, 0},
		{"attribute values re-escaped", `<p title='a "b" &lt;c&gt;'>x</p>`, `<p title="a &#34;b&#34; &lt;c&gt;">x</p>`, 0},
		{"inline SVG with a link", `<svg><a href="https://nsm.no/"><text>NSM</text></a></svg>`, `<svg><a href="https://nsm.no/"><text>NSM</text></a></svg>`, 0},
		{"inline SVG loading an image", `<svg><image href="https://cdn.example.org/x.png"/></svg>`, `<svg><image href="https://cdn.example.org/x.png"/></svg>`, 1},
		{"image from another site", `<img src="https://cdn.example.org/x.png" alt="">`, `<img src="https://cdn.example.org/x.png" alt="">`, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := packerFor(t, "")
			ex, err := k.extract([]byte(page(tc.main)))
			if err != nil {
				t.Fatal(err)
			}
			if got := string(ex.html); got != tc.want {
				t.Errorf("main:\n got %s\nwant %s", got, tc.want)
			}
			if len(k.problems) != tc.problems {
				t.Errorf("problems %v, want %d", k.problems, tc.problems)
			}
			if got := attrsString(ex.body); got != ` data-type="course" data-pass="80"` {
				t.Errorf("body attributes %s", got)
			}
			if got := attrsString(ex.main); got != ` id="main" tabindex="-1"` {
				t.Errorf("main attributes %s", got)
			}
			if len(ex.icons) != 1 || attrsString(ex.icons[0]) != ` rel="icon" href="kurs/varsel.svg"` {
				t.Errorf("icons %v", ex.icons)
			}
		})
	}
	if _, err := packerFor(t, "").extract([]byte(`<html><body><p>ingen main</p></body></html>`)); err == nil {
		t.Error("a page without <main>: no error")
	}
}
