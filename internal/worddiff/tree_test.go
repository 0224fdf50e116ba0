package worddiff

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// labels are the compare view's Norwegian words, so that the golden files
// read as the page does.
var labels = Labels{
	InsStart: "start på tillegg:", InsEnd: "slutt på tillegg",
	DelStart: "start på sletting:", DelEnd: "slutt på sletting",
	Added: "Lagt til:", Removed: "Fjernet:", MovedAway: "Flyttet herfra:", MovedHere: "Flyttet hit:",
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, in string
		want     []*Node
	}{
		{"paragraphs, headings and line breaks",
			"<h2 id=x><span id=y></span>Hva  sier\nregelverket</h2>\n<p>En <strong>linje</strong><br>\nto</p><p> </p>",
			[]*Node{{Tag: "h2", Text: "Hva sier regelverket"}, {Tag: "p", Text: "En linje\nto"}}},
		{"nested lists, loose and tight items",
			"<ol><li>En<ul><li>Under</li></ul></li><li><p>To</p></li></ol>",
			[]*Node{{Tag: "ol", Children: []*Node{
				{Tag: "li", Children: []*Node{{Text: "En"}, {Tag: "ul", Children: []*Node{{Tag: "li", Children: []*Node{{Text: "Under"}}}}}}},
				{Tag: "li", Children: []*Node{{Tag: "p", Text: "To"}}},
			}}}},
		{"a table gets its row group; empty cells stay in their column",
			"<table><tr><th>A</th><th>B</th></tr><tr><td></td><td>2</td></tr></table>",
			[]*Node{{Tag: "table", Children: []*Node{{Tag: "tbody", Children: []*Node{
				{Tag: "tr", Children: []*Node{{Tag: "th", Children: []*Node{{Text: "A"}}}, {Tag: "th", Children: []*Node{{Text: "B"}}}}},
				{Tag: "tr", Children: []*Node{{Tag: "td"}, {Tag: "td", Children: []*Node{{Text: "2"}}}}},
			}}}}}},
		{"code keeps its text; boxes are looked through; widgets and hidden text are not read",
			"<div class=\"code\" tabindex=\"0\"><pre><code><span>a  :=</span> 1\n  b\n</code></pre></div>" +
				"<div class=\"alert\"><p class=\"alert-title\">Tips</p>Løs tekst</div>" +
				"<fieldset><legend>Spørsmål?</legend><div><input type=radio id=r><label for=r>Ja</label></div>" +
				"<details><summary>Veiledning</summary><p>Hjelp</p></details><div hidden><p>Skjult</p></div></fieldset>" +
				"<p>Se <span class=\"visually-hidden\">(ekstern)</span>lenke</p><script>x()</script>",
			[]*Node{{Tag: "pre", Text: "a  := 1\n  b"}, {Tag: "p", Text: "Tips"}, {Tag: "p", Text: "Løs tekst"},
				{Tag: "p", Text: "Spørsmål?"}, {Tag: "p", Text: "Veiledning"}, {Tag: "p", Text: "Hjelp"}, {Tag: "p", Text: "Se lenke"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Parse(tt.in)
			if !reflect.DeepEqual(strip(got), tt.want) {
				t.Errorf("Parse(%q)\n got %s\nwant %s", tt.in, dump(got), dump(tt.want))
			}
		})
	}
}

// strip drops the cached keys and word counts, for comparing trees.
func strip(ns []*Node) []*Node {
	for _, n := range ns {
		n.key, n.bag = "", nil
		strip(n.Children)
	}
	return ns
}

func dump(ns []*Node) string {
	var b strings.Builder
	for _, n := range ns {
		b.WriteString("<" + n.Tag + ">")
		if n.Text != "" {
			b.WriteString(strings.ReplaceAll(n.Text, "\n", `\n`))
		}
		b.WriteString(dump(n.Children))
		b.WriteString("</" + n.Tag + ">")
	}
	return b.String()
}

