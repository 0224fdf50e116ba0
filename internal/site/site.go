package site

import (
	"bytes"
	"cmp"
	"net/url"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/content"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/slug"
)

// Site is the graph of all pages of one build.
type Site struct {
	Config   *config.Config
	BasePath string // path part of baseURL, always ending in "/"
	Origin   string // scheme and host of baseURL, "" when baseURL is a path
	Langs    []string

	Pages     []*Page                     // every page, content and generated
	Home      map[string]*Page            // by language
	Menu      map[string][]*Page          // main menu per language: top-level sections
	Taxonomy  map[string]map[string]*Page // language → taxonomy field → taxonomy list page
	Resources []content.Resource

	byKey        map[string]*Page            // "lang/id"
	byID         map[string]map[string]*Page // id → lang → page
	byFile       map[string]*Page            // content rel path (with lang suffix) → page
	byPath       map[string]*Page            // output path → page
	dirs         map[string]bool             // content folders, for links to folders
	sectionByDir map[string]*Page            // "lang\x00dir" → section page
	resFile      map[string]bool
	unpublished  map[string]content.Unpublished // page files not in the graph, and why
	aliasOf      map[string]*Page               // alias path → its page, once Validate has checked them
	unreadableID map[string]bool                // default ids of page files with errors
	opts         Options
}

// Options for building the graph.
type Options struct {
	BaseURL        string // overrides config baseURL when set
	DraftLinksFail bool   // a link from a published page to a draft is an error, not a warning
}

// New builds the graph skeleton from loaded content: URLs, sections,
// translations and taxonomies. Bodies are converted later by Convert.
func New(cfg *config.Config, set *content.Set, opt Options) (*Site, []diag.Diagnostic) {
	var diags diag.List
	s := &Site{
		Config: cfg, Langs: cfg.LanguageOrder, Home: map[string]*Page{}, Menu: map[string][]*Page{},
		Taxonomy: map[string]map[string]*Page{}, Resources: set.Resources,
		byKey: map[string]*Page{}, byID: map[string]map[string]*Page{}, byFile: map[string]*Page{},
		byPath: map[string]*Page{}, dirs: map[string]bool{}, resFile: map[string]bool{}, sectionByDir: map[string]*Page{},
		unpublished: set.Unpublished, unreadableID: map[string]bool{}, opts: opt,
	}
	if cfg.ImplicitLanguages {
		s.Langs = usedLangs(cfg, set)
	}
	for rel, why := range set.Unpublished {
		if why == content.Unreadable {
			// The id its front matter may give is unknown; the default one
			// is the usual one.
			s.unreadableID[content.DefaultID(rel, cfg)] = true
		}
	}
	base := cfg.BaseURL
	if opt.BaseURL != "" {
		base = opt.BaseURL
		if !strings.HasSuffix(base, "/") {
			base += "/"
		}
	}
	u, _ := url.Parse(base)
	s.BasePath = "/"
	if u != nil {
		if u.Path != "" {
			s.BasePath = u.Path
		}
		if u.Host != "" {
			s.Origin = u.Scheme + "://" + u.Host
		}
	}
	for _, r := range set.Resources {
		s.resFile[r.Rel] = true
		for d := path.Dir(r.Rel); d != "." && d != ""; d = path.Dir(d) {
			s.dirs[d] = true
		}
	}
	taxDirs := map[string]string{} // URL segment → taxonomy field
	for field, seg := range cfg.Taxonomies {
		taxDirs[seg] = field
	}
	termContent := map[string]*content.Page{} // "lang\x00field\x00termslug" or "lang\x00field"
	for _, cp := range set.Pages {
		for d := cp.Dir; d != "" && d != "."; d = path.Dir(d) {
			s.dirs[d] = true
		}
		if field, ok := taxDirs[cp.Section]; ok {
			if cp.Kind == content.KindSection && !cp.Auto {
				rest := strings.TrimPrefix(strings.TrimPrefix(cp.Dir, cp.Section), "/")
				key := cp.Lang + "\x00" + field
				if rest != "" {
					key += "\x00" + slug.Make(rest)
				}
				termContent[key] = cp
				s.byFile[cp.Rel] = nil // known file, resolved after terms exist
			} else if cp.Kind != content.KindSection {
				// It was left out without a word, and a link to it said
				// "no such file" of a file that is there.
				s.byFile[cp.Rel] = nil
				diags.Warnf(cp.File, 0, "a page in %s/, the folder of the %s pages, is not published: the folder holds only _index.md files that describe the list and its terms; move the page to another folder", cp.Section, field)
			}
			continue // taxonomy folders hold term descriptions, not pages
		}
		p := s.fromContent(cp)
		s.add(p, &diags)
		s.byFile[cp.Rel] = p
	}
	// Parents and children.
	for _, p := range s.Pages {
		switch p.Kind {
		case KindHome:
			s.Home[p.Lang] = p
		case KindSection:
			s.sectionByDir[p.Lang+"\x00"+p.Source.Dir] = p
		}
	}
	for _, p := range s.Pages {
		if p.Kind == KindHome {
			continue
		}
		p.Parent = s.parentOf(p)
		if p.Parent == nil {
			continue
		}
		if p.Kind == KindSection {
			p.Parent.Sections = append(p.Parent.Sections, p)
		} else if p.Kind == KindPage {
			p.Parent.Pages = append(p.Parent.Pages, p)
		}
	}
	coll := newCollators(s.Langs)
	for _, p := range s.Pages {
		coll.sort(p.Lang, p.Pages)
		coll.sort(p.Lang, p.Sections)
	}
	for _, lang := range s.Langs {
		if h := s.Home[lang]; h != nil {
			var menu []*Page
			for _, sec := range h.Sections {
				if m := cfg.Sections[sec.Section].Menu; m != nil && !*m {
					continue
				}
				menu = append(menu, sec)
			}
			// Sections with a weight in config.toml come first, in weight order;
			// the others keep the graph's order (page weight, then title).
			sort.SliceStable(menu, func(i, j int) bool {
				wi, wj := cfg.Sections[menu[i].Section].Weight, cfg.Sections[menu[j].Section].Weight
				if wi == 0 || wj == 0 {
					return wi != 0 && wj == 0
				}
				return wi < wj
			})
			s.Menu[lang] = menu
		}
	}
	s.buildTaxonomies(termContent, coll, &diags)
	for _, p := range s.Pages {
		var tr []*Page
		for _, lang := range s.Langs {
			if q := s.byID[p.ID][lang]; q != nil && q != p {
				tr = append(tr, q)
			}
		}
		p.Translations = tr
	}
	s.addGenerated(&diags)
	return s, diags.Items()
}

