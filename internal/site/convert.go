package site

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"path"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/varde-portal/varde/internal/content"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/markdown"
	"github.com/varde-portal/varde/internal/textdist"
	"golang.org/x/text/unicode/norm"
)

// Converters gives the Markdown converter of a language.
type Converters func(lang string) *markdown.Converter

// Cache keeps Markdown results between builds of the dev server, so an edit
// converts only the pages whose text (or whose link targets) changed. It is
// safe for concurrent use.
type Cache struct {
	mu   sync.Mutex
	m    map[string]*markdown.Result
	used map[string]bool // keys looked up with success or stored since NewCache
}

// NewCache returns an empty cache.
func NewCache() *Cache { return NewCacheOf(nil) }

// NewCacheOf returns a cache holding the given results (from Used of an
// earlier run: varde build keeps them in .varde/cache between runs).
func NewCacheOf(m map[string]*markdown.Result) *Cache {
	if m == nil {
		m = map[string]*markdown.Result{}
	}
	return &Cache{m: m, used: map[string]bool{}}
}

// Used returns the results that conversions found or stored in this cache,
// and how many of them were found rather than stored: what a later run of
// the same site may reuse, without the entries of pages since changed.
func (c *Cache) Used() (m map[string]*markdown.Result, found int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m = make(map[string]*markdown.Result, len(c.used))
	for k, hit := range c.used {
		m[k] = c.m[k]
		if hit {
			found++
		}
	}
	return m, found
}

func (c *Cache) get(k string) *markdown.Result {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.m[k]
	if r != nil {
		c.used[k] = true
	}
	return r
}

func (c *Cache) put(k string, r *markdown.Result) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.m[k] = r
	if _, ok := c.used[k]; !ok {
		c.used[k] = false
	}
	c.mu.Unlock()
}

// linkEnv fingerprints everything link resolution depends on: which files
// exist and the URL each page has. A cached result is reused only when the
// fingerprint is unchanged.
func (s *Site) linkEnv() string {
	keys := make([]string, 0, len(s.byFile)+len(s.resFile))
	for f, p := range s.byFile {
		u := ""
		if p != nil {
			u = p.URL + " " + p.Key()
		}
		keys = append(keys, f+"\x00"+u)
	}
	for f := range s.resFile {
		keys = append(keys, "r\x00"+f)
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		h.Write([]byte(k))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Convert renders every content body to HTML in parallel, one worker per
// core, then checks links to anchors and fills related pages. After Convert
// the graph is complete and must not change.
func (s *Site) Convert(conv Converters) []diag.Diagnostic { return s.ConvertWith(conv, nil) }

// ConvertWith is Convert with a cache of earlier results (nil for none).
func (s *Site) ConvertWith(conv Converters, cache *Cache) []diag.Diagnostic {
	var diags diag.List
	var todo []*Page
	for _, p := range s.Pages {
		if p.Source != nil && !p.Source.Auto {
			todo = append(todo, p)
		}
	}
	env := ""
	if cache != nil {
		env = s.linkEnv()
	}
	work := make(chan *Page)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				s.convertOne(p, conv(p.Lang), cache, env, &diags)
			}
		}()
	}
	for _, p := range todo {
		work <- p
	}
	close(work)
	wg.Wait()
	s.checkAnchors(&diags)
	s.fillRelated(&diags)
	return diags.Items()
}

func (s *Site) convertOne(p *Page, conv *markdown.Converter, cache *Cache, env string, diags *diag.List) {
	cp := p.Source
	key := ""
	var res *markdown.Result
	if cache != nil {
		h := cp.BodySum()
		key = fmt.Sprintf("%s\x00%s\x00%s\x00%d\x00%s\x00%d\x00%s\x00%x\x00%s", cp.File, p.Lang, p.ID, cp.BodyLine, cp.Meta.Scale, cp.Meta.Lines["scale"], strings.Join(cp.Meta.NSM, ","), h, env)
		res = cache.get(key)
	}
	if res == nil {
		body, err := cp.Source() // a body the build did not read is read now
		if err != nil {
			diags.Errorf(cp.File, 0, "%v", err)
			p.convertErrors = true
			return
		}
		res = conv.Convert(body, markdown.Doc{
			File: cp.File, LineOffset: cp.BodyLine, PageID: p.ID, Scale: cp.Meta.Scale, ScaleLine: cp.Meta.Lines["scale"],
			ResolveLink: func(target string) (string, string, error) { return s.resolve(p, target) },
		})
		cache.put(key, res)
	}
	diags.Add(res.Diags...)
	for _, d := range res.Diags {
		p.convertErrors = p.convertErrors || d.Severity == diag.Error
	}
	p.Body = template.HTML(res.HTML)
	p.Headings, p.Anchors, p.Links = res.Headings, res.Anchors, res.Links
	p.Quizzes, p.Questions, p.Text, p.Images = res.Quizzes, res.Questions, res.Text, res.Images
	p.WordCount = res.Words

	if p.Description == "" {
		p.Description = summary(res.Lead, 160)
	}
}

