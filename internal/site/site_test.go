package site

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/content"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/markdown"
)

func build(t *testing.T, cfgText string, files map[string]string) (*Site, []diag.Diagnostic) {
	t.Helper()
	return buildWith(t, cfgText, files, content.Options{})
}

func buildWith(t *testing.T, cfgText string, files map[string]string, opt content.Options) (*Site, []diag.Diagnostic) {
	t.Helper()
	cfg, ds := config.Parse([]byte(cfgText))
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	set, ds := content.Load(fsys, cfg, opt)
	s, ds2 := New(cfg, set, Options{})
	ds = append(ds, ds2...)
	// Made up front: Convert asks from its workers at once.
	convs := map[string]*markdown.Converter{}
	for _, lang := range cfg.LanguageOrder {
		convs[lang] = markdown.New(markdown.Options{Lang: lang})
	}
	ds = append(ds, s.Convert(func(lang string) *markdown.Converter {
		if c := convs[lang]; c != nil {
			return c
		}
		return convs[cfg.DefaultLanguage]
	})...)
	return s, ds
}

// messages joins diagnostics as varde prints them, one a line.
func messages(ds []diag.Diagnostic) string {
	var all []string
	for _, d := range ds {
		all = append(all, d.String())
	}
	return strings.Join(all, "\n")
}

const twoLangs = "baseURL = \"https://kommune.example/portal/\"\n[languages.nb]\n[languages.nn]\n"

func TestURLsAndOrdering(t *testing.T) {
	s, ds := build(t, twoLangs, map[string]string{
		"content/_index.md":           "---\ntitle: Hjem\n---\n",
		"content/veiledere/_index.md": "---\ntitle: Veiledere\n---\n",
		"content/veiledere/åpen.md":   "---\ntitle: Øvelse\n---\n",
		"content/veiledere/b.md":      "---\ntitle: Ærlighet\n---\n",
		"content/veiledere/c.md":      "---\ntitle: Avvik\n---\n",
		"content/veiledere/tung.md":   "---\ntitle: Å vekte\nweight: 1\n---\n",
		"content/veiledere/eget.md":   "---\ntitle: Eget\nslug: egen-adresse\n---\n",
		"content/veiledere/c.nn.md":   "---\ntitle: Avvik nn\n---\n",
	})
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	var got []string
	for _, p := range s.ByID("veiledere/_index", "nb").Pages {
		got = append(got, p.Title)
	}
	// weight first, then Norwegian alphabet: A … Æ Ø Å
	if strings.Join(got, ",") != "Å vekte,Avvik,Eget,Ærlighet,Øvelse" {
		t.Errorf("order = %v", got)
	}
	c := s.ByID("veiledere/c", "nn")
	if c == nil || c.URL != "/portal/nn/veiledere/c/" || c.Permalink != "https://kommune.example/portal/nn/veiledere/c/" || c.OutFile != "nn/veiledere/c/index.html" {
		t.Errorf("nn page = %+v", c)
	}
	if p := s.ByID("veiledere/åpen", "nb"); p == nil || p.Path != "/veiledere/apen/" {
		t.Errorf("slugged path: %+v", p)
	}
	if p := s.ByID("veiledere/eget", "nb"); p == nil || p.Path != "/veiledere/egen-adresse/" {
		t.Errorf("slug: %+v", p)
	}
	if tr := s.ByID("veiledere/c", "nb").Translations; len(tr) != 1 || tr[0].Lang != "nn" {
		t.Errorf("translations = %v", tr)
	}
	if s.ByPath("/404.html") == nil || s.ByPath("/nn/404.html") == nil {
		t.Error("missing 404 pages")
	}
}

