package worddiff

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Hei, verden!", []string{"Hei", ",", " ", "verden", "!"}},
		{"e-post og kommune's  rutiner", []string{"e-post", " ", "og", " ", "kommune's", "  ", "rutiner"}},
		{"Kon\u00adtroll\u00adspørs\u00admål \u00ad", []string{"Kon\u00adtroll\u00adspørs\u00admål", " ", "\u00ad"}},
		{"NSM 2.3.1, kl. 12:30, 1,5 %", []string{"NSM", " ", "2.3.1", ",", " ", "kl", ".", " ", "12:30", ",", " ", "1,5", " ", "%"}},
		{"slutt. Ny", []string{"slutt", ".", " ", "Ny"}},
		{"-ledende og bindestrek-", []string{"-", "ledende", " ", "og", " ", "bindestrek", "-"}},
		{"§ 2\n\tlinje", []string{"§", " ", "2", "\n\t", "linje"}},
		{"blåbærsyltetøy", []string{"blåbærsyltetøy"}},
		{"a\xffb", []string{"a", "\xff", "b"}},
		{"x\u0301y", []string{"x\u0301y"}}, // a combining accent stays in its word
	}
	for _, tt := range tests {
		got := tokenize(tt.in)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []Span
	}{
		{"both empty", "", "", nil},
		{"equal", "Samme tekst.", "Samme tekst.", []Span{{Equal, "Samme tekst."}}},
		{"all new", "", "Ny tekst", []Span{{Insert, "Ny tekst"}}},
		{"all gone", "Gammel tekst", "", []Span{{Delete, "Gammel tekst"}}},
		{"one word", "Kommunen bør ha en protokoll.", "Kommunen skal ha en protokoll.",
			[]Span{{Equal, "Kommunen "}, {Delete, "bør"}, {Insert, "skal"}, {Equal, " ha en protokoll."}}},
		{"inserted words", "ha en protokoll.", "ha en oppdatert protokoll.",
			[]Span{{Equal, "ha en "}, {Insert, "oppdatert "}, {Equal, "protokoll."}}},
		{"phrase, not a scatter", "the cat sat", "a dog sat",
			[]Span{{Delete, "the cat"}, {Insert, "a dog"}, {Equal, " sat"}}},
		{"number as one word", "Se NSM 2.3.1.", "Se NSM 2.3.2.",
			[]Span{{Equal, "Se NSM "}, {Delete, "2.3.1"}, {Insert, "2.3.2"}, {Equal, "."}}},
		{"punctuation", "Ja, nei.", "Ja; nei.",
			[]Span{{Equal, "Ja"}, {Delete, ","}, {Insert, ";"}, {Equal, " nei."}}},
		{"long unchanged run between changes stays", "A er rød og B er blå", "C er rød og D er blå",
			[]Span{{Delete, "A"}, {Insert, "C"}, {Equal, " er rød og "}, {Delete, "B"}, {Insert, "D"}, {Equal, " er blå"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Diff(tt.old, tt.new)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Diff(%q, %q)\n got %q\nwant %q", tt.old, tt.new, got, tt.want)
			}
			checkSpans(t, got, tt.old, tt.new)
		})
	}
}

// checkSpans checks that spans reproduce both texts, that adjacent spans
// differ in Op (runs are whole) and that a change is Delete then Insert.
func checkSpans(t testing.TB, spans []Span, old, new string) {
	t.Helper()
	var a, b strings.Builder
	for i, s := range spans {
		if s.Text == "" {
			t.Fatalf("span %d is empty: %q", i, spans)
		}
		if i > 0 && (spans[i-1].Op == s.Op || spans[i-1].Op == Insert && s.Op == Delete) {
			t.Fatalf("spans %d and %d: %v then %v: %q", i-1, i, spans[i-1].Op, s.Op, spans)
		}
		if s.Op != Insert {
			a.WriteString(s.Text)
		}
		if s.Op != Delete {
			b.WriteString(s.Text)
		}
	}
	if a.String() != old || b.String() != new {
		t.Fatalf("spans do not reproduce the texts:\nold %q\n got %q\nnew %q\n got %q", old, a.String(), new, b.String())
	}
}

