package markdown

import (
	"bytes"
	"errors"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/varde-portal/varde/internal/checklist"
	"github.com/varde-portal/varde/internal/hyphen"
	"github.com/varde-portal/varde/internal/slug"
)

// Options configure a Converter. A site makes one Converter per language.
type Options struct {
	Lang   string                     // page language, e.g. "nb"
	T      func(key string) string    // UI strings in Lang (for quiz and checklist labels)
	Unsafe bool                       // let raw HTML through (off by default)
	Scales map[string]checklist.Scale // answer scales with labels in Lang, by name

	// AllowScripts turns the errors about scripts, event handlers, script
	// addresses and meta refreshes in a page (rawhtml.go) into warnings.
	AllowScripts bool

	Limits Limits // bounds on a page's size and nesting (limits.go)
}

// Converter turns Markdown into HTML. It is safe for concurrent use.
type Converter struct {
	md goldmark.Markdown
	// noLinkify is md without GFM's autolinks (linkify.go), for a page in
	// which no autolink can start.
	noLinkify goldmark.Markdown
	opts      Options
}

// New returns a Converter with Varde's extensions.
func New(o Options) *Converter {
	if o.T == nil {
		o.T = func(k string) string { return k }
	}
	return &Converter{md: newGoldmark(o, true), noLinkify: newGoldmark(o, false), opts: o}
}

// newGoldmark makes the goldmark instance of a Converter: GitHub Flavored
// Markdown (with or without its autolinks), footnotes, definition lists
// and Varde's extensions.
func newGoldmark(o Options, linkify bool) goldmark.Markdown {
	rendererOpts := []renderer.Option{html.WithWriter(plainWriter{html.DefaultWriter})}
	if o.Unsafe {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	}
	gfm := []goldmark.Extender{extension.Table, extension.Strikethrough, extension.TaskList}
	if linkify {
		// extension.GFM, as goldmark composes it.
		gfm = []goldmark.Extender{extension.Linkify, extension.Table, extension.Strikethrough, extension.TaskList}
	}
	return goldmark.New(
		goldmark.WithExtensions(gfm...),
		goldmark.WithExtensions(
			extension.Footnote,
			extension.DefinitionList,
			&quizExtension{opts: o},
			&controlExtension{opts: o},
			&coreExtension{opts: o},
			rawHTMLExtension{},
			limitsExtension{},
		),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithHeadingAttribute(),
		),
		goldmark.WithRendererOptions(rendererOpts...),
	)
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Convert renders src (the page body, without front matter).
func (c *Converter) Convert(src []byte, doc Doc) *Result {
	md := c.md
	if !mayAutolink(src) {
		md = c.noLinkify
	}
	return c.convert(md, src, doc)
}

// convert is Convert with the goldmark instance to use.
func (c *Converter) convert(md goldmark.Markdown, src []byte, doc Doc) *Result {
	if ds := checkLimits(src, doc, c.opts.Limits); ds != nil {
		return &Result{Anchors: map[string]bool{}, Diags: ds}
	}
	st := newState(src, doc)
	st.ids = newIDs()
	st.raw = rawPolicy{unsafe: c.opts.Unsafe, allowScripts: c.opts.AllowScripts}
	pc := parser.NewContext(parser.WithIDs(st.ids))
	pc.Set(stateKey, st)
	root := md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	if err := md.Renderer().Render(directWriter{buf}, src, root); err != nil {
		st.errorf(0, "could not render the page: %v", err)
	}
	st.res.HTML = buf.String()
	bufPool.Put(buf)
	st.res.Text = plainText(root, src)
	st.res.Lead = leadText(root, src)
	st.res.Words = countWords(st.res.Text)
	return st.res
}

// LinkWarning is returned by Doc.ResolveLink for a link that resolves but
// deserves a warning (for example to a draft); the link is written.
type LinkWarning struct{ Msg string }

