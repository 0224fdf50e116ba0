package quiz

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestParseFormatExample(t *testing.T) {
	body, err := os.ReadFile("testdata/phishing.quiz")
	if err != nil {
		t.Fatal(err)
	}
	q, errs := Parse("quiz id=phishing shuffle=true", body, 10)
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	want := &Quiz{
		ID: "phishing", Shuffle: true, Line: 10,
		Questions: []Question{
			{
				Text: "Du får en e-post fra «IT-avdelingen» som ber deg logge inn via en lenke. Hva gjør du?",
				Line: 11,
				Options: []Option{
					{Text: "Logger inn med en gang", Line: 12, Feedback: "Lenken kan gå til en falsk side som stjeler passordet.", FeedbackLine: 13},
					{Text: "Sjekker avsenderen og melder fra til IT", Correct: true, Line: 14},
					{Text: "Videresender den til kollegene", Line: 15},
				},
				Explanation: "Phishing er den vanligste veien inn.\nMeld fra til IT **med en gang**.",
				ExplLine:    16,
			},
			{
				Text: "Hvilke av disse er personopplysninger? Velg alle som passer.",
				Line: 19,
				Options: []Option{
					{Text: "Fødselsnummer", Correct: true, Line: 20},
					{Text: "IP-adressen til en innbygger", Correct: true, Line: 21},
					{Text: "Kommunens organisasjonsnummer", Line: 22},
				},
			},
		},
	}
	if !reflect.DeepEqual(q, want) {
		t.Errorf("got  %+v\nwant %+v", q, want)
	}
	if q.Questions[0].Multi() || !q.Questions[1].Multi() {
		t.Errorf("Multi: got %v, %v; want false, true", q.Questions[0].Multi(), q.Questions[1].Multi())
	}
}