func TestLinks(t *testing.T) {
	files := map[string]string{
		"content/_index.md":         "---\ntitle: Hjem\n---\n[B](veiledere/b.md) [mappe](veiledere/) [bilde](veiledere/x.png)\n",
		"content/veiledere/a.md":    "---\ntitle: A\n---\n## Del én\n\n[B](b.md#del-to) [meg](#del-en) [hjem](../_index.md)\n",
		"content/veiledere/a.nn.md": "---\ntitle: A nn\n---\n[B](b.md)\n",
		"content/veiledere/b.md":    "---\ntitle: B\n---\n## Del to\n",
		"content/veiledere/b.nn.md": "---\ntitle: B nn\n---\n",
		"content/veiledere/x.png":   "png",
	}
	s, ds := build(t, twoLangs, files)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	a := string(s.ByID("veiledere/a", "nb").Body)
	if !strings.Contains(a, `href="/portal/veiledere/b/#del-to"`) || !strings.Contains(a, `href="#del-en"`) || !strings.Contains(a, `href="/portal/"`) {
		t.Errorf("a = %s", a)
	}
	if nn := string(s.ByID("veiledere/a", "nn").Body); !strings.Contains(nn, `href="/portal/nn/veiledere/b/"`) {
		t.Errorf("nn link should go to the nn translation: %s", nn)
	}
	home := string(s.ByID("_index", "nb").Body)
	if !strings.Contains(home, `href="/portal/veiledere/"`) || !strings.Contains(home, `href="/portal/veiledere/x.png"`) {
		t.Errorf("home = %s", home)
	}

	files["content/veiledere/c.md"] = "---\ntitle: C\n---\nTekst\n\n[død](finnes-ikke.md) og [anker](b.md#del-tre)\n[lokalt](#mangler)\n"
	_, ds = build(t, twoLangs, files)
	all := messages(ds)
	for _, want := range []string{
		`content/veiledere/c.md:6: error: link to "finnes-ikke.md": no such file content/veiledere/finnes-ikke.md`,
		`content/veiledere/c.md:6: error: link "b.md#del-tre": no heading or anchor #del-tre in content/veiledere/b.md (did you mean #del-to?)`,
		`content/veiledere/c.md:7: error: link "#mangler": no heading or anchor #mangler in this page`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in\n%s", want, all)
		}
	}
}

// TestLinksToUnpublishedAndRootedFiles: a link from the content or the
// repository root resolves like a relative one; a link to a draft says so
// (an error without drafts, a warning with them); a link to a file whose
// front matter is broken adds nothing to that file's own error.
func TestLinksToUnpublishedAndRootedFiles(t *testing.T) {
	files := map[string]string{
		"content/_index.md":            "---\ntitle: Hjem\n---\n[a](/veiledere/a.md) [a2](/content/veiledere/a.md#del) [borte](/veiledere/borte.md)\n",
		"content/veiledere/a.md":       "---\ntitle: A\n---\n## Del\n\n[utkast](utkast.md) [ødelagt](odelagt.md#x)\n",
		"content/veiledere/utkast.md":  "---\ntitle: Utkast\ndraft: true\n---\n",
		"content/veiledere/odelagt.md": "---\ntitle: [\n---\n",
		"content/veiledere/b.md":       "---\ntitle: B\nrelated: [veiledere/odelagt]\n---\n",
	}
	s, ds := build(t, twoLangs, files)
	all := messages(ds)
	for _, want := range []string{
		`content/_index.md:4: error: link to "/veiledere/borte.md": no such file content/veiledere/borte.md`,
		`content/veiledere/a.md:6: error: link to "utkast.md": content/veiledere/utkast.md is a draft (draft: true), which is not published`,
		`content/veiledere/odelagt.md:2: error: the list that starts with [ here is never closed`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in\n%s", want, all)
		}
	}
	if n := strings.Count(all, "odelagt"); n != 1 {
		t.Errorf("the broken file is named %d times, want once (its own error):\n%s", n, all)
	}
	home := string(s.ByID("_index", "nb").Body)
	if !strings.Contains(home, `href="/portal/veiledere/a/"`) || !strings.Contains(home, `href="/portal/veiledere/a/#del"`) {
		t.Errorf("rooted links not resolved: %s", home)
	}

	_, ds = buildWith(t, twoLangs, files, content.Options{Drafts: true})
	all = messages(ds)
	want := `content/veiledere/a.md:6: warning: link to "utkast.md": content/veiledere/utkast.md is a draft: this link breaks when the site is built without drafts`
	if !strings.Contains(all, want) {
		t.Errorf("missing %q in\n%s", want, all)
	}
}