// TestTreeGolden compares pairs of page fragments and checks the rendered
// comparison against testdata/tree-<name>.golden.html (run with -update to
// rewrite them after a deliberate change, and read the diff), and that the
// structure the case is about is there.
func TestTreeGolden(t *testing.T) {
	intro := "<h2>Innledning</h2>\n<p>Kommunen skal ha oversikt over behandlingene.</p>\n"
	outro := "<h2>Les mer</h2>\n<p>Datatilsynets veileder om internkontroll.</p>\n"
	tests := []struct {
		name, old, new string
		want           []string // in the output, besides the golden file
		stats          Stats
	}{
		{"heading-renamed",
			intro + "<h2>Dette bør dere gjøre</h2>\n<p>Start tidlig.</p>\n<h3>Tiltak</h3>\n<p>Lag en plan.</p>\n" + outro,
			intro + "<h2>Dette skal dere gjøre</h2>\n<p>Start tidlig.</p>\n<h3>Sikringstiltak</h3>\n<p>Lag en plan.</p>\n" + outro,
			[]string{
				`<h2 class="diff-changed">Dette <del>`, `bør<`, `skal<`, ` dere gjøre</h2>`,
				`<h3 class="diff-changed"><del>`, `Tiltak<`, `Sikringstiltak<`, // one word for another: still the heading renamed
				"<h2>Innledning</h2>", "<p>Start tidlig.</p>",
			}, Stats{Inserted: 2, Deleted: 2}},
		{"list-item-added",
			intro + "<ol>\n<li>Kartlegg behandlingene.</li>\n<li>Vurder risiko.\n<ul><li>for de registrerte</li></ul></li>\n</ol>\n" + outro,
			intro + "<ol>\n<li>Kartlegg behandlingene.</li>\n<li>Spør personvernombudet.</li>\n<li>Vurder risiko.\n<ul><li>for de registrerte</li><li>for kommunen</li></ul></li>\n</ol>\n" + outro,
			[]string{
				`<ol class="diff-changed"><li>Kartlegg behandlingene.</li>`,
				`<li class="diff-added"><span class="diff-tag">Lagt til:</span> <ins><span class="visually-hidden">start på tillegg: </span>Spør personvernombudet.<span class="visually-hidden"> slutt på tillegg</span></ins></li>`,
				`<li class="diff-changed">Vurder risiko.<ul class="diff-changed"><li>for de registrerte</li>`,
				`<li class="diff-added"><span class="diff-tag">Lagt til:</span> <ins>`,
			}, Stats{Inserted: 4}},
		{"table-cell-changed",
			intro + "<table>\n<thead><tr><th>System</th><th>Eier</th><th>Risiko</th></tr></thead>\n<tbody>\n<tr><td>Sak/arkiv</td><td>Dokumentsenteret</td><td>Middels</td></tr>\n<tr><td>Lønn</td><td>HR</td><td>Høy</td></tr>\n</tbody></table>\n" + outro,
			intro + "<table>\n<thead><tr><th>System</th><th>Eier</th><th>Risiko</th></tr></thead>\n<tbody>\n<tr><td>Sak/arkiv</td><td>Dokumentsenteret</td><td>Høy</td></tr>\n<tr><td>Lønn</td><td>HR</td><td>Høy</td></tr>\n</tbody></table>\n" + outro,
			[]string{
				`<thead><tr><th>System</th><th>Eier</th><th>Risiko</th></tr>`,
				`<tr class="diff-changed"><td>Sak/arkiv</td><td>Dokumentsenteret</td><td class="diff-changed"><del>`,
				`<tr><td>Lønn</td><td>HR</td><td>Høy</td></tr>`,
			}, Stats{Inserted: 1, Deleted: 1}},
		{"paragraph-moved",
			intro + "<p>Flyttet avsnitt om logging av tilgang.</p>\n<p>Første faste avsnitt.</p>\n<p>Andre faste avsnitt.</p>\n" + outro,
			intro + "<p>Første faste avsnitt.</p>\n<p>Andre faste avsnitt.</p>\n<p>Flyttet avsnitt om logging av tilgang.</p>\n" + outro,
			[]string{
				`<p class="diff-moved-away"><span class="diff-tag">Flyttet herfra:</span> <del>`,
				`<p class="diff-moved-here"><span class="diff-tag">Flyttet hit:</span> <ins>`,
			}, Stats{}},
		{"code-and-quote",
			intro + "<div class=\"code\" tabindex=\"0\"><pre><code>logg: 30 dager\nnivå: info\n</code></pre></div>\n<blockquote><p>Sitat om ansvar.</p></blockquote>\n" + outro,
			intro + "<div class=\"code\" tabindex=\"0\"><pre><code>logg: 90 dager\nnivå: info\n</code></pre></div>\n<blockquote><p>Sitat om ansvar og tilsyn.</p></blockquote>\n" + outro,
			[]string{"<pre class=\"diff-changed\">\nlogg: <del>", "dager\nnivå: info</pre>", `<blockquote class="diff-changed"><p class="diff-changed">Sitat om ansvar`},
			Stats{Inserted: 3, Deleted: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := Tree(tt.old, tt.new)
			got := string(TreeHTML(cs, labels))
			checkTree(t, got, tt.old, tt.new)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %s", w)
				}
			}
			if s := CountTree(cs); s != tt.stats {
				t.Errorf("CountTree = %+v, want %+v", s, tt.stats)
			}
			golden := filepath.Join("testdata", "tree-"+tt.name+".golden.html")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("TreeHTML differs from %s:\n%s", golden, got)
			}
		})
	}
}