// TestParseForms covers the accepted variations of the syntax, each
// checked through the parts of the model it affects.
func TestParseForms(t *testing.T) {
	tests := []struct {
		name, info, body string
		check            func(t *testing.T, q *Quiz)
	}{
		{
			name: "no attributes", info: "quiz",
			body: "? Q\n- [ ] a\n- [x] b\n",
			check: func(t *testing.T, q *Quiz) {
				if q.ID != "" || q.Shuffle {
					t.Errorf("ID=%q Shuffle=%v; want empty, false", q.ID, q.Shuffle)
				}
			},
		},
		{
			name: "quoted and upper-case values", info: `quiz  id="Phish_2"	shuffle=TRUE`,
			body: "? Q\n- [ ] a\n- [x] b\n",
			check: func(t *testing.T, q *Quiz) {
				if q.ID != "Phish_2" || !q.Shuffle {
					t.Errorf("ID=%q Shuffle=%v", q.ID, q.Shuffle)
				}
			},
		},
		{
			name: "other bullets, upper-case X, tabs, CRLF", info: "quiz",
			body: "?\tQ\r\n* [X] a\r\n+ [ ]\tb\r\n\t> fb\r\n",
			check: func(t *testing.T, q *Quiz) {
				o := q.Questions[0].Options
				if q.Questions[0].Text != "Q" || !o[0].Correct || o[1].Text != "b" || o[1].Feedback != "fb" {
					t.Errorf("got %+v", q.Questions[0])
				}
			},
		},
		{
			name: "continued question and option", info: "quiz",
			body: "? Et langt\nspørsmål\n  over tre linjer\n- [x] et langt\n  svar\n- [ ] b\n",
			check: func(t *testing.T, q *Quiz) {
				qu := q.Questions[0]
				if qu.Text != "Et langt\nspørsmål\nover tre linjer" || qu.Options[0].Text != "et langt\nsvar" {
					t.Errorf("got %q / %q", qu.Text, qu.Options[0].Text)
				}
			},
		},
		{
			name: "paragraphs in feedback and explanation", info: "quiz",
			body: "? Q\n- [ ] a\n  > one\n  >\n  > two\n\n  > three\n- [x] b\n> x\n\n\n> y\n>\n",
			check: func(t *testing.T, q *Quiz) {
				qu := q.Questions[0]
				if qu.Options[0].Feedback != "one\n\ntwo\n\nthree" || qu.Options[0].FeedbackLine != 4 {
					t.Errorf("feedback %q at %d", qu.Options[0].Feedback, qu.Options[0].FeedbackLine)
				}
				// Line k of the explanation is line ExplLine+k of the file.
				if qu.Explanation != "x\n\n\ny" || qu.ExplLine != 10 {
					t.Errorf("explanation %q at %d", qu.Explanation, qu.ExplLine)
				}
			},
		},
		{
			name: "an empty explanation is none", info: "quiz",
			body: "? Q\n- [ ] a\n- [x] b\n>\n>  \n",
			check: func(t *testing.T, q *Quiz) {
				if q.Questions[0].Explanation != "" || q.Questions[0].ExplLine != 0 {
					t.Errorf("explanation %q at %d", q.Questions[0].Explanation, q.Questions[0].ExplLine)
				}
			},
		},
		{
			name: "blank lines anywhere between parts", info: "quiz",
			body: "\n\n? Q\n\n- [ ] a\n\n- [x] b\n\n> e\n\n? R\n- [x] c\n- [ ] d\n\n",
			check: func(t *testing.T, q *Quiz) {
				if len(q.Questions) != 2 || len(q.Questions[0].Options) != 2 || q.Questions[0].Explanation != "e" || q.Questions[1].Line != 12 {
					t.Errorf("got %+v", q.Questions)
				}
			},
		},
		{
			name: "inline Markdown kept as source", info: "quiz",
			body: "? Hva er `2FA`?\n- [x] **To** faktorer, se [veileder](../a.md)\n- [ ] _Ett_ passord\n",
			check: func(t *testing.T, q *Quiz) {
				if q.Questions[0].Text != "Hva er `2FA`?" || q.Questions[0].Options[0].Text != "**To** faktorer, se [veileder](../a.md)" {
					t.Errorf("got %+v", q.Questions[0])
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, errs := Parse(tt.info, []byte(tt.body), 1)
			if len(errs) != 0 {
				t.Fatalf("errors: %v", errs)
			}
			tt.check(t, q)
		})
	}
}

// TestParseErrors checks every kind of mistake: the lines reported (the
// fence is line 1, so the body starts at line 2) and a telling part of
// each message.
func TestParseErrors(t *testing.T) {
	valid := "? Q\n- [ ] a\n- [x] b\n"
	tests := []struct {
		name, info, body string
		want             []Error // Msg holds a substring of the message
	}{
		{"empty quiz", "quiz", "", []Error{{1, "the quiz has no questions"}}},
		{"only blank lines", "quiz", "\n  \n", []Error{{1, "no questions"}}},
		{"question without options", "quiz", "? Q\n", []Error{{2, "question 1 has no options"}}},
		{"question with one option", "quiz", "? Q\n- [x] a\n", []Error{{2, "question 1 has only one option"}}},
		{"no correct option", "quiz", valid + "? R\n- [ ] a\n- [ ] b\n", []Error{{5, "question 2 has no correct option"}}},
		{"question without text", "quiz", "?\n- [ ] a\n- [x] b\n", []Error{{2, `question 1 has no text after "? "`}}},
		{"option without text", "quiz", "? Q\n- [ ] a\n- [x]\n", []Error{{4, `option has no text after "- [x]"`}}},
		{"unknown attribute", "quiz id=a title=x", valid, []Error{{1, `unknown quiz attribute "title"; allowed: id, shuffle`}}},
		{"attribute without =", "quiz #phishing", valid, []Error{{1, `unknown quiz attribute "#phishing"`}}},
		{"known attribute without value", "quiz shuffle", valid, []Error{{1, `quiz attribute "shuffle" needs a value, e.g. shuffle=true`}}},
		{"bad shuffle value", "quiz shuffle=ja", valid, []Error{{1, `shuffle="ja": use shuffle=true or shuffle=false`}}},
		{"bad id", "quiz id=Phishing-test!", valid, []Error{{1, `id="Phishing-test!": use only letters a–z, digits, '-' and '_', starting with a letter or digit (for example id=phishing-test)`}}},
		{"id with Norwegian letters", "quiz id=personvern-på-jobb", valid, []Error{{1, "(for example id=personvern-pa-jobb)"}}},
		{"empty id", `quiz id=""`, valid, []Error{{1, "quiz attribute id is empty"}}},
		{"attribute twice", "quiz id=a id=b", valid, []Error{{1, `quiz attribute "id" is given twice`}}},
		{"unclosed quote", `quiz id="a b`, valid, []Error{{1, "a quote (\") is not closed"}}},
		{"text before first question", "quiz", "Velg riktig svar:\nog mer\n" + valid, []Error{{2, `text outside a question: "Velg riktig svar:"`}}},
		{"explanation before first question", "quiz", "> forklaring\n" + valid, []Error{{2, "text outside a question"}}},
		{"option before first question", "quiz", "- [x] a\n" + valid, []Error{{2, "option outside a question"}}},
		{"list item without checkbox", "quiz", "? Q\n- a\n- [x] b\n- [ ] c\n", []Error{{3, `"- a" is not an option`}}},
		{"odd checkbox", "quiz", "? Q\n- [y] a\n- [x] b\n- [ ] c\n", []Error{{3, `"- [y] a" is not an option`}}},
		{"stray text after options", "quiz", valid + "Husk dette\nog dette\n", []Error{{5, `unexpected text "Husk dette" in question 1`}}},
		{"text after a blank line does not continue", "quiz", "? Q\n\nmer\n- [ ] a\n- [x] b\n", []Error{{4, `unexpected text "mer"`}}},
		{"unindented option continuation", "quiz", "? Q\n- [ ] a\nfortsatt\n- [x] b\n", []Error{{4, `unexpected text "fortsatt"`}}},
		{"lazy explanation continuation", "quiz", valid + "> a\nb\n", []Error{{6, `unexpected text "b"`}}},
		{"feedback with no option", "quiz", "? Q\n  > fb\n- [ ] a\n- [x] b\n", []Error{{3, "feedback (indented \"> \") must stand under an option"}}},
		{"feedback after explanation", "quiz", valid + "> e\n  > fb\n", []Error{{6, "option feedback (indented \"> \") after the explanation of question 1"}}},
		{"option after explanation", "quiz", "? Q\n- [ ] a\n> e\n- [x] b\n", []Error{{5, "option after the explanation of question 1"}}},
		{
			"several problems in line order", "quiz bad=1",
			"tekst\n? Q\n- [x] a\n? R\n- [ ] a\n- [ ] b\n",
			[]Error{{1, "unknown quiz attribute"}, {2, "text outside a question"}, {3, "question 1 has only one option"}, {5, "question 2 has no correct option"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, errs := Parse(tt.info, []byte(tt.body), 1)
			if q == nil {
				t.Fatal("Parse returned a nil quiz")
			}
			if len(errs) != len(tt.want) {
				t.Fatalf("got %d errors %v; want %v", len(errs), errs, tt.want)
			}
			for i, w := range tt.want {
				if errs[i].Line != w.Line || !strings.Contains(errs[i].Msg, w.Msg) {
					t.Errorf("error %d = %v; want line %d containing %q", i, errs[i], w.Line, w.Msg)
				}
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	if got := (Error{Line: 7, Msg: "m"}).Error(); got != "line 7: m" {
		t.Errorf("Error() = %q", got)
	}
}

func TestRev(t *testing.T) {
	parse := func(body string) string {
		q, errs := Parse("quiz", []byte(body), 1)
		if len(errs) != 0 {
			t.Fatal(errs)
		}
		return q.Rev()
	}
	base := parse("? Q\n- [ ] a\n- [x] b\n> e\n")
	if len(base) != 8 {
		t.Errorf("Rev() = %q; want 8 hex digits", base)
	}
	if got := parse("? Q\n- [ ] a\n- [x] b\n> another explanation\n"); got != base {
		t.Errorf("an explanation changed Rev: %s != %s", got, base)
	}
	for _, changed := range []string{
		"? Q\n- [x] a\n- [ ] b\n",             // correct flag moved
		"? Q\n- [x] b\n- [ ] a\n",             // options reordered
		"? Q2\n- [ ] a\n- [x] b\n",            // question edited
		"? Q\n- [ ] a\n- [x] b\n- [ ] c\n",    // option added
		"? Q\n- [ ] a\n? b\n- [x] b\n- [ ] c", // structure changed
	} {
		q, _ := Parse("quiz", []byte(changed), 1)
		if q.Rev() == base {
			t.Errorf("Rev unchanged for %q", changed)
		}
	}
}