func TestTaxonomiesAndRelated(t *testing.T) {
	s, ds := build(t, twoLangs, map[string]string{
		"content/_index.md":                 "---\ntitle: Hjem\n---\n",
		"content/a.md":                      "---\ntitle: A\naudience: [leder]\ntopics: [risiko, avvik]\n---\n",
		"content/b.md":                      "---\ntitle: B\naudience: [leder, ansatt]\ntopics: [risiko, avvik]\n---\n",
		"content/c.md":                      "---\ntitle: C\ntopics: [avvik]\nrelated: [a]\n---\n",
		"content/d.md":                      "---\ntitle: D\nrelated: [finnes-ikke]\n---\n",
		"content/malgruppe/leder/_index.md": "---\ntitle: Leder\ndescription: For ledere.\n---\nIntro.\n",
	})
	if len(ds) != 1 || !strings.Contains(ds[0].String(), `content/d.md:3: error: related: no page has the id "finnes-ikke"`) {
		t.Errorf("diags = %v", ds)
	}
	leder := s.ByPath("/malgruppe/leder/")
	if leder == nil || leder.Title != "Leder" || len(leder.Pages) != 2 || !strings.Contains(string(leder.Body), "Intro") {
		t.Errorf("term page = %+v", leder)
	}
	if list := s.ByPath("/malgruppe/"); list == nil || len(list.Pages) != 2 {
		t.Errorf("taxonomy list = %+v", list)
	}
	a := s.ByID("a", "nb")
	if len(a.Related) != 2 || a.Related[0].ID != "b" {
		t.Errorf("related by topics = %v", a.Related)
	}
	if c := s.ByID("c", "nb"); len(c.Related) != 1 || c.Related[0].ID != "a" {
		t.Errorf("explicit related = %v", c.Related)
	}
}

// TestLinkToHostAnchor: a link to a heading by its id on the git host
// (letters kept, as GitHub makes it, also percent-encoded as its "copy
// link" gives it) resolves as well as one by the portal's own id.
func TestLinkToHostAnchor(t *testing.T) {
	files := map[string]string{
		"content/_index.md": "---\ntitle: Hjem\n---\n[a](a.md#slik-gjør-du-det) [b](a.md#slik-gj%C3%B8r-du-det) [c](a.md#slik-gjor-du-det)\n",
		"content/a.md":      "---\ntitle: A\n---\n## Slik gjør du det\n",
	}
	if _, ds := build(t, twoLangs, files); len(ds) > 0 {
		t.Fatal(ds)
	}
}

