package build

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"strconv"
	"strings"

	"github.com/varde-portal/varde/internal/checklist"
	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/edition"
	"github.com/varde-portal/varde/internal/reference"
	"github.com/varde-portal/varde/internal/render"
	"github.com/varde-portal/varde/internal/site"
	"github.com/varde-portal/varde/internal/survey"
)

// Surveys ([[surveys]] in config.toml, docs/modenhet.md): the share files
// in a survey's folder are validated against the checklist they answer,
// in its current version or an edition's, and aggregated with no group
// under k shown (internal/survey). Each survey gets a page per language,
// /modenhet/<name>/, with its figures as tables and SVG charts that need
// no script, a CSV of the figures per language and a JSON of them; the
// checklist page it is about gets the "share your answers" box.

// surveySite is one survey, loaded.
type surveySite struct {
	cfg    config.Survey
	index  int
	def    *survey.Definition
	res    *survey.Result
	pages  map[string]*site.Page // language → the survey's page
	checks map[string]*site.Page // language → the checklist page
	qs     map[string][]survey.Question
	views  map[string]*SurveyView
}

// SurveyLink is what a checklist page shows about a survey of it.
type SurveyLink struct {
	Name, Title, URL string
	Checklist        string
	Version          string // the version a share file written here records
	IDs              string // the questions' ids, space-separated
}

// SurveyDefinition returns the definition of the survey of config.toml
// named name, as the build would check its files: varde survey check uses
// it for a folder of files that may not be in the site yet.
func SurveyDefinition(l *Loaded, name string) (*survey.Definition, error) {
	for i, c := range l.Config.Surveys {
		if c.Name == name {
			var diags diag.List
			sv := newSurvey(l, i, c, &diags)
			if sv == nil {
				return nil, diags.Err()
			}
			return sv.def, nil
		}
	}
	var names []string
	for _, c := range l.Config.Surveys {
		names = append(names, c.Name)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("config.toml has no [[surveys]]")
	}
	return nil, fmt.Errorf("no survey is named %q (config.toml has %s)", name, strings.Join(names, ", "))
}

// addSurveys loads every survey of config.toml and adds its pages. Bad
// share files are warnings, and left out; with strict they are errors.
func addSurveys(l *Loaded, strict bool, diags *diag.List) []*surveySite {
	var out []*surveySite
	for i, c := range l.Config.Surveys {
		sv := newSurvey(l, i, c, diags)
		if sv == nil {
			continue
		}
		in, problems := readSurveyFiles(l.Renderer.Theme.SiteFS(), c.Dir)
		for _, p := range problems {
			report(diags, strict, p)
		}
		rs, ps := sv.def.Check(in)
		for _, p := range ps {
			report(diags, strict, p)
		}
		sv.res = sv.def.Aggregate(rs)
		sv.addPages(l, diags)
		out = append(out, sv)
	}
	return out
}

// report turns a problem with a share file into a diagnostic.
func report(diags *diag.List, strict bool, p survey.Problem) {
	msg := p.Msg
	if p.Field != "" {
		msg = p.Field + ": " + msg
	}
	if strict {
		diags.Errorf(p.File, p.Line, "%s", msg)
		return
	}
	diags.Warnf(p.File, p.Line, "%s; the file is not counted (varde build --strict makes this an error)", msg)
}

// readSurveyFiles reads the share files of a survey's folder.
func readSurveyFiles(fsys fs.FS, dir string) ([]survey.Input, []survey.Problem) {
	names, err := survey.Files(fsys, dir)
	if err != nil {
		return nil, []survey.Problem{{File: dir, Line: 0, Msg: fmt.Sprintf("the survey's folder cannot be read (%v); the page shows no answers", unwrapPathErr(err))}}
	}
	var in []survey.Input
	var ps []survey.Problem
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			ps = append(ps, survey.Problem{File: n, Msg: fmt.Sprintf("cannot be read: %v", unwrapPathErr(err))})
			continue
		}
		in = append(in, survey.Input{Name: n, Data: data})
	}
	return in, ps
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if e, ok := err.(*fs.PathError); ok {
		pe = e
		return pe.Err
	}
	return err
}