// TestTreeSame checks that a page compared with itself is all Same and
// renders as its blocks with no marks.
func TestTreeSame(t *testing.T) {
	page := "<h2>A</h2><p>B <em>c</em></p><ul><li>d</li></ul><table><tr><td>e</td></tr></table>"
	cs := Tree(page, page)
	for _, c := range cs {
		if c.Kind != Same {
			t.Errorf("block %s is %v", c.Tag, c.Kind)
		}
	}
	want := "<h2>A</h2>\n<p>B c</p>\n<ul><li>d</li>\n</ul>\n<table><tbody><tr><td>e</td></tr>\n</tbody>\n</table>\n"
	if got := string(TreeHTML(cs, labels)); got != want {
		t.Errorf("TreeHTML = %q, want %q", got, want)
	}
	if s := CountTree(cs); s.Changed() {
		t.Errorf("CountTree = %+v", s)
	}
}

// checkTree checks a rendered comparison: every element it opens is closed
// in order, and its text, without the tags and hidden labels, is the newer
// page's text when the deletions are dropped and the older page's when the
// insertions are (white space aside: blocks are laid out anew).
func checkTree(t testing.TB, out, old, new string) {
	t.Helper()
	if err := wellFormed(out); err != nil {
		t.Fatalf("%v in\n%s", err, out)
	}
	if got, want := renderedText(out, "del"), pageText(new); got != want {
		t.Fatalf("text without <del>\n got %q\nwant %q\nhtml %s", got, want, out)
	}
	if got, want := renderedText(out, "ins"), pageText(old); got != want {
		t.Fatalf("text without <ins>\n got %q\nwant %q\nhtml %s", got, want, out)
	}
}

var voids = map[string]bool{"br": true}

// wellFormed reports an element left open or closed out of order.
func wellFormed(s string) error {
	z := html.NewTokenizer(strings.NewReader(s))
	var open []string
	for {
		switch z.Next() {
		case html.ErrorToken:
			if len(open) > 0 {
				return &formError{"unclosed <" + strings.Join(open, "> <") + ">"}
			}
			return nil
		case html.StartTagToken:
			name, _ := z.TagName()
			if !voids[string(name)] {
				open = append(open, string(name))
			}
		case html.SelfClosingTagToken:
			return &formError{"self-closing tag"}
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(open) == 0 || open[len(open)-1] != string(name) {
				return &formError{"</" + string(name) + "> closes " + strings.Join(open, ">")}
			}
			open = open[:len(open)-1]
		}
	}
}

type formError struct{ msg string }

func (e *formError) Error() string { return e.msg }

// renderedText is the text of a rendered comparison without the elements
// named drop, the block tags and the hidden labels, white space removed.
func renderedText(s, drop string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0 // depth inside a dropped element
	var stack []bool
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), "")
		case html.StartTagToken:
			name, attr := z.TagName()
			if voids[string(name)] {
				continue
			}
			dropped := string(name) == drop
			for attr {
				var k, v []byte
				k, v, attr = z.TagAttr()
				if string(k) == "class" && (hasClass(string(v), "diff-tag") || hasClass(string(v), "visually-hidden")) {
					dropped = true
				}
			}
			stack = append(stack, dropped)
			if dropped {
				skip++
			}
		case html.EndTagToken:
			if n := len(stack); n > 0 {
				if stack[n-1] {
					skip--
				}
				stack = stack[:n-1]
			}
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		}
	}
}

// pageText is the text of a page's blocks as Parse reads them, white
// space removed.
func pageText(s string) string {
	var b strings.Builder
	var walk func([]*Node)
	walk = func(ns []*Node) {
		for _, n := range ns {
			b.WriteString(n.Text)
			walk(n.Children)
		}
	}
	walk(Parse(s))
	return strings.Join(strings.Fields(b.String()), "")
}
