//go:build unix

package build

import (
	"context"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/output"
	"github.com/varde-portal/varde/internal/site"
	"github.com/varde-portal/varde/internal/testsite"
)

// BenchmarkSurvey is the goal: a survey of 356 municipalities × 3
// roles × 150 questions read, checked, aggregated and rendered (its pages
// in both languages, the CSV and the JSON). The site around it is one
// checklist page, so the figure is the survey's own cost.
//
//	go test ./internal/build -run '^$' -bench Survey -benchtime 5x -cpu 2
func BenchmarkSurvey(b *testing.B) {
	var body strings.Builder
	var ids []string
	for a := 0; a < 10; a++ {
		fmt.Fprintf(&body, "## Område %d {#omrade-%d nsm=\"%d\"}\n\n", a, a, 1+a%4)
		for q := 0; q < 15; q++ {
			id := fmt.Sprintf("q%d-%d", a, q)
			ids = append(ids, id)
			fmt.Fprintf(&body, "- [ ] Spørsmål %d i område %d? {#%s}\n", q, a, id)
		}
		body.WriteString("\n")
	}
	files := map[string]string{
		"config.toml":          strings.Replace(surveyConfig, "[[editions]]\nname = \"2024\"\ndir = \"editions/2024\"\n", "", 1),
		"content/_index.md":    page("title: Testportal\n", "Velkommen.\n"),
		"content/_index.nn.md": page("title: Testportal\n", "Velkomen.\n"),
		"content/sjekk.md":     page("title: Sjekk\nid: sjekk\ntype: checklist\nscale: maturity\n", body.String()),
		"content/sjekk.nn.md":  page("title: Sjekk\nid: sjekk\ntype: checklist\nscale: maturity\n", body.String()),
	}
	dir := b.TempDir()
	testsite.Write(b, dir, files)
	l, err := Load(context.Background(), Options{Source: dir, NoHistory: true})
	if err != nil {
		b.Fatal(err)
	}
	def, err := SurveyDefinition(l, "region")
	if err != nil {
		b.Fatal(err)
	}
	var version string
	for id, v := range def.Versions {
		if v.Lang == "nb" {
			version = id
		}
	}
	n := 0
	for m := 0; m < 356; m++ {
		for _, role := range []string{"kommunedirektor", "it", "personvernombud"} {
			answers := map[string]string{}
			for i, id := range ids {
				answers[id] = fmt.Sprint(1 + (m*7+i*3+len(role))%4)
			}
			files[fmt.Sprintf("modenhet/region/k%03d-%s.json", m, role)] = shareFile(fmt.Sprintf("Kommune %d", m), role, version, answers)
			n++
		}
	}
	testsite.Write(b, dir, files)
	// CPU time beside wall time: on a shared machine the wall time says
	// more about the neighbours than about the build.
	cpu := func() time.Duration {
		var ru syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	b.ResetTimer()
	start := cpu()
	defer func() { b.ReportMetric((cpu()-start).Seconds()/float64(b.N), "cpu-s/op") }()
	for i := 0; i < b.N; i++ {
		l, err := Load(context.Background(), Options{Source: dir, NoHistory: true})
		if err != nil {
			b.Fatal(err)
		}
		if len(l.surveys) != 1 || l.surveys[0].res.N != n {
			b.Fatalf("counted %d of %d", l.surveys[0].res.N, n)
		}
		out := output.NewMemory()
		if ds := writeSurveyFiles(l, out); len(ds) > 0 {
			b.Fatal(ds)
		}
		var pages []*site.Page
		for _, p := range l.surveys[0].pages {
			pages = append(pages, p)
		}
		if ds := RenderPages(l, out, pages); len(ds) > 0 {
			b.Fatal(ds)
		}
	}
}
