package markdown

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// codeRenderer highlights fenced code with chroma, emitting CSS classes so
// the theme's light and dark stylesheets colour it (no inline styles, which
// a strict Content-Security-Policy would block).
//
// Every code block, highlighted or not, sits in a <div class="code"> that
// is the box that scrolls sideways (the theme's CSS) and can take focus,
// so a keyboard user can scroll it (WCAG 2.1.1; axe's
// scrollable-region-focusable). It is a group named by t("code_label"),
// for a screen reader to say what got focus; a group, not a region, since
// a page may have many.
type codeRenderer struct{ t func(string) string }

var codeFormatter = chromahtml.New(chromahtml.WithClasses(true), chromahtml.ClassPrefix("hl-"))

func (r *codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
}

func (r *codeRenderer) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	var code strings.Builder
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}
	lang := ""
	if n.Info != nil {
		lang = strings.Fields(string(n.Info.Segment.Value(src)) + " ")[0]
	}
	var lexer chroma.Lexer
	if lang != "" {
		lexer = lexers.Get(lang)
	}
	r.open(w, lang)
	if lexer == nil {
		_, _ = w.WriteString(`<pre class="hl-chroma"><code>`)
		_, _ = w.Write(util.EscapeHTML([]byte(code.String())))
		_, _ = w.WriteString("</code></pre></div>\n")
		return ast.WalkSkipChildren, nil
	}
	html, err := highlight(lexer, lang, code.String())
	if err != nil {
		return ast.WalkStop, err
	}
	_, _ = w.WriteString(html)
	_, _ = w.WriteString("</div>\n")
	return ast.WalkSkipChildren, nil
}

// highlight returns chroma's HTML for code in lang (lexer being
// lexers.Get(lang)), from codeMemo when the same block was highlighted
// before. Lexing and formatting are a function of the language and the
// code alone (one formatter, one style), so the remembered HTML is what
// chroma would write again; sites repeat blocks (a config snippet in many
// guides, a translation's unchanged code), and chroma's lexer is the
// costliest part of converting a page that has one.
func highlight(lexer chroma.Lexer, lang, code string) (string, error) {
	if len(code) > codeMemoMaxInput {
		return format(lexer, code)
	}
	key := lang + "\x00" + code
	if html, ok := codeMemo.Load(key); ok {
		return html.(string), nil
	}
	html, err := format(lexer, code)
	if err != nil {
		return "", err
	}
	if codeMemoN.Load() < codeMemoMaxEntries {
		if _, loaded := codeMemo.LoadOrStore(key, html); !loaded {
			codeMemoN.Add(1)
		}
	}
	return html, nil
}

// format runs chroma on code: its tokens coalesced, written as HTML with
// the hl- classes.
func format(lexer chroma.Lexer, code string) (string, error) {
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := codeFormatter.Format(&b, styles.Fallback, it); err != nil {
		return "", err
	}
	return b.String(), nil
}

// codeMemo maps a language and code block ("lang\x00code") to its HTML,
// for blocks of at most codeMemoMaxInput bytes and at most
// codeMemoMaxEntries of them: a bound on what it keeps for the process's
// life (varde serve converts pages for hours).
var (
	codeMemo  sync.Map
	codeMemoN atomic.Int64
)

const (
	codeMemoMaxInput   = 8 << 10
	codeMemoMaxEntries = 2048
)

// open writes the focusable, named box around a code block.
func (r *codeRenderer) open(w util.BufWriter, lang string) {
	_, _ = w.WriteString(`<div class="code" tabindex="0"`)
	if r.t != nil {
		if label := r.t("code_label"); label != "" && label != "code_label" {
			_, _ = w.WriteString(` role="group" aria-label="` + string(util.EscapeHTML([]byte(label))) + `"`)
		}
	}
	if lang != "" {
		_, _ = w.WriteString(` data-lang="` + string(util.EscapeHTML([]byte(lang))) + `"`)
	}
	_, _ = w.WriteString(">")
}