// TestURLSegmentTooLong: a file, slug, alias or term whose URL segment is
// longer than a file name may be (255 bytes) is an error naming the file,
// so varde check finds it. It passed check, and the build failed with
// "mkdir …/.public.staging-N/aogaog…: file name too long" ("&" becomes
// "og", so a 200-character name can make a 400-character segment).
func TestURLSegmentTooLong(t *testing.T) {
	long := strings.Repeat("a&", 120) // 240 bytes, slug "aog" × 120 = 360
	s, ds := build(t, twoLangs, map[string]string{
		"content/_index.md":                  "---\ntitle: Hjem\n---\n",
		"content/v/" + long + ".md":          "---\ntitle: Lang\n---\n",
		"content/v/slug.md":                  "---\ntitle: Slug\nslug: " + strings.Repeat("x", 256) + "\n---\n",
		"content/v/alias.md":                 "---\ntitle: Alias\naliases: [" + strings.Repeat("y", 300) + "]\n---\n",
		"content/v/term.md":                  "---\ntitle: Term\ntopics: [\"" + strings.Repeat("&", 130) + "\"]\n---\n",
		"content/v/ok.md":                    "---\ntitle: Ok\nslug: " + strings.Repeat("z", 255) + "\n---\n",
		"content/v/" + long[:160] + ".nn.md": "---\ntitle: Kort nok\n---\n",
	})
	got := messages(append(ds, s.Validate()...))
	for _, want := range []string{
		"content/v/" + long + ".md: error: the address /v/aog",
		"content/v/slug.md:3: error: the address /v/xxx",
		"content/v/alias.md:3: error: alias /v/yyy",
		"content/v/term.md:3: error: the address /tema/ogog",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	if n := strings.Count(got, "255"); n != 4 {
		t.Errorf("%d messages name the limit, want 4:\n%s", n, got)
	}
}

// TestUnicodeFormsOfOneName: "café.md" written with é as one character
// (NFC) and as e + a combining accent (NFD, as macOS may write names) are
// two files that look the same. Their clash, and a link written in one
// form to a file named in the other, said "which content/v/café.md
// already uses" and "no such file content/café.md (did you mean
// content/café.md?)"; the messages now say what differs.
func TestUnicodeFormsOfOneName(t *testing.T) {
	nfc, nfd := "caf\u00e9", "cafe\u0301"
	s, ds := build(t, twoLangs, map[string]string{
		"content/_index.md":        "---\ntitle: Hjem\n---\n",
		"content/v/" + nfc + ".md": "---\ntitle: A\n---\n",
		"content/v/" + nfd + ".md": "---\ntitle: B\n---\n",
		"content/w/" + nfd + ".md": "---\ntitle: C\n---\n",
		"content/w/lenke.md":       "---\ntitle: D\n---\n\n[C](" + nfc + ".md)\n",
	})
	got := messages(append(ds, s.Validate()...))
	for _, want := range []string{
		"already uses: the two names differ only in how an accented letter is encoded (NFC and NFD",
		"content/w/lenke.md:5: error: link to \"" + nfc + ".md\": no such file content/w/" + nfc + ".md, but content/w/" + nfd + ".md has the same name with an accented letter encoded another way (NFC and NFD",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
}

// TestResourceAtAGeneratedAddress: a file under content/ is copied to the
// output at its path, after the pages: content/index.html replaced the
// home page (an inline script without the CSP tag reached the output),
// content/sok/index.html the search page, without a word. A file at the
// address of a page, feed, sitemap or the search index is now an error
// naming the file and what it would replace. content/robots.txt is not:
// it is published in place of the generated one.
func TestResourceAtAGeneratedAddress(t *testing.T) {
	s, ds := build(t, twoLangs, map[string]string{
		"content/_index.md":         "---\ntitle: Hjem\n---\n",
		"content/_index.nn.md":      "---\ntitle: Heim\n---\n",
		"content/om.md":             "---\ntitle: Om\n---\n",
		"content/index.html":        "<script>alert(1)</script>",
		"content/sok/index.html":    "x",
		"content/om/index.html":     "x",
		"content/404.html":          "x",
		"content/robots.txt":        "x",
		"content/sitemap.xml":       "x",
		"content/nn/index.xml":      "x",
		"content/hva-er-nytt.xml":   "x",
		"content/search/nb.json":    "x",
		"content/bilder/skjema.png": "x",
	})
	got := messages(append(ds, s.Validate()...))
	for _, file := range []string{"index.html", "sok/index.html", "om/index.html", "404.html", "sitemap.xml", "nn/index.xml", "hva-er-nytt.xml", "search/nb.json"} {
		if !strings.Contains(got, "content/"+file+": error: ") {
			t.Errorf("nothing about content/%s in\n%s", file, got)
		}
	}
	if strings.Contains(got, "skjema.png") || strings.Contains(got, "robots.txt") || strings.Count(got, "\n")+1 != 8 {
		t.Errorf("want exactly the eight clashes:\n%s", got)
	}
	if !s.HasOwnRobots() {
		t.Error("content/robots.txt is not taken as the site's own")
	}
}

// TestSuffixOfTheDefaultLanguage: with defaultLanguage = "nn", x.md and
// x.nn.md are both the nynorsk page; the clash said "page would be
// written to /, which content/_index.md already uses; change its slug or
// file name", not why.
func TestSuffixOfTheDefaultLanguage(t *testing.T) {
	s, ds := build(t, "defaultLanguage = \"nn\"\n[languages.nn]\n[languages.nb]\n", map[string]string{
		"content/_index.md":    "---\ntitle: Heim\n---\n",
		"content/_index.nn.md": "---\ntitle: Heim\n---\n",
	})
	got := messages(append(ds, s.Validate()...))
	want := `content/_index.nn.md: error: page would be written to /, which content/_index.md already uses: "nn" is the default language, whose pages have no suffix, so both files are its page; remove one of them (a page in another language has that language's suffix)`
	if !strings.Contains(got, want) {
		t.Errorf("got\n%s\nwant %s", got, want)
	}
}

// TestPageInATaxonomyFolder: a page file in a taxonomy folder
// (content/tema/side.md, not an _index.md) was left out without a word,
// and a link to it said "no such file content/tema/side.md" of a file
// that is there. It is a warning at the file, and the link says the page
// is not published.
func TestPageInATaxonomyFolder(t *testing.T) {
	s, ds := build(t, twoLangs, map[string]string{
		"content/_index.md":                 "---\ntitle: Hjem\n---\n",
		"content/tema/side.md":              "---\ntitle: Side\n---\n",
		"content/tema/personvern/_index.md": "---\ntitle: Personvern\n---\n",
		"content/p.md":                      "---\ntitle: P\ntopics: [personvern]\n---\n[l](tema/side.md)\n",
	})
	got := messages(append(ds, s.Validate()...))
	for _, want := range []string{
		"content/tema/side.md: warning: a page in tema/, the folder of the topics pages, is not published",
		"content/p.md:5: error: link to \"tema/side.md\": content/tema/side.md is not published",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
}

// TestAliasAtAGeneratedAddress: an alias at the address of a page added
// after the aliases were checked (/nsm/, /hva-er-nytt/, /mine-kurs/…) or
// of a file the build writes (/robots.txt, /sitemap.xml, a feed) was
// lost without a word: one of the two files replaced the other. Both are
// errors at the page's aliases line.
func TestAliasAtAGeneratedAddress(t *testing.T) {
	s, ds := build(t, twoLangs, map[string]string{
		"content/_index.md": "---\ntitle: Hjem\n---\n",
		"content/a.md":      "---\ntitle: A\naliases: [/nsm/, /robots.txt, /nn/index.xml, /gammel/]\n---\n",
	})
	var l diag.List
	l.Add(append(ds, s.Validate()...)...)
	s.AddSpecial(&Page{Lang: "nb", ID: "nsm", Type: "nsm", Layout: "nsm-index", Title: "NSM", Path: "/nsm/"}, &l)
	got := messages(l.Items())
	for _, want := range []string{
		"content/a.md:3: error: alias /nsm/ is the address of a page Varde makes (page /nsm/)",
		"content/a.md:3: error: alias /robots.txt is where the build writes robots.txt",
		"content/a.md:3: error: alias /nn/index.xml is where the build writes the feed of the latest pages",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "/gammel/") {
		t.Errorf("a free alias reported:\n%s", got)
	}
}

// TestIDOfAGeneratedPage: a page with id: "404" (or "search", "nsm"…)
// shared its id with a page Varde makes: related: ["404"] led to the 404
// page, and both pages carried data-id="404". It is an error at the id.
func TestIDOfAGeneratedPage(t *testing.T) {
	s, ds := build(t, twoLangs, map[string]string{
		"content/_index.md": "---\ntitle: Hjem\n---\n",
		"content/a.md":      "---\ntitle: Fire\n\nid: \"404\"\n---\n",
		"content/b.md":      "---\ntitle: B\nid: nsm\n---\n",
	})
	var l diag.List
	l.Add(append(ds, s.Validate()...)...)
	s.AddSpecial(&Page{Lang: "nb", ID: "nsm", Type: "nsm", Layout: "nsm-index", Title: "NSM", Path: "/nsm/"}, &l)
	got := messages(l.Items())
	for _, want := range []string{
		`content/a.md:4: error: id "404" is the id of a page Varde makes (page /404.html); choose another`,
		`content/b.md:3: error: id "nsm" is the id of a page Varde makes (page /nsm/); choose another`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
}

// TestContentAtTheSearchAddress: content/sok.md stopped the build with
// "content: error: page would be written to /sok/, which content/sok.md
// already uses; change its slug or file name", naming no file and
// speaking of the search page as the one to rename. It is an error at
// the content file, naming the page Varde makes there.
func TestContentAtTheSearchAddress(t *testing.T) {
	s, ds := build(t, twoLangs, map[string]string{
		"content/_index.md": "---\ntitle: Hjem\n---\n",
		"content/sok.md":    "---\ntitle: Søk\n---\n",
	})
	got := messages(append(ds, s.Validate()...))
	want := "content/sok.md: error: this page is at /sok/, where Varde makes its search page; change its slug or file name"
	if !strings.Contains(got, want) || strings.Contains(got, "content: error") {
		t.Errorf("got\n%s\nwant %s", got, want)
	}
}