// newSurvey makes a survey's definition: its checklist's questions in the
// default language, and every version a share file may record (the
// current checklist in each language, and each edition's).
func newSurvey(l *Loaded, i int, c config.Survey, diags *diag.List) *surveySite {
	s := l.Site
	def := s.Langs[0]
	if l.Config.DefaultLanguage != "" && s.Home[l.Config.DefaultLanguage] != nil {
		def = l.Config.DefaultLanguage
	}
	scales := surveyScales(l.Config)
	sv := &surveySite{cfg: c, index: i, pages: map[string]*site.Page{}, checks: map[string]*site.Page{}, qs: map[string][]survey.Question{}, views: map[string]*SurveyView{}}
	for _, lang := range s.Langs {
		p, qs := checklistQuestions(s, scales[lang], c.Checklist, lang)
		if p == nil {
			continue
		}
		sv.checks[lang], sv.qs[lang] = p, qs
	}
	line := l.Config.Line(fmt.Sprintf("surveys[%d].checklist", i))
	if sv.checks[def] == nil {
		var ids []string
		for _, p := range s.ContentPages(def) {
			if len(p.Questions) > 0 {
				ids = append(ids, p.ID)
			}
		}
		diags.Errorf(config.File, line, "surveys[%d].checklist: no page has the id %q%s", i, c.Checklist, suggestPageID(c.Checklist, ids))
		return nil
	}
	if len(sv.qs[def]) == 0 {
		diags.Errorf(config.File, line, "surveys[%d].checklist: the page %q (%s) has no control questions to survey", i, c.Checklist, sv.checks[def].Source.File)
		return nil
	}
	sv.def = &survey.Definition{Name: c.Name, Checklist: c.Checklist, K: c.K, Questions: sv.qs[def]}
	for _, lang := range s.Langs {
		if qs := sv.qs[lang]; len(qs) > 0 {
			sv.def.AddVersion(survey.NewVersion(c.Checklist, "", lang, qs, nil, nil))
		}
	}
	for _, ed := range l.editions {
		for _, lang := range ed.l.Site.Langs {
			p, old := checklistQuestions(ed.l.Site, scales[lang], c.Checklist, lang)
			if p == nil || len(old) == 0 {
				continue
			}
			cur := sv.qs[lang]
			if cur == nil {
				cur = sv.qs[def]
			}
			sv.def.AddVersion(survey.NewVersion(c.Checklist, ed.cfg.Name, lang, old, cur, questionChanges(lang, old, cur)))
		}
	}
	return sv
}

// questionChanges asks the edition changelog which questions were
// reworded or removed between an edition's checklist and the current one.
func questionChanges(lang string, old, cur []survey.Question) map[string]string {
	page := func(qs []survey.Question) []edition.Page {
		p := edition.Page{ID: "checklist", Lang: lang}
		for _, q := range qs {
			p.Questions = append(p.Questions, edition.Question{ID: q.ID, Text: q.Text})
		}
		return []edition.Page{p}
	}
	log := edition.Compare(page(old), page(cur))
	out := map[string]string{}
	for _, q := range log.Questions.Reworded {
		out[q.ID] = "reworded"
	}
	for _, q := range log.Questions.Removed {
		out[q.ID] = "removed"
	}
	return out
}

func suggestPageID(id string, ids []string) string {
	if len(ids) == 0 {
		return "; the site has no page with control questions"
	}
	return didYouMeanID(id, ids)
}