// usedLangs returns the languages of the site that have pages, the
// default language always: without [languages] in config.toml the site
// knows bokmål and nynorsk, so that x.nn.md is a translation, but a site
// written in bokmål alone gets no empty nynorsk feed, bundle or switcher.
func usedLangs(cfg *config.Config, set *content.Set) []string {
	has := map[string]bool{cfg.DefaultLanguage: true}
	for _, p := range set.Pages {
		has[p.Lang] = true
	}
	var out []string
	for _, lang := range cfg.LanguageOrder {
		if has[lang] {
			out = append(out, lang)
		}
	}
	return out
}

// langPrefix is "" for the default language, "/nn" for others.
func (s *Site) langPrefix(lang string) string {
	if lang == s.Config.DefaultLanguage {
		return ""
	}
	return "/" + lang
}

func (s *Site) fromContent(cp *content.Page) *Page {
	p := &Page{
		Source: cp, Lang: cp.Lang, ID: cp.ID, Type: cp.Type, Title: cp.Meta.Title,
		Description: cp.Meta.Description, Section: cp.Section, Weight: cp.Meta.Weight,
		Draft: cp.Meta.Draft, Updated: cp.Meta.Updated, Review: cp.Meta.Review,
	}
	switch cp.Kind {
	case content.KindHome:
		p.Kind = KindHome
		p.Path = s.langPrefix(cp.Lang) + "/"
	case content.KindSection:
		p.Kind = KindSection
		p.Path = s.langPrefix(cp.Lang) + "/" + slugPath(cp.Dir) + "/"
	default:
		p.Kind = KindPage
		name := cp.Meta.Slug
		if name == "" {
			name = cp.Base
		}
		name = slug.Make(name)
		if name == "" {
			name = "side"
		}
		dir := slugPath(cp.Dir)
		if dir != "" {
			dir += "/"
		}
		p.Path = s.langPrefix(cp.Lang) + "/" + dir + name + "/"
	}
	for _, a := range cp.Meta.Aliases {
		p.Aliases = append(p.Aliases, aliasPath(p.Path, a))
	}
	return p
}

func slugPath(dir string) string {
	if dir == "" {
		return ""
	}
	parts := strings.Split(dir, "/")
	for i, part := range parts {
		if sl := slug.Make(part); sl != "" {
			parts[i] = sl
		}
	}
	return strings.Join(parts, "/")
}

