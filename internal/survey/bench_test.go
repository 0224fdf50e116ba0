package survey

import (
	"fmt"
	"testing"

	"github.com/varde-portal/varde/internal/checklist"
)

// benchSurvey is the goal size: 356 municipalities × 3 roles ×
// 150 questions, as share files.
func benchSurvey(b *testing.B) (*Definition, []Input) {
	m := maturity(b)
	var qs []Question
	for i := 0; i < 150; i++ {
		qs = append(qs, Question{ID: fmt.Sprintf("q%03d", i), Text: fmt.Sprintf("Spørsmål %d?", i), Area: fmt.Sprint("a", i/15), Categories: []string{fmt.Sprint(1 + i%4)}, Scale: m})
	}
	d := &Definition{Name: "b", Checklist: "sjekk", K: 5, Questions: qs}
	d.AddVersion(NewVersion("sjekk", "", "nb", qs, nil, nil))
	var in []Input
	for mu := 0; mu < 356; mu++ {
		for _, role := range []string{"kommunedirektor", "it", "personvernombud"} {
			a := map[string]string{}
			for i, q := range qs {
				a[q.ID] = fmt.Sprint(1 + (mu*7+i*3+len(role))%4)
			}
			in = append(in, Input{fmt.Sprintf("k%03d-%s.json", mu, role), share(b, d, curVersion(d), fmt.Sprintf("Kommune %d", mu), "", role, a)})
		}
	}
	return d, in
}

func BenchmarkCheck(b *testing.B) {
	d, in := benchSurvey(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rs, ps := d.Check(in)
		if len(rs) != len(in) || len(ps) > 0 {
			b.Fatal(len(rs), ps)
		}
	}
}

func BenchmarkAggregate(b *testing.B) {
	d, in := benchSurvey(b)
	rs, _ := d.Check(in)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if res := d.Aggregate(rs); res.N != len(in) {
			b.Fatal(res.N)
		}
	}
}

var _ = checklist.ScaleMaturity
