package checklist

import (
	"html"
	"html/template"
	"io"
	"strconv"
	"strings"
)

// The HTML of a question is shared by the markdown converter (questions on
// their own page) and the checklist page templates (questions gathered from
// other pages), and read by checklist.js. Element ids live in separate
// namespaces so that they cannot clash whatever the question ids are:
//
//	cq-<id>          the question's fieldset (a link target)
//	cq_<value>_<id>  an answer's input (level values hold no '_')
//	cqd_<value>_<id> an answer's description
//	cqp_<id>         the action plan block
//	cqa_<id>, cqw_<id>, cqf_<id>  action, responsible and due date inputs
//
// UI strings come from the checklist i18n file under the keys below.
const (
	keyGuidance = "cq.guidance" // summary of the guidance disclosure
	keyFrom     = "cq.from"     // before the back-link of a gathered question
	keyAction   = "cq.action"   // label of the action (tiltak) field
	keyWho      = "cq.who"      // label of the responsible person field
	keyDue      = "cq.due"      // label of the due date field
	keyLevels   = "cq.levels"   // summary of the scale note: what the levels mean
)

// RenderOptions change how a question is rendered.
type RenderOptions struct {
	// SourceURL and SourceTitle are set for a question gathered onto a
	// checklist page from another page: the question links back to it.
	SourceURL   string
	SourceTitle string
	// InGroup is set when the question stands in a group whose heading
	// already names and links its source page (RenderGroup): a "Fra …"
	// line under every question would repeat it.
	InGroup bool
}