// add registers a page, reporting two pages that would be written to the
// same URL.
func (s *Site) add(p *Page, diags *diag.List) {
	p.URL = strings.TrimSuffix(s.BasePath, "/") + p.Path
	p.Permalink = s.Origin + p.URL
	if strings.HasSuffix(p.Path, "/") {
		p.OutFile = strings.TrimPrefix(p.Path, "/") + "index.html"
	} else {
		p.OutFile = strings.TrimPrefix(p.Path, "/")
	}
	if s.resFile[p.OutFile] {
		// Resources are copied after the pages, so the file would have
		// replaced the page (content/index.html the home page) unseen.
		what := "the page of " + p.Describe()
		if p.Source == nil {
			what = "a page Varde makes (" + string(p.Kind) + ")"
		}
		diags.Errorf(s.resourceFile(p.OutFile), 0, "this file would be published as %s, which %s is written to, and replace it; rename or move the file", "/"+p.OutFile, what)
	}
	if q := s.aliasOf[p.Path]; q != nil && p.Source == nil {
		// A page added after the aliases were checked (/nsm/, /hva-er-nytt/):
		// the redirect and the page would share a file, one lost unseen.
		diags.Errorf(q.Source.File, q.Source.Meta.Lines["aliases"], "alias %s is the address of a page Varde makes (%s); remove it or choose another", p.Path, p.Describe())
	}
	if seg := longSegment(p.Path); seg != "" && p.Source != nil {
		what := "shorten the file or folder name"
		line := 0
		if l, ok := p.Source.Meta.Lines["slug"]; ok && p.Source.Meta.Slug != "" {
			what, line = "shorten the slug", l
		}
		diags.Errorf(p.Source.File, line, "the address %s has a part of %d bytes, longer than the %d a file name may have, so it cannot be written; %s", shortPath(p.Path, seg), len(seg), maxSegment, what)
		return
	}
	if q, ok := s.byPath[p.Path]; ok {
		if p.Source == nil && q.Source != nil {
			// The content page holds the address of a page Varde makes
			// (content/sok.md): it is the one to move, and its file is
			// the one to name (the message said "content").
			what := string(p.Kind)
			if p.Kind == KindSpecial && p.Title != "" {
				what = strconv.Quote(p.Title)
			}
			diags.Errorf(q.Source.File, 0, "this page is at %s, where Varde makes its %s page; change its slug or file name", p.Path, what)
			return
		}
		file := "content"
		if p.Source != nil {
			file = p.Source.File
		}
		other := string(q.Kind) + " page"
		if q.Source != nil {
			other = q.Source.File
		}
		if q.Source != nil && p.Source != nil && p.Lang == s.Config.DefaultLanguage && q.Lang == p.Lang &&
			(strings.HasSuffix(p.Source.File, "."+p.Lang+".md") || strings.HasSuffix(q.Source.File, "."+p.Lang+".md")) {
			diags.Errorf(file, 0, "page would be written to %s, which %s already uses: %q is the default language, whose pages have no suffix, so both files are its page; remove one of them (a page in another language has that language's suffix)", p.Path, other, p.Lang)
			return
		}
		if q.Source != nil && p.Source != nil && sameUnicodeName(p.Source.File, q.Source.File) {
			diags.Errorf(file, 0, "page would be written to %s, which %s already uses: the two names differ only in how an accented letter is encoded (NFC and NFD, as macOS may write file names); remove or rename one of them", p.Path, other)
			return
		}
		diags.Errorf(file, 0, "page would be written to %s, which %s already uses; change its slug or file name", p.Path, other)
		return
	}
	if q := s.byID[p.ID][p.Lang]; q != nil && (q.Source == nil) != (p.Source == nil) {
		// A content page with the id of a page Varde makes ("404",
		// "nsm"): related and collect found the wrong one, and both
		// carried the same data-id.
		c, g := p, q
		if p.Source == nil {
			c, g = q, p
		}
		diags.Errorf(c.Source.File, c.Source.Meta.Lines["id"], "id %q is the id of a page Varde makes (%s); choose another", c.ID, g.Describe())
	}
	s.byPath[p.Path] = p
	p.index = len(s.Pages)
	s.Pages = append(s.Pages, p)
	s.byKey[p.Key()] = p
	if s.byID[p.ID] == nil {
		s.byID[p.ID] = map[string]*Page{}
	}
	s.byID[p.ID][p.Lang] = p
}

func (s *Site) parentOf(p *Page) *Page {
	cp := p.Source
	if cp == nil {
		return s.Home[p.Lang]
	}
	dir := cp.Dir
	if p.Kind == KindSection {
		dir = path.Dir(dir)
	}
	for ; dir != "" && dir != "."; dir = path.Dir(dir) {
		if q := s.sectionByDir[p.Lang+"\x00"+dir]; q != nil {
			return q
		}
	}
	return s.Home[p.Lang]
}