func didYouMeanID(id string, ids []string) string {
	best, bestD := "", 4
	for _, c := range ids {
		if d := editDistance(id, c); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is Levenshtein's distance, for suggestions.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

// surveyScales resolves the answer scales per language; problems with
// them are reported by the checklist stage.
func surveyScales(cfg *config.Config) map[string]map[string]checklist.Scale {
	custom, _ := checklist.DecodeScales(cfg.Scales)
	out := map[string]map[string]checklist.Scale{}
	for _, lang := range cfg.LanguageOrder {
		out[lang], _ = checklist.Scales(lang, custom)
	}
	return out
}

// checklistQuestions returns the page id in lang and the questions it
// shows: its own by area, then those it gathers, each gathered page as one
// area, as the checklist's summary groups them.
func checklistQuestions(s *site.Site, scales map[string]checklist.Scale, id, lang string) (*site.Page, []survey.Question) {
	p := s.ByID(id, lang)
	if p == nil || !p.IsContent() {
		return nil, nil
	}
	var out []survey.Question
	add := func(q *checklist.Question, area, title string) {
		sc, ok := scales[q.Scale]
		if !ok {
			return // an unknown scale is the checklist stage's error
		}
		out = append(out, survey.Question{ID: q.ID, Text: q.Text, Area: area, AreaTitle: title, Categories: q.Categories(), Scale: sc})
	}
	for _, q := range p.Questions {
		title := q.Area
		if title == "" {
			title = p.Title
		}
		add(q, "a:"+q.AreaID, title)
	}
	if collect := p.Source.Meta.Collect; len(collect) > 0 {
		var pool []*checklist.Source
		for _, c := range contentInMenuOrder(s) {
			if c.Lang == lang {
				pool = append(pool, &checklist.Source{PageID: c.ID, Title: c.Title, URL: c.URL, File: c.Source.File, Type: c.Type, Questions: c.Questions})
			}
		}
		self := &checklist.Source{PageID: p.ID, Title: p.Title, URL: p.URL, File: p.Source.File, Type: p.Type, Questions: p.Questions}
		groups, _ := checklist.Collect(self, collect, 0, pool) // its problems are the checklist stage's
		for _, g := range groups {
			for _, q := range g.Questions {
				add(q, "p:"+g.PageID, g.Title)
			}
		}
	}
	return p, out
}

// addPages adds the survey's page in every language its checklist has.
func (sv *surveySite) addPages(l *Loaded, diags *diag.List) {
	s, r := l.Site, l.Renderer
	for _, lang := range s.Langs {
		if s.Home[lang] == nil || sv.checks[lang] == nil {
			continue
		}
		pre := s.LangPrefix(lang)
		p := &site.Page{Lang: lang, ID: "modenhet/" + sv.cfg.Name, Type: "survey", Layout: "survey", Title: sv.cfg.Title,
			Description: fill(r.Strings.T(lang, "sv.description"), sv.checks[lang].Title),
			Path:        pre + "/modenhet/" + sv.cfg.Name + "/"}
		var ds diag.List
		s.AddSpecial(p, &ds)
		if ds.HasErrors() {
			// Another page has the address: name the survey's line.
			for _, d := range ds.Items() {
				diags.Errorf(config.File, l.Config.Line(fmt.Sprintf("surveys[%d].name", sv.index)), "surveys[%d].name: /modenhet/%s/ is taken: %s", sv.index, sv.cfg.Name, d.Msg)
			}
			continue
		}
		sv.pages[lang] = p
		v := sv.view(l, lang)
		sv.views[lang] = v
		p.Data = map[string]any{"survey": v}
	}
}

// surveyExtra gives a checklist page the surveys of it, for the share box.
func (l *Loaded) surveyExtra(p *site.Page, m map[string]any) {
	var links []SurveyLink
	for _, sv := range l.surveys {
		if sv.checks[p.Lang] != p || sv.pages[p.Lang] == nil {
			continue
		}
		links = append(links, sv.link(p.Lang))
	}
	if len(links) > 0 {
		m["surveys"] = links
	}
}

func (sv *surveySite) link(lang string) SurveyLink {
	qs := sv.qs[lang]
	ids := make([]string, len(qs))
	for i, q := range qs {
		ids[i] = q.ID
	}
	return SurveyLink{Name: sv.cfg.Name, Title: sv.cfg.Title, URL: sv.pages[lang].URL, Checklist: sv.cfg.Checklist,
		Version: survey.VersionID(sv.cfg.Checklist, qs), IDs: strings.Join(ids, " ")}
}

// SurveyView is a survey's page as its layout shows it, in one language.
type SurveyView struct {
	Name, Title string
	K           int
	Checklist   *site.Page
	Share       SurveyLink
	Enough      bool
	N           int
	Roles       []SurveyRole
	Areas       []SurveyGroup
	Categories  []SurveyGroup
	Sections    []SurveySection // the questions, by area
	Lowest      []*SurveyQuestion
	Spread      []*SurveyQuestion
	Apart       []*SurveyQuestion
	CSV, JSON   string // addresses of the figures as files
	Scale       []SurveyTick
}

// SurveyRole is a row of respondents per role.
type SurveyRole struct {
	Label  string
	Count  int
	Hidden bool
}

// SurveyGroup is an area or NSM category with its quartiles.
type SurveyGroup struct {
	Key, Label string
	Stats      *SurveyStats
	ByRole     []SurveyRoleStats
}

// SurveyRoleStats is an area's quartiles for one role.
type SurveyRoleStats struct {
	Role  string
	Label string
	Stats *SurveyStats
}

// SurveySection is an area and its questions.
type SurveySection struct {
	Key, Label, Anchor string
	Questions          []*SurveyQuestion
}

// SurveyQuestion is a question's figures.
type SurveyQuestion struct {
	ID, Text, Area, Anchor string
	N                      int
	Hidden                 bool
	Cells                  []SurveyCell
	HiddenSum              int     // answers in hidden cells together (N minus the shown cells)
	HiddenX, HiddenW       float64 // that share in the distribution bar
	Stats                  *SurveyStats
	Scores                 string // "value:score …", for the comparison script
	Edition, Why           string
}

// SurveyCell is one level of a question's distribution.
type SurveyCell struct {
	Label, Value string
	Count        int
	Hidden       bool
	Class        string  // colour of the level
	X, W         float64 // its share in the distribution bar (0–100)
}

// SurveyStats are quartiles as shown: text in the language, plain numbers
// for the script, and the geometry of the box plot.
type SurveyStats struct {
	N                 int
	Q1, Median, Q3    string // "2,5"
	RQ1, RMedian, RQ3 string // "2.5"
	BoxX, BoxW, MedX  float64
	MedianLevel       int // 1–4, for the colour of the median
}

// SurveyTick is a mark of the 1–4 axis under the box plots.
type SurveyTick struct {
	Label string
	X     float64
}

// Box plots are drawn in a 0–100 wide SVG: level 1 at 4, level 4 at 96.
func levelX(v float64) float64 { return math.Round((4+(v-1)*92/3)*100) / 100 }

func (sv *surveySite) view(l *Loaded, lang string) *SurveyView {
	r := l.Renderer
	t := func(key string) string { return r.Strings.T(lang, key) }
	res := sv.res
	num := func(x float64) string {
		s := strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64)
		if lang != "en" {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	}
	stats := func(q *survey.Quartiles) *SurveyStats {
		if q == nil {
			return nil
		}
		return &SurveyStats{N: q.N, Q1: num(q.Q1), Median: num(q.Median), Q3: num(q.Q3),
			RQ1: survey.Round2(q.Q1), RMedian: survey.Round2(q.Median), RQ3: survey.Round2(q.Q3),
			BoxX: levelX(q.Q1), BoxW: math.Max(levelX(q.Q3)-levelX(q.Q1), 0.8), MedX: levelX(q.Median),
			MedianLevel: int(math.Max(1, math.Min(4, math.Round(q.Median))))}
	}
	pre := l.Site.LangPrefix(lang)
	v := &SurveyView{Name: sv.cfg.Name, Title: sv.cfg.Title, K: sv.cfg.K, Checklist: sv.checks[lang], Share: sv.link(lang),
		Enough: res.Enough, N: res.N,
		CSV:  pathURL(l.Site, pre+"/modenhet/"+sv.cfg.Name+"/"+surveyCSVName(sv.cfg.Name)),
		JSON: pathURL(l.Site, "/modenhet/"+sv.cfg.Name+"/"+surveyJSONName(sv.cfg.Name))}
	for i := 1; i <= 4; i++ {
		v.Scale = append(v.Scale, SurveyTick{Label: strconv.Itoa(i), X: levelX(float64(i))})
	}
	// Texts in this language, by question id; a question without a
	// translation keeps the default language's text.
	local := map[string]survey.Question{}
	for _, q := range sv.qs[lang] {
		local[q.ID] = q
	}
	text := func(q survey.Question) survey.Question {
		if lq, ok := local[q.ID]; ok {
			return lq
		}
		return q
	}
	areaTitle := map[string]string{}
	for _, q := range sv.def.Questions {
		if _, ok := areaTitle[q.Area]; !ok {
			areaTitle[q.Area] = text(q).AreaTitle
		}
	}
	for _, rc := range res.Roles {
		v.Roles = append(v.Roles, SurveyRole{Label: t("sv.role." + rc.Role), Count: rc.Count, Hidden: rc.Hidden})
	}
	group := func(g survey.GroupStat, label string) SurveyGroup {
		out := SurveyGroup{Key: g.Key, Label: label, Stats: stats(g.Stats)}
		for _, role := range survey.Roles {
			if s := g.ByRole[role]; s != nil {
				out.ByRole = append(out.ByRole, SurveyRoleStats{Role: role, Label: t("sv.role." + role), Stats: stats(s)})
			}
		}
		return out
	}
	for _, g := range res.Areas {
		v.Areas = append(v.Areas, group(g, areaTitle[g.Key]))
	}
	cats := map[string]string{}
	for _, c := range reference.NSMCategories() {
		cats[strconv.Itoa(c.Number)] = c.Title.Get(lang)
	}
	for _, g := range res.Categories {
		v.Categories = append(v.Categories, group(g, g.Key+". "+cats[g.Key]))
	}
	byID := map[string]*SurveyQuestion{}
	sections := map[string]*SurveySection{}
	for i, qs := range res.Questions {
		q := text(sv.def.Questions[i])
		sq := sv.question(qs, q, stats, t)
		sq.Area = sv.def.Questions[i].Area
		byID[qs.ID] = sq
		sec := sections[sq.Area]
		if sec == nil {
			sec = &SurveySection{Key: sq.Area, Label: areaTitle[sq.Area], Anchor: fmt.Sprintf("omrade-%d", len(v.Sections)+1)}
			sections[sq.Area] = sec
			v.Sections = append(v.Sections, SurveySection{})
		}
		sec.Questions = append(sec.Questions, sq)
	}
	// Sections in the order their first question comes.
	v.Sections = v.Sections[:0]
	seen := map[string]bool{}
	for _, q := range sv.def.Questions {
		if !seen[q.Area] {
			seen[q.Area] = true
			if sec := sections[q.Area]; sec != nil {
				v.Sections = append(v.Sections, *sec)
			}
		}
	}
	for _, id := range res.Lowest {
		v.Lowest = append(v.Lowest, byID[id])
	}
	for _, id := range res.Spread {
		v.Spread = append(v.Spread, byID[id])
	}
	for _, qs := range res.Apart {
		var old survey.Question
		for _, ver := range sv.def.Versions {
			if ver.Edition == qs.Edition {
				if q, ok := ver.Questions[qs.ID]; ok && (old.ID == "" || ver.Lang == lang) {
					old = q
				}
			}
		}
		sq := sv.question(qs, old, stats, t)
		sq.Anchor = "endret-" + qs.Edition + "-" + qs.ID
		sq.Edition, sq.Why = qs.Edition, t("sv.why."+qs.Why)
		v.Apart = append(v.Apart, sq)
	}
	return v
}

// question makes a question's row.
func (sv *surveySite) question(qs survey.QuestionStat, q survey.Question, stats func(*survey.Quartiles) *SurveyStats, t func(string) string) *SurveyQuestion {
	sq := &SurveyQuestion{ID: qs.ID, Text: q.Text, Anchor: "q-" + qs.ID, N: qs.N, Hidden: qs.Hidden, Stats: stats(qs.Stats)}
	var scores []string
	for _, l := range q.Scale.Levels {
		scores = append(scores, l.Value+":"+strconv.Itoa(l.Score))
	}
	if q.Scale.IsCheck() {
		scores = append(scores, ":0")
	}
	sq.Scores = strings.Join(scores, " ")
	if qs.Hidden || qs.N == 0 {
		return sq
	}
	x, shown := 0.0, 0
	for i, c := range qs.Levels {
		cell := SurveyCell{Value: c.Value, Count: c.Count, Hidden: c.Hidden}
		if l, ok := q.Scale.Level(c.Value); ok {
			cell.Label = l.Label
			switch {
			case l.Score < 0:
				cell.Class = "sv-na"
			default:
				cell.Class = "sv-l" + strconv.Itoa(checklist.MaturityLevel(float64(l.Score)))
			}
		} else {
			cell.Label, cell.Class = t("sv.unticked"), "sv-l1"
		}
		_ = i
		if !c.Hidden {
			shown += c.Count
			cell.X, cell.W = x, math.Round(float64(c.Count)*10000/float64(qs.N))/100
			x += cell.W
		}
		sq.Cells = append(sq.Cells, cell)
	}
	if hidden := qs.N - shown; hidden > 0 {
		sq.HiddenSum, sq.HiddenX, sq.HiddenW = hidden, x, math.Round((100-x)*100)/100
	}
	return sq
}

func surveyCSVName(name string) string  { return "modenhet-" + name + ".csv" }
func surveyJSONName(name string) string { return "modenhet-" + name + ".json" }

// surveyJSONFile and surveyCSVFile are where a survey's figures are
// written, below the base path (modenhet/x/modenhet-x.json, and a CSV
// beside each language's page); the list of known addresses
// (rootlinks.go) names them too.
func surveyJSONFile(l *Loaded, sv *surveySite) string {
	return strings.TrimPrefix(pathURL(l.Site, "/modenhet/"+sv.cfg.Name+"/"+surveyJSONName(sv.cfg.Name)), l.Site.BasePath)
}

func surveyCSVFile(sv *surveySite, p *site.Page) string {
	return strings.TrimPrefix(p.Path, "/") + surveyCSVName(sv.cfg.Name)
}

// writeSurveyFiles writes each survey's figures: a CSV per language (labels
// in it) and one JSON.
func writeSurveyFiles(l *Loaded, out render.Sink) []diag.Diagnostic {
	var diags diag.List
	for _, sv := range l.surveys {
		if len(sv.pages) == 0 {
			continue
		}
		data, err := json.MarshalIndent(struct {
			Format    string `json:"format"`
			Name      string `json:"name"`
			Checklist string `json:"checklist"`
			*survey.Result
		}{"varde-survey-result", sv.cfg.Name, sv.cfg.Checklist, sv.res}, "", " ")
		if err == nil {
			err = out.Write(surveyJSONFile(l, sv), append(data, '\n'))
		}
		if err != nil {
			diags.Errorf(sv.cfg.Dir, 0, "%v", err)
		}
		for lang, p := range sv.pages {
			if err := out.Write(surveyCSVFile(sv, p), sv.csv(l, lang)); err != nil {
				diags.Errorf(sv.cfg.Dir, 0, "%v", err)
			}
		}
	}
	return diags.Items()
}

// csv writes a survey's figures in one language, semicolon-separated with
// decimal commas as Norwegian Excel reads them; a hidden count is "<k".
func (sv *surveySite) csv(l *Loaded, lang string) []byte {
	v := sv.views[lang]
	t := func(key string) string { return l.Renderer.Strings.T(lang, key) }
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	row := func(cells ...string) {
		for i, c := range cells {
			if i > 0 {
				b.WriteByte(';')
			}
			if strings.ContainsAny(c, "=+-@") && len(c) > 0 && strings.ContainsRune("=+-@", rune(c[0])) {
				c = "'" + c // never a formula in Excel
			}
			b.WriteString(`"` + strings.ReplaceAll(c, `"`, `""`) + `"`)
		}
		b.WriteString("\r\n")
	}
	hidden := "<" + strconv.Itoa(sv.cfg.K)
	count := func(n int, h bool) string {
		if h {
			return hidden
		}
		return strconv.Itoa(n)
	}
	st := func(s *SurveyStats) []string {
		if s == nil {
			return []string{"", "", "", ""}
		}
		return []string{strconv.Itoa(s.N), s.Q1, s.Median, s.Q3}
	}
	row(t("sv.csv.kind"), "id", t("sv.csv.label"), "n", "Q1", "median", "Q3")
	if !v.Enough {
		row("respondents", "", t("sv.csv.all"), hidden)
		return b.Bytes()
	}
	row("respondents", "", t("sv.csv.all"), strconv.Itoa(v.N))
	for i, r := range v.Roles {
		row("role", survey.Roles[i], r.Label, count(r.Count, r.Hidden))
	}
	groups := func(kind string, gs []SurveyGroup) {
		for _, g := range gs {
			row(append([]string{kind, g.Key, g.Label}, st(g.Stats)...)...)
			for _, rs := range g.ByRole {
				row(append([]string{kind + "-role", g.Key + "/" + rs.Role, g.Label + " – " + rs.Label}, st(rs.Stats)...)...)
			}
		}
	}
	groups("area", v.Areas)
	groups("nsm", v.Categories)
	questions := func(kind string, qs []*SurveyQuestion) {
		for _, q := range qs {
			id := q.ID
			if q.Edition != "" {
				id = q.Edition + "/" + q.ID
			}
			if q.Hidden {
				row(kind, id, q.Text, hidden)
				continue
			}
			row(append([]string{kind, id, q.Text}, st(q.Stats)...)...)
			for _, c := range q.Cells {
				row("level", id+"="+c.Value, c.Label, count(c.Count, c.Hidden))
			}
		}
	}
	for _, sec := range v.Sections {
		questions("question", sec.Questions)
	}
	questions("changed", v.Apart)
	return b.Bytes()
}