func (w *LinkWarning) Error() string { return w.Msg }

// directWriter lets goldmark's renderer write straight into the pooled
// buffer: given a writer without Flush, it wraps it in a new bufio.Writer
// (4 KB per page) and copies everything once more.
type directWriter struct{ *bytes.Buffer }

func (directWriter) Buffered() int { return 0 }
func (directWriter) Flush() error  { return nil }

// countWords counts what strings.Fields would return, without making the
// slice: every page is counted, and that slice was a tenth of Markdown's time.
// A byte's class says what to do with it: most bytes belong to a word; of
// the bytes that start a rune of several, only 0xC2 (U+0085, U+00A0) and
// 0xE1–0xE3 (U+1680, U+2000–U+205F, U+3000) can start a space, and only
// those are decoded. Invalid bytes belong to words, as in strings.Fields.
//
// The loop has no branch on a word's start or end (text changes between
// words and spaces every few bytes, and a branch there was mispredicted at
// about every word): a word starts where a word byte follows a space.
func countWords(s string) int {
	n, inWord := 0, 0 // inWord: 1 inside a word
	for i := 0; i < len(s); i++ {
		c := wordClass[s[i]]
		if c == maySpace {
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				inWord = 0
				i += size - 1
			} else {
				n += 1 - inWord
				inWord = 1
			}
			continue
		}
		w := int(c ^ 1) // wordByte (0) → 1, asciiSpace (1) → 0
		n += w &^ inWord
		inWord = w
	}
	return n
}

const (
	wordByte = iota
	asciiSpace
	maySpace
)

var wordClass = func() (t [256]uint8) {
	for _, c := range "\t\n\v\f\r " {
		t[c] = asciiSpace
	}
	t[0xC2], t[0xE1], t[0xE2], t[0xE3] = maySpace, maySpace, maySpace, maySpace
	return t
}()

// ids generates heading ids with Norwegian-friendly slugs, unique per page.
type ids struct {
	seen      map[string]bool
	generated map[string]bool // made from a heading's text, not given as {#id}
	// next is, per base, the suffix to try first: every smaller one is
	// taken, so n headings with one text cost n lookups, not n² (100,000
	// "# a" lines ran for minutes).
	next map[string]int
}

func newIDs() *ids {
	return &ids{seen: map[string]bool{}, generated: map[string]bool{}, next: map[string]int{}}
}

func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	base := slug.Make(string(value))
	if base == "" {
		base = "seksjon"
	}
	id := base
	if s.seen[id] {
		n := max(s.next[base], 1)
		for id = base + "-" + strconv.Itoa(n); s.seen[id]; {
			n++
			id = base + "-" + strconv.Itoa(n)
		}
		s.next[base] = n + 1
	}
	s.seen[id] = true
	s.generated[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.seen[string(value)] = true }

// coreExtension holds the transformers every page needs: headings,
// alerts, links and code highlighting.
type coreExtension struct{ opts Options }

func (e *coreExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(
		util.Prioritized(&alertTransformer{}, 500),
		util.Prioritized(&collectTransformer{}, 900),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(&alertRenderer{t: e.opts.T}, 500),
		util.Prioritized(&codeRenderer{t: e.opts.T}, 100),
		util.Prioritized(hostAnchorRenderer{}, 500),
	))
	// Soft hyphens in long words of h1–h3 (hyphenate.go), for languages
	// with hyphenation patterns; before goldmark's text renderer (1000).
	if h, err := hyphen.For(e.opts.Lang); err == nil && h != nil {
		m.Renderer().AddOptions(renderer.WithNodeRenderers(
			util.Prioritized(newHeadingTextRenderer(h), 100),
		))
	}
}

// collectTransformer records headings and anchors and resolves links. It
// runs after the other transformers so that it sees their final tree.
type collectTransformer struct{}

