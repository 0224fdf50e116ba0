package build

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/site"
)

// courseSite is a small site in bokmål and nynorsk; files adds to it.
func courseSite(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{
		"config.toml": {Data: []byte("title = \"Kursportal\"\nbaseURL = \"https://kurs.example.no/\"\n" +
			"[languages.nb]\nname = \"Bokmål\"\n[languages.nn]\nname = \"Nynorsk\"\n[sections.kurs]\ntype = \"course\"\n")},
		"content/_index.md":    {Data: []byte("---\ntitle: Forsiden\n---\n")},
		"content/_index.nn.md": {Data: []byte("---\ntitle: Framsida\n---\n")},
	}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

const quizBody = "```quiz\n? Spørsmål\n- [x] Ja\n- [ ] Nei\n```\n"

func course(title string) string { return "---\ntitle: " + title + "\n---\n" + quizBody }

func TestCoursePages(t *testing.T) {
	type listed struct{ id, lang string }
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  map[string][]listed // path of the generated page → courses listed, in order
		warn  string              // a warning that must be given
	}{
		{
			name:  "no courses, no page",
			files: map[string]string{"content/om.md": "---\ntitle: Om\n---\nTekst.\n"},
			want:  map[string][]listed{},
		},
		{
			name: "every language lists every course, untranslated ones in their own language",
			files: map[string]string{
				"content/kurs/_index.md":      "---\ntitle: Kurs\n---\n",
				"content/kurs/passord.md":     course("Passord"),
				"content/kurs/passord.nn.md":  course("Passord på nynorsk"),
				"content/kurs/avvik.md":       course("Avvik"),
				"content/kurs/berre-nn.nn.md": course("Berre nynorsk"),
			},
			want: map[string][]listed{
				"/mine-kurs/":    {{"kurs/avvik", "nb"}, {"kurs/berre-nn", "nn"}, {"kurs/passord", "nb"}},
				"/nn/mine-kurs/": {{"kurs/avvik", "nb"}, {"kurs/berre-nn", "nn"}, {"kurs/passord", "nn"}},
			},
		},
		{
			name: "a content page at the address wins",
			files: map[string]string{
				"content/kurs/passord.md": course("Passord"),
				"content/mine-kurs.md":    "---\ntitle: Mine kurs (redaksjonens)\n---\nTekst.\n",
			},
			want: map[string][]listed{"/nn/mine-kurs/": {{"kurs/passord", "nb"}}},
			warn: "/mine-kurs/",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := Load(context.Background(), Options{FS: courseSite(tc.files), Now: time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][]listed{}
			for _, p := range l.Site.Pages {
				if p.Kind != site.KindSpecial || p.Layout != coursesLayout {
					continue
				}
				var ls []listed
				for _, c := range p.Data["courses"].([]*site.Page) {
					ls = append(ls, listed{c.ID, c.Lang})
				}
				got[p.Path] = ls
				if p.Title != "Mine kurs" || p.Type != coursesLayout {
					t.Errorf("%s: title %q, type %q", p.Path, p.Title, p.Type)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("pages %v, want %v", got, tc.want)
			}
			for path, want := range tc.want {
				if fmt.Sprint(got[path]) != fmt.Sprint(want) {
					t.Errorf("%s lists %v, want %v", path, got[path], want)
				}
			}
			if tc.warn != "" {
				found := false
				for _, d := range l.Diags {
					found = found || (d.Severity == diag.Warning && d.File == "content/mine-kurs.md" && strings.Contains(d.Msg, tc.warn))
				}
				if !found {
					t.Errorf("no warning about %s in %v", tc.warn, l.Diags)
				}
			}
		})
	}
}

func TestCoursePagesRender(t *testing.T) {
	out := renderMemory(t, Options{FS: courseSite(map[string]string{
		"content/kurs/_index.md":     "---\ntitle: Kurs\n---\n",
		"content/kurs/_index.nn.md":  "---\ntitle: Kurs\n---\n",
		"content/kurs/passord.md":    course("Passord"),
		"content/kurs/passord.nn.md": course("Passord"),
		"content/kurs/avvik.md":      course("Avvik & varsling"),
	}), Now: time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)})
	expectFiles(t, out, map[string][]string{
		"nn/mine-kurs/index.html": {
			`<body data-type="mycourses" data-id="mine-kurs"`,
			`<a href="/kurs/avvik/" hreflang="nb" lang="nb">Avvik &amp; varsling</a> <span class="course-lang" lang="nb">(Bokmål)</span> <span class="course-status" data-course-status="kurs/avvik"></span>`,
			`<a href="/nn/kurs/passord/">Passord</a> <span class="course-status" data-course-status="kurs/passord"></span>`,
			`<p class="course-nojs">`,
		},
		"kurs/index.html": {
			`<span class="course-status" data-course-status="kurs/passord"></span>`,
			`<p class="course-mine"><a href="/mine-kurs/">`,
		},
		"nn/kurs/passord/index.html": {
			`<div class="course-certificate" hidden data-course-title="Passord" data-site-title="Kursportal" data-course-url="https://kurs.example.no/nn/kurs/passord/"></div>`,
			`<p class="course-mine" data-export-omit><a href="/nn/mine-kurs/">`,
		},
	})
}