// ByID returns the page with an id in a language, or nil.
func (s *Site) ByID(id, lang string) *Page { return s.byID[id][lang] }

// ByKey returns the page with a key (lang/id), or nil.
func (s *Site) ByKey(key string) *Page { return s.byKey[key] }

// ByPath returns the page written at a URL path (below the base path), or nil.
func (s *Site) ByPath(p string) *Page { return s.byPath[p] }

// ContentPages returns the pages made from content files in a language, in
// a stable order.
func (s *Site) ContentPages(lang string) []*Page {
	var out []*Page
	for _, p := range s.Pages {
		if p.Lang == lang && p.IsContent() {
			out = append(out, p)
		}
	}
	return out
}

// collators sort pages by weight, then title in the language's alphabet.
// A title's collation key is made once and kept: the same pages are sorted
// in their section, in every term list and term page, and comparing keys
// is a byte comparison where CompareString works through both titles'
// collation elements on every comparison (half of making the site graph
// of 10,000 pages, docs/performance.md session 15).
type collators struct {
	mu   sync.Mutex
	c    map[string]*collate.Collator
	keys map[string]map[string][]byte // language → title → collation key
	buf  collate.Buffer
}

func newCollators(langs []string) *collators {
	c := &collators{c: map[string]*collate.Collator{}, keys: map[string]map[string][]byte{}}
	for _, l := range langs {
		c.c[l] = collate.New(collationTag(l), collate.IgnoreCase)
	}
	return c
}

func (c *collators) sort(lang string, ps []*Page) {
	c.mu.Lock()
	defer c.mu.Unlock()
	col := c.c[lang]
	if col == nil {
		col = collate.New(collationTag(lang), collate.IgnoreCase)
		c.c[lang] = col
	}
	keys := c.keys[lang]
	if keys == nil {
		keys = map[string][]byte{}
		c.keys[lang] = keys
	}
	for _, p := range ps {
		if _, ok := keys[p.Title]; !ok {
			keys[p.Title] = bytes.Clone(col.KeyFromString(&c.buf, p.Title))
			c.buf.Reset()
		}
	}
	// The keys sit beside the pages, and the position breaks ties, so
	// that a quick unstable sort gives the stable order (SliceStable's
	// merges compared, and looked keys up, many times more).
	type item struct {
		p   *Page
		key []byte
		i   int
	}
	items := make([]item, len(ps))
	for i, p := range ps {
		items[i] = item{p, keys[p.Title], i}
	}
	slices.SortFunc(items, func(a, b item) int {
		if a.p.Weight != b.p.Weight {
			switch {
			case a.p.Weight == 0:
				return 1
			case b.p.Weight == 0:
				return -1
			}
			return cmp.Compare(a.p.Weight, b.p.Weight)
		}
		if r := bytes.Compare(a.key, b.key); r != 0 {
			return r
		}
		if a.p.ID != b.p.ID {
			return strings.Compare(a.p.ID, b.p.ID)
		}
		return a.i - b.i
	})
	for i := range items {
		ps[i] = items[i].p
	}
}

// collationTag picks the collation of a language. x/text has Norwegian
// tailoring (… X Y Z Æ Ø Å) only under "nn", so bokmål borrows it.
func collationTag(lang string) language.Tag {
	switch lang {
	case "nb", "no", "nn", "nb-NO", "nn-NO":
		return nynorsk
	}
	tag, err := language.Parse(lang)
	if err != nil {
		return nynorsk
	}
	return tag
}

// SortPages sorts pages of one language in the site's order.
func (s *Site) SortPages(lang string, ps []*Page) {
	newCollators([]string{lang}).sort(lang, ps)
}

var nynorsk = language.MustParse("nn")

// maxSegment is the longest file name most file systems allow (NAME_MAX),
// in bytes: each part of a page's address is a folder of the output.
const maxSegment = 255

// longSegment returns the first part of a site path longer than
// maxSegment, or "". A slug can be longer than its file name ("&" becomes
// "og"), and a slug or alias is written by hand.
func longSegment(p string) string {
	for _, seg := range strings.Split(p, "/") {
		if len(seg) > maxSegment {
			return seg
		}
	}
	return ""
}

// shortPath shows path p with its long part seg cut to its start, so that
// the message stays readable.
func shortPath(p, seg string) string {
	cut := seg[:40]
	for !utf8.ValidString(cut) {
		cut = cut[:len(cut)-1]
	}
	return printable(strings.Replace(p, seg, cut+"…", 1))
}

// resourceFile names the file a resource at output path rel is copied
// from, for a message.
func (s *Site) resourceFile(rel string) string {
	for _, r := range s.Resources {
		if r.Rel == rel {
			return r.File
		}
	}
	return "content/" + rel
}