func (collectTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil {
		return
	}
	src := reader.Source()
	var headings []*ast.Heading
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if id, ok := n.AttributeString("id"); ok {
			if b, ok := id.([]byte); ok {
				st.res.Anchors[string(b)] = true
			} else if s, ok := id.(string); ok {
				st.res.Anchors[s] = true
			}
		}
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idb, _ := id.([]byte)
			st.res.Headings = append(st.res.Headings, Heading{Level: n.Level, ID: string(idb), Text: inlineText(n, src)})
			headings = append(headings, n)
		case *ast.Link:
			n.Destination = st.resolve(n.Destination, offsetOf(n), false)
		case *ast.Image:
			st.res.Images = append(st.res.Images, Image{Dest: string(n.Destination), Alt: inlineText(n, src), Line: st.line(offsetOf(n))})
			n.Destination = st.resolve(n.Destination, offsetOf(n), true)
		}
		return ast.WalkContinue, nil
	})
	checkHeadingIDs(st, headings, st.res.Headings)
	// Once every id is known, so that a git-host id never takes one.
	// res.Headings holds the headings of this walk, in the same order.
	for i, h := range headings {
		st.addHostAnchor(h, st.res.Headings[i].ID, st.res.Headings[i].Text)
	}
}

// resolve rewrites one link destination, recording what must be checked later.
func (st *state) resolve(dest []byte, offset int, image bool) []byte {
	raw := string(dest)
	if raw == "" {
		return dest
	}
	u, err := url.Parse(raw)
	if err != nil {
		st.errorf(offset, "link %q is not a valid address: %v", raw, err)
		return dest
	}
	if u.Scheme != "" || u.Host != "" || strings.HasPrefix(raw, "//") {
		if image && u.Host != "" {
			// The page's Content-Security-Policy (img-src 'self' data:)
			// blocks it, and without the policy the other site would see
			// every reader.
			st.warnf(offset, "image from another site (%s): the portal loads images from its own site only, so readers would see a broken image (and the other site would learn who reads the page); save the image beside the page and write ![…](image.png)", printableHost(u.Host))
		}
		return dest // external
	}
	if u.Path == "" { // "#anchor" on this page
		if u.Fragment != "" {
			st.res.Links = append(st.res.Links, Link{Dest: raw, Fragment: u.Fragment, Line: st.line(offset)})
		}
		return dest
	}
	if strings.HasPrefix(u.Path, "/") && !strings.EqualFold(path.Ext(u.Path), ".md") {
		// A site-absolute address other than a page file is written as it
		// is; the site checks it once it knows every page (site.CheckRootLinks).
		st.res.Links = append(st.res.Links, Link{Dest: raw, Fragment: u.Fragment, Line: st.line(offset), Root: true, Path: u.Path, Image: image})
		return dest
	}
	if st.doc.ResolveLink == nil {
		return dest
	}
	to, target, rerr := st.doc.ResolveLink(u.Path)
	what := "link"
	if image {
		what = "image"
	}
	var warn *LinkWarning
	if errors.As(rerr, &warn) {
		st.warnf(offset, "%s to %q: %s", what, u.Path, warn.Msg)
	} else if rerr != nil {
		st.errorf(offset, "%s to %q: %v", what, u.Path, rerr)
		return dest
	}
	if target != "" && u.Fragment != "" {
		st.res.Links = append(st.res.Links, Link{Dest: raw, Target: target, Fragment: u.Fragment, Line: st.line(offset)})
	}
	if u.Fragment != "" {
		to += "#" + u.Fragment
	}
	if u.RawQuery != "" && target == "" {
		to += "?" + u.RawQuery
	}
	return []byte(to)
}

// offsetOf finds a byte offset in the source for an inline node: its first
// text, or else the first line of the block that holds it.
func offsetOf(n ast.Node) int {
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}

// inlineText returns the plain text of a node's inline children.
func inlineText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	appendInlineText(&b, n, src)
	return string(bytes.TrimSpace(b.Bytes()))
}