var errNoFile = errors.New("no such file")

// resolve maps a relative link written on page p to the URL of its target:
// a page (in p's language when a translation exists) or a resource.
func (s *Site) resolve(p *Page, target string) (string, string, error) {
	base := p.Source.Dir
	if strings.HasPrefix(target, "/") {
		// From the content folder, as /veiledere/dpia.md, or from the
		// repository's root, as /content/veiledere/dpia.md (which works on
		// the git host too).
		base, target = "", strings.TrimPrefix(strings.TrimPrefix(target, "/"), "content/")
	}
	rel := path.Clean(path.Join(base, target))
	if rel == "." {
		rel = ""
	}
	if strings.HasPrefix(rel, "../") || rel == ".." {
		return "", "", fmt.Errorf("points outside the content folder")
	}
	if strings.EqualFold(path.Ext(rel), ".md") {
		q, ok := s.byFile[rel]
		if !ok {
			switch s.unpublished[rel] {
			case content.Draft:
				return "", "", fmt.Errorf("content/%s is a draft (draft: true), which is not published; link to it once it is, or build with --drafts to preview", rel)
			case content.Unreadable:
				return target, "", nil // that file's own errors stop the build
			}
			return "", "", fmt.Errorf("%w %s%s", errNoFile, contentPath(rel), s.suggestFile(rel))
		}
		if q == nil {
			return "", "", fmt.Errorf("content/%s is not published", rel)
		}
		if t := s.byID[q.ID][p.Lang]; t != nil {
			q = t
		}
		if q.Source != nil && q.Source.Meta.Draft && !p.Source.Meta.Draft {
			// Built with drafts (a preview, varde check): fine now, broken
			// once published without them.
			msg := fmt.Sprintf("content/%s is a draft: this link breaks when the site is built without drafts", q.Source.Rel)
			if s.opts.DraftLinksFail {
				return "", "", errors.New(msg)
			}
			return q.URL, q.Key(), &markdown.LinkWarning{Msg: msg}
		}
		return q.URL, q.Key(), nil
	}
	if s.resFile[rel] {
		return strings.TrimSuffix(s.BasePath, "/") + "/" + rel, "", nil
	}
	if rel == "" || s.dirs[rel] {
		// a folder: its section page, if it has one
		for _, id := range []string{path.Join(rel, "_index"), "_index"} {
			if rel != "" && id == "_index" {
				break
			}
			if q := s.byID[id][p.Lang]; q != nil {
				return q.URL, q.Key(), nil
			}
		}
		return "", "", fmt.Errorf("the folder %s has no page", contentPath(rel))
	}
	return "", "", fmt.Errorf("%w %s%s", errNoFile, contentPath(rel), s.suggestFile(rel))
}

// contentPath names a path under content/ in a message: as it is, or
// quoted when it holds a character that cannot be shown on the message's
// line (a link to a%0A.md unescapes to a line break).
func contentPath(rel string) string { return printable("content/" + rel) }

// printable is p as a message shows it: quoted when it holds a byte that
// is not UTF-8 or a character that is not printable.
func printable(p string) string {
	if !utf8.ValidString(p) || strings.IndexFunc(p, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
		return strconv.Quote(p)
	}
	return p
}

// suggestFile proposes a content file with a similar name.
func (s *Site) suggestFile(rel string) string {
	files := make([]string, 0, len(s.byFile))
	for f := range s.byFile {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		if sameUnicodeName(f, rel) {
			return fmt.Sprintf(", but content/%s has the same name with an accented letter encoded another way (NFC and NFD, as macOS may write file names): write the link as the file name is written, or rename the file", f)
		}
	}
	best := textdist.Closest(rel, files, 3)
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean content/%s?)", best)
}

// checkAnchors reports links to #fragments that no heading or element has.
func (s *Site) checkAnchors(diags *diag.List) {
	for _, p := range s.Pages {
		for _, l := range p.Links {
			if l.Root {
				continue // once every page is known: CheckRootLinks
			}
			target := p
			if l.Target != "" {
				target = s.byKey[l.Target]
			}
			if target == nil || target.Anchors == nil {
				continue
			}
			if anchorOK(target, l.Fragment) {
				continue
			}
			where := "this page"
			if target != p && target.Source != nil {
				where = target.Source.File
			}
			diags.Errorf(p.Source.File, l.Line, "link %q: no heading or anchor %s in %s%s", l.Dest, printable("#"+l.Fragment), where, anchorHint(target, l.Fragment))
		}
	}
}