func TestHTML(t *testing.T) {
	got := Inline(`Bruk <b> & "anførsel"`, `Bruk <i> & 'anførsel'`)
	want := `Bruk &lt;<del>b</del><ins>i</ins>&gt; &amp; <del>&#34;</del><ins>&#39;</ins>anførsel<del>&#34;</del><ins>&#39;</ins>`
	if string(got) != want {
		t.Errorf("Inline:\n got %s\nwant %s", got, want)
	}
}

func TestStats(t *testing.T) {
	s := Count(Diff("Kommunen bør ha en protokoll.", "Kommunen skal ha en oppdatert protokoll, nå."))
	if want := (Stats{Inserted: 3, Deleted: 1}); s != want || !s.Changed() {
		t.Errorf("Count = %+v, want %+v", s, want)
	}
	if s := Count(Diff("Lik.", "Lik.")); s.Changed() {
		t.Errorf("Count of equal texts = %+v", s)
	}
}

func TestBlocks(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []Block
	}{
		{"empty", "", "", nil},
		{"paragraphs kept, reworded, removed, added",
			"Tittel\n\nKommunen bør ha en protokoll.\n\nGammelt avsnitt om noe annet.",
			"Tittel\n\nKommunen skal ha en protokoll.\n\nHelt nytt innhold her.",
			[]Block{
				{Same, []Span{{Equal, "Tittel"}}},
				{Changed, []Span{{Equal, "Kommunen "}, {Delete, "bør"}, {Insert, "skal"}, {Equal, " ha en protokoll."}}},
				{Removed, []Span{{Delete, "Gammelt avsnitt om noe annet."}}},
				{Added, []Span{{Insert, "Helt nytt innhold her."}}},
			}},
		{"blank lines, carriage returns and indentation do not count",
			"En\r\n\r\n\r\n  To  \n",
			"En\n \nTo",
			[]Block{{Same, []Span{{Equal, "En"}}}, {Same, []Span{{Equal, "To"}}}}},
		{"a paragraph inserted between two", "A a a.\n\nC c c.", "A a a.\n\nB b b.\n\nC c c.",
			[]Block{{Same, []Span{{Equal, "A a a."}}}, {Added, []Span{{Insert, "B b b."}}}, {Same, []Span{{Equal, "C c c."}}}}},
		{"rewording is paired with the similar paragraph, not the first",
			"Første om tilgangsstyring i kommunen.\n\nAndre om logging av hendelser i systemene.",
			"Andre om logging av alle hendelser i systemene.",
			[]Block{
				{Removed, []Span{{Delete, "Første om tilgangsstyring i kommunen."}}},
				{Changed, []Span{{Equal, "Andre om logging av "}, {Insert, "alle "}, {Equal, "hendelser i systemene."}}},
			}},
		{"lines inside a paragraph", "Punkt en\nPunkt to", "Punkt en\nPunkt tre",
			[]Block{{Changed, []Span{{Equal, "Punkt en\nPunkt "}, {Delete, "to"}, {Insert, "tre"}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Blocks(tt.old, tt.new)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Blocks\n got %q\nwant %q", got, tt.want)
			}
			checkBlocks(t, got, tt.old, tt.new)
		})
	}
}

// checkBlocks checks that blocks reproduce the paragraphs of both texts.
func checkBlocks(t testing.TB, blocks []Block, old, new string) {
	t.Helper()
	var a, b []string
	for _, bl := range blocks {
		var sa, sb strings.Builder
		for _, s := range bl.Spans {
			if s.Op != Insert {
				sa.WriteString(s.Text)
			}
			if s.Op != Delete {
				sb.WriteString(s.Text)
			}
		}
		if bl.Kind != Added {
			a = append(a, sa.String())
		}
		if bl.Kind != Removed {
			b = append(b, sb.String())
		}
		if (bl.Kind == Added) != (sa.Len() == 0) || (bl.Kind == Removed) != (sb.Len() == 0) {
			t.Fatalf("block %v has spans %q", bl.Kind, bl.Spans)
		}
	}
	if pa := paragraphs(old); !reflect.DeepEqual(a, pa) && len(a)+len(pa) > 0 {
		t.Fatalf("old paragraphs\n got %q\nwant %q", a, pa)
	}
	if pb := paragraphs(new); !reflect.DeepEqual(b, pb) && len(b)+len(pb) > 0 {
		t.Fatalf("new paragraphs\n got %q\nwant %q", b, pb)
	}
}