// RenderQuestion writes a question as an accessible form group:
//
//	<fieldset class="cq" id="cq-<id>" data-q="<id>" data-scale="<scale>" data-page="<page id>"
//	    data-area="<heading id>" data-area-title="<heading text>" data-nsm="<refs>"
//	    data-source-title="<page title>">
//	<legend class="cq-q">question</legend>
//	<div class="cq-answers"><div class="cq-opt"><input type="radio" name="cq-<id>" id="cq_<value>_<id>"
//	    value="<value>" data-score="<0–100|-1>"><label for="cq_<value>_<id>">label</label>
//	    <span class="cq-desc" id="cqd_<value>_<id>">description</span></div>…</div>
//	<details class="cq-guidance"><summary>Veiledning</summary>guidance</details>
//	<p class="cq-from">Fra <a href="<url>#cq-<id>">page title</a></p>      (gathered only)
//	<div class="cq-plan" id="cqp_<id>" hidden>action, responsible, due date</div>
//	</fieldset>
//
// A check scale gets one checkbox and no action plan. The data-area*
// attributes are left out for a question above the page's first heading;
// data-nsm is written when the question has NSM references and, for a
// gathered question, always (possibly empty), so that checklist.js takes
// the page-level fallback from an ancestor's data-nsm only for questions
// of the page itself. t looks up UI strings.
func RenderQuestion(w io.Writer, q *Question, s Scale, t func(string) string, opt RenderOptions) error {
	var b strings.Builder
	id := q.ID
	gathered := opt.SourceURL != ""
	own := ownLevels(q, s)
	class := "cq"
	if own {
		class += " cq-described"
	}
	b.WriteString(`<fieldset class="` + class + `" id="cq-` + esc(id) + `" data-q="` + esc(id) +
		`" data-scale="` + esc(s.Name) + `" data-page="` + esc(q.PageID) + `"`)
	if q.AreaID != "" {
		b.WriteString(` data-area="` + esc(q.AreaID) + `"`)
	}
	if q.Area != "" {
		b.WriteString(` data-area-title="` + esc(q.Area) + `"`)
	}
	if refs := q.Refs(); len(refs) > 0 || gathered {
		b.WriteString(` data-nsm="` + esc(strings.Join(refs, " ")) + `"`)
	}
	if gathered && opt.SourceTitle != "" {
		b.WriteString(` data-source-title="` + esc(opt.SourceTitle) + `"`)
	}
	b.WriteString(">\n<legend class=\"cq-q\">")
	html, guidance := q.HTML, q.Guidance
	if gathered {
		// Links within the source page ("#hva-sier-regelverket") lead
		// there, not to a heading the checklist page lacks.
		html, guidance = toSource(html, opt.SourceURL), toSource(guidance, opt.SourceURL)
	}
	if html != "" {
		b.WriteString(html)
	} else {
		b.WriteString(esc(q.Text))
	}
	b.WriteString("</legend>\n")
	b.WriteString(`<div class="cq-answers">` + "\n")
	kind := "radio"
	if s.IsCheck() {
		kind = "checkbox"
	}
	for _, l := range s.Levels {
		in := "cq_" + l.Value + "_" + id
		b.WriteString(`<div class="cq-opt"><input type="` + kind + `" name="cq-` + esc(id) + `" id="` + esc(in) +
			`" value="` + esc(l.Value) + `" data-score="` + strconv.Itoa(l.Score) + `"`)
		desc := ""
		if own {
			desc = strings.TrimSpace(q.Levels[l.Value])
			if gathered {
				desc = toSource(desc, opt.SourceURL)
			}
		}
		if desc != "" {
			b.WriteString(` aria-describedby="cqd_` + esc(l.Value+"_"+id) + `"`)
		}
		b.WriteString(`><label for="` + esc(in) + `">` + esc(l.Label) + "</label>")
		if desc != "" {
			b.WriteString(` <span class="cq-desc" id="cqd_` + esc(l.Value+"_"+id) + `">` + desc + "</span>")
		}
		b.WriteString("</div>\n")
	}
	b.WriteString("</div>\n")
	if strings.TrimSpace(guidance) != "" {
		b.WriteString(`<details class="cq-guidance"><summary>` + esc(t(keyGuidance)) + "</summary>\n")
		b.WriteString(guidance)
		if !strings.HasSuffix(guidance, "\n") {
			b.WriteByte('\n')
		}
		b.WriteString("</details>\n")
	}
	if gathered && !opt.InGroup {
		title := opt.SourceTitle
		if title == "" {
			title = q.PageID
		}
		b.WriteString(`<p class="cq-from">` + esc(t(keyFrom)) + ` <a href="` + esc(opt.SourceURL) + `#cq-` + esc(id) + `">` + esc(title) + "</a></p>\n")
	}
	if !s.IsCheck() {
		e := esc(id)
		b.WriteString(`<div class="cq-plan" id="cqp_` + e + `" hidden>` + "\n" +
			`<div class="cq-field cq-field-action"><label for="cqa_` + e + `">` + esc(t(keyAction)) + `</label> <textarea id="cqa_` + e + `" data-field="action" rows="2"></textarea></div>` + "\n" +
			`<div class="cq-field"><label for="cqw_` + e + `">` + esc(t(keyWho)) + `</label> <input type="text" id="cqw_` + e + `" data-field="who" autocomplete="off"></div>` + "\n" +
			`<div class="cq-field"><label for="cqf_` + e + `">` + esc(t(keyDue)) + `</label> <input type="date" id="cqf_` + e + `" data-field="due"></div>` + "\n" +
			"</div>\n")
	}
	b.WriteString("</fieldset>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// RenderGroup writes the questions gathered from one source page for a
// checklist page: a section headed by a link to the page (a heading of
// the given level, 2 when out of range), its areas as headings one level
// below, and the questions as lists:
//
//	<section class="cq-group" data-page="<page id>" aria-labelledby="cqg_<page id>">
//	<h2 class="cq-group-title" id="cqg_<page id>"><a href="<url>">title</a></h2>
//	<h3 class="cq-area">area</h3>
//	<ul class="cq-list"><li class="cq-item"><fieldset class="cq" …>…</fieldset></li>…</ul>
//	</section>
//
// The area headings are left out when all the page's questions share one
// area: a one-pager keeps its questions under one generic heading
// ("Kontrollspørsmål"), which under the page's own title says nothing.
// A question whose scale is not in scales (already reported when its page
// was converted) is shown with the default scale.
func RenderGroup(w io.Writer, src *Source, scales map[string]Scale, t func(string) string, level int) error {
	if level < 1 || level > 5 {
		level = 2
	}
	h, ha := "h"+strconv.Itoa(level), "h"+strconv.Itoa(level+1)
	gid := "cqg_" + strings.Join(strings.Fields(src.PageID), "-")
	var b strings.Builder
	b.WriteString(`<section class="cq-group" data-page="` + esc(src.PageID) + `" aria-labelledby="` + esc(gid) + `">` + "\n")
	b.WriteString("<" + h + ` class="cq-group-title" id="` + esc(gid) + `"><a href="` + esc(src.URL) + `">` + esc(src.Title) + "</a></" + h + ">\n")
	opt := RenderOptions{SourceURL: src.URL, SourceTitle: src.Title, InGroup: true}
	if len(src.Questions) > 0 {
		// A page has one scale: its general level texts once, for the group.
		if s, ok := scales[src.Questions[0].Scale]; ok {
			if err := RenderScaleNote(&b, s, t); err != nil {
				return err
			}
		}
	}
	areas := len(distinctAreas(src.Questions)) > 1
	open := false
	for i, q := range src.Questions {
		if i == 0 || !sameArea(q, src.Questions[i-1]) {
			if open {
				b.WriteString("</ul>\n")
			}
			if areas && q.Area != "" {
				b.WriteString("<" + ha + ` class="cq-area">` + esc(q.Area) + "</" + ha + ">\n")
			}
			b.WriteString(`<ul class="cq-list">` + "\n")
			open = true
		}
		s, ok := scales[q.Scale]
		if !ok {
			s = scales[DefaultScale]
		}
		b.WriteString(`<li class="cq-item">`)
		if err := RenderQuestion(&b, q, s, t, opt); err != nil {
			return err
		}
		b.WriteString("</li>\n")
	}
	if open {
		b.WriteString("</ul>\n")
	}
	b.WriteString("</section>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// ownLevels reports whether q has a text of its own for any level of s.
func ownLevels(q *Question, s Scale) bool {
	for _, l := range s.Levels {
		if strings.TrimSpace(q.Levels[l.Value]) != "" {
			return true
		}
	}
	return false
}

// RenderScaleNote writes the general descriptions of a scale's levels once,
// behind a disclosure, for the questions that follow it:
//
//	<details class="cq-scale-note" data-scale="<scale>"><summary>Hva betyr nivåene?</summary>
//	<dl><dt>1 – Initiell</dt><dd>description</dd>…</dl></details>
//
// It writes nothing for a scale without descriptions (Ja/Delvis/Nei says
// what it means). A level without a description has an empty dd.
func RenderScaleNote(w io.Writer, s Scale, t func(string) string) error {
	if !s.Described() {
		return nil
	}
	var b strings.Builder
	b.WriteString(`<details class="cq-scale-note" data-scale="` + esc(s.Name) + `"><summary>` + esc(t(keyLevels)) + "</summary>\n<dl>\n")
	for _, l := range s.Levels {
		// A dt needs its dd, empty or not, for the list to be well formed.
		b.WriteString("<dt>" + esc(l.Label) + "</dt><dd>" + esc(l.Description) + "</dd>\n")
	}
	b.WriteString("</dl>\n</details>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// distinctAreas returns the distinct areas of questions, in the order they
// first appear, each as the first question under it.
func distinctAreas(qs []*Question) []*Question {
	var out []*Question
	for _, q := range qs {
		seen := false
		for _, a := range out {
			seen = seen || sameArea(a, q)
		}
		if !seen {
			out = append(out, q)
		}
	}
	return out
}

func sameArea(a, b *Question) bool { return a.AreaID == b.AreaID && a.Area == b.Area }

// GroupHTML is RenderGroup for templates.
func GroupHTML(src *Source, scales map[string]Scale, t func(string) string, level int) template.HTML {
	var b strings.Builder
	_ = RenderGroup(&b, src, scales, t, level) // a strings.Builder does not fail
	return template.HTML(b.String())
}

func esc(s string) string { return html.EscapeString(s) }

// toSource points the in-page links of a question's HTML (href="#x") at
// the page the question is written on.
func toSource(html, sourceURL string) string {
	return strings.ReplaceAll(html, `href="#`, `href="`+esc(sourceURL)+`#`)
}