func anchorHint(p *Page, frag string) string {
	var ids []string
	for id := range p.Anchors {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if best := textdist.Closest(frag, ids, 3); best != "" {
		return fmt.Sprintf(" (did you mean #%s?)", best)
	}
	if len(ids) > 0 && len(ids) <= 8 {
		return " (anchors there: #" + strings.Join(ids, ", #") + ")"
	}
	return ""
}

// fillRelated resolves `related` ids, and where none are given picks the
// pages sharing most topics.
func (s *Site) fillRelated(diags *diag.List) {
	byTopic := map[string][]*Page{} // "lang\x00topic" → pages, for byTopics
	counts := make([]int, len(s.Pages))
	groups := map[string][]*Page{} // relatedKey → ranked candidates
	for _, p := range s.Pages {
		if p.IsContent() && p.Kind == KindPage {
			for _, t := range p.Source.Meta.Topics {
				byTopic[p.Lang+"\x00"+t] = append(byTopic[p.Lang+"\x00"+t], p)
			}
		}
	}
	for _, p := range s.Pages {
		if !p.IsContent() || p.Kind != KindPage {
			continue
		}
		meta := p.Source.Meta
		if len(meta.Related) > 0 {
			for _, id := range meta.Related {
				q := s.byID[id][p.Lang]
				if q == nil {
					for _, lang := range s.Langs {
						if q = s.byID[id][lang]; q != nil {
							break
						}
					}
				}
				if q == nil {
					if !s.unreadableID[id] { // else that file's own errors say why
						diags.Errorf(p.Source.File, meta.Lines["related"], "related: no page has the id %q", id)
					}
					continue
				}
				p.Related = append(p.Related, q)
			}
			continue
		}
		// Pages of one language and type with the same topics get the same
		// candidates: rank them once for the group (the page itself
		// included, so one more), then leave each page out of its own list.
		// On a large site this is a few hundred rankings instead of one a
		// page, each walking thousands of pages of its topics.
		key := relatedKey(p)
		best, ok := groups[key]
		if !ok {
			best = byTopics(p, byTopic, relatedCount+1, counts)
			groups[key] = best
		}
		p.Related = withoutPage(best, p, relatedCount)
	}
}

// relatedCount is how many pages "related" lists when picked by topic.
const relatedCount = 4

// relatedKey identifies the pages byTopics ranks alike: same language, type
// and (multi)set of topics.
func relatedKey(p *Page) string {
	topics := slices.Clone(p.Source.Meta.Topics)
	slices.Sort(topics)
	return p.Lang + "\x00" + p.Type + "\x00" + strings.Join(topics, "\x00")
}

// withoutPage returns up to n pages of ranked other than p, in a new slice.
func withoutPage(ranked []*Page, p *Page, n int) []*Page {
	var out []*Page
	for _, q := range ranked {
		if q != p && len(out) < n {
			out = append(out, q)
		}
	}
	return out
}

// byTopics picks up to n pages sharing most topics with p, p itself
// included: same type first, then by title. Candidates come from the topic
// index, so the cost is the size of p's topics, not of the site. counts is
// scratch space indexed by Page.index, all zero on entry and on return.
func byTopics(p *Page, byTopic map[string][]*Page, n int, counts []int) []*Page {
	var touched []*Page
	for _, t := range p.Source.Meta.Topics {
		for _, q := range byTopic[p.Lang+"\x00"+t] {
			if counts[q.index] == 0 {
				touched = append(touched, q)
			}
			counts[q.index]++
		}
	}
	better := func(a, b *Page) bool {
		if counts[a.index] != counts[b.index] {
			return counts[a.index] > counts[b.index]
		}
		if (a.Type == p.Type) != (b.Type == p.Type) {
			return a.Type == p.Type
		}
		if a.Title != b.Title {
			return a.Title < b.Title
		}
		return a.ID < b.ID
	}
	// Keep the best n with a small insertion list: n is tiny.
	out := make([]*Page, 0, n+1)
	for _, q := range touched {
		i := len(out)
		for i > 0 && better(q, out[i-1]) {
			i--
		}
		if i >= n {
			continue
		}
		out = append(out, nil)
		copy(out[i+1:], out[i:])
		out[i] = q
		if len(out) > n {
			out = out[:n]
		}
	}
	for _, q := range touched {
		counts[q.index] = 0
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// summary cuts text to about n characters at a word boundary.
func summary(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	r := []rune(text)[:n]
	cut := strings.LastIndexByte(string(r), ' ')
	if cut < n/2 {
		cut = len(string(r))
	}
	return strings.TrimRight(string(r)[:cut], ",.;: ") + " …"
}

// sameUnicodeName reports whether two different names are the same text in
// two Unicode forms: "é" as one character (NFC) or as "e" and a combining
// accent (NFD). They look alike in every message, so a message about them
// must say what differs.
func sameUnicodeName(a, b string) bool {
	return a != b && norm.NFC.String(a) == norm.NFC.String(b)
}