// TestOnePager compares two editions of a one-pager and checks the
// rendered comparison against testdata/onepager.golden.html (run with
// -update to rewrite it after a deliberate change, and read the diff).
func TestOnePager(t *testing.T) {
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	old, new := read("onepager-2022.txt"), read("onepager-2024.txt")
	blocks := Blocks(old, new)
	checkBlocks(t, blocks, old, new)
	got := string(BlocksHTML(blocks))
	golden := filepath.Join("testdata", "onepager.golden.html")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want := read("onepager.golden.html"); got != want {
		t.Errorf("BlocksHTML differs from %s:\n%s", golden, got)
	}
	if s := CountBlocks(blocks); s.Inserted == 0 || s.Deleted == 0 {
		t.Errorf("CountBlocks = %+v, want insertions and deletions", s)
	}
}

// TestBudget checks that texts too different to diff within the budget
// come back replaced whole, quickly, and still reproduce both inputs.
func TestBudget(t *testing.T) {
	var a, b strings.Builder
	for i := 0; i < 5000; i++ {
		a.WriteString("alfa ")
		b.WriteString("beta ")
	}
	old, new := a.String(), b.String()
	spans, ok := diff(old, new)
	if ok {
		t.Error("diff of 10,000 changed words reported within budget")
	}
	checkSpans(t, spans, old, new)
	// The shared final space is kept; everything before it is replaced.
	if want := []Span{{Delete, old[:len(old)-1]}, {Insert, new[:len(new)-1]}, {Equal, " "}}; !reflect.DeepEqual(spans, want) {
		t.Errorf("got %d spans, want the text deleted and inserted whole", len(spans))
	}
	blocks := Blocks("Innledning.\n\n"+old, "Innledning.\n\n"+new)
	if len(blocks) != 3 || blocks[1].Kind != Removed || blocks[2].Kind != Added {
		t.Errorf("Blocks of an unpairable paragraph: kinds %v", kinds(blocks))
	}
}

func kinds(blocks []Block) []Kind {
	var out []Kind
	for _, b := range blocks {
		out = append(out, b.Kind)
	}
	return out
}

func TestMyersIsMinimal(t *testing.T) {
	tests := []struct {
		a, b  string
		edits int
	}{
		{"abcabba", "cbabac", 5}, // the example of Myers' paper
		{"", "abc", 3},
		{"abc", "", 3},
		{"abc", "abc", 0},
		{"ab", "ba", 2},
	}
	for _, tt := range tests {
		a, b := []int32{}, []int32{}
		for _, r := range tt.a {
			a = append(a, r)
		}
		for _, r := range tt.b {
			b = append(b, r)
		}
		script, ok := myers(a, b, 100)
		if !ok {
			t.Fatalf("myers(%q, %q) over budget", tt.a, tt.b)
		}
		edits, i, j := 0, 0, 0
		for _, e := range script {
			switch e {
			case keep:
				if a[i] != b[j] {
					t.Fatalf("myers(%q, %q): keeps %c and %c", tt.a, tt.b, a[i], b[j])
				}
				i++
				j++
			case remove:
				edits++
				i++
			case add:
				edits++
				j++
			}
		}
		if i != len(a) || j != len(b) || edits != tt.edits {
			t.Errorf("myers(%q, %q): %d edits, consumed %d/%d and %d/%d; want %d edits", tt.a, tt.b, edits, i, len(a), j, len(b), tt.edits)
		}
		if _, ok := myers(a, b, tt.edits-1); ok && tt.edits > 0 {
			t.Errorf("myers(%q, %q) within a budget below the shortest script", tt.a, tt.b)
		}
	}
}