// appendInlineText writes the plain text of a node's inline children to b.
func appendInlineText(b *bytes.Buffer, n ast.Node, src []byte) {
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for cc := t.FirstChild(); cc != nil; cc = cc.NextSibling() {
				if tt, ok := cc.(*ast.Text); ok {
					b.Write(tt.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

// plainText returns the text of the whole document, block by block, for
// search indexing. Code blocks are left out.
func plainText(doc ast.Node, src []byte) string { return blockText(doc, src, 0) }

// leadBytes is how much of the first prose Result.Lead keeps: enough for a
// summary of 160 characters.
const leadBytes = 400

// leadText returns the text of the first blocks of prose, about leadBytes
// of it, for summaries: as plainText, without quizzes (a summary must not
// give their answers away) and control questions.
func leadText(doc ast.Node, src []byte) string { return blockText(doc, src, leadBytes) }

// blockText writes the text of doc's blocks, a line each, and returns it.
// With max > 0 it is the lead: it stops after about max bytes and leaves
// out the blocks that give their own plain text (quizzes, control
// questions).
//
// It writes into one pooled buffer and makes one string of the result:
// every page's text is kept for the search, and growing a builder block by
// block allocated several times the text.
func blockText(doc ast.Node, src []byte, max int) string {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	defer bufPool.Put(b)
	newBlock := func() {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if max > 0 && b.Len() >= max {
			return ast.WalkStop, nil
		}
		switch n.Kind() {
		case ast.KindFencedCodeBlock, ast.KindCodeBlock, ast.KindHTMLBlock:
			return ast.WalkSkipChildren, nil
		}
		if n.Type() == ast.TypeBlock && n.HasChildren() && n.FirstChild().Type() == ast.TypeInline {
			newBlock()
			start := b.Len()
			appendInlineText(b, n, src)
			// Trim the block's text in place, as inlineText does.
			text := bytes.TrimSpace(b.Bytes()[start:])
			n := copy(b.Bytes()[start:], text)
			b.Truncate(start + n)
			return ast.WalkSkipChildren, nil
		}
		if t, ok := n.(interface{ PlainText() string }); ok {
			if max == 0 {
				newBlock()
				b.WriteString(t.PlainText())
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

var _ util.BufWriter = directWriter{}

// plainWriter is goldmark's HTML writer with a shortcut: text with no byte
// that the writer would change (a backslash escape, an entity, NUL or a
// character to escape) is copied as it is, in one write. goldmark's own
// writer looks at each byte through two functions and wrote most text a
// tenth of Markdown's time; what it changes, it still writes.
type plainWriter struct{ html.Writer }

// writerChanges holds the bytes after which goldmark's Write may write
// something other than the byte: '\\' (escapes), '&' (entities), NUL and
// the characters it escapes.
var writerChanges = [256]bool{'\\': true, '&': true, 0: true, '<': true, '>': true, '"': true}

// rawChanges holds the bytes that goldmark's RawWrite changes: NUL and the
// characters it escapes.
var rawChanges = [256]bool{'&': true, 0: true, '<': true, '>': true, '"': true}

func plain(b []byte, changes *[256]bool) bool {
	for _, c := range b {
		if changes[c] {
			return false
		}
	}
	return true
}

func (w plainWriter) Write(out util.BufWriter, source []byte) {
	if plain(source, &writerChanges) {
		_, _ = out.Write(source)
		return
	}
	w.Writer.Write(out, source)
}

func (w plainWriter) RawWrite(out util.BufWriter, source []byte) {
	if plain(source, &rawChanges) {
		_, _ = out.Write(source)
		return
	}
	w.Writer.RawWrite(out, source)
}

// printableHost is a host for a message: quoted when it holds a character
// that is not printable.
func printableHost(h string) string {
	if strings.IndexFunc(h, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 || !utf8.ValidString(h) {
		return strconv.Quote(h)
	}
	return h
}
