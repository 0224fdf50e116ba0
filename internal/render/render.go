package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"maps"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/site"
)

// Sink receives output files. Implementations must be safe for concurrent
// use, and must not keep data after Write returns (a sink that holds files
// copies them): renderers reuse their buffers.
type Sink interface {
	Write(name string, data []byte) error
}

// Options configure a Renderer.
type Options struct {
	Minify bool
	Dev    bool      // serve mode: live-reload script, no minification of HTML
	Now    time.Time // build time, for review dates
	// Extra returns extra template data for a page (history, references…);
	// it may be nil.
	Extra func(p *site.Page) map[string]any
	// Edition returns the edition banner data for a page; nil for the current
	// portal with no editions.
	Edition func(p *site.Page) *EditionInfo
}

// Renderer renders pages of a site with one theme.
type Renderer struct {
	Theme     *Theme
	Templates *Templates
	Strings   *Strings
	Now       time.Time
	opts      Options
	min       *minifier
	css       string            // URL of the CSS bundle
	js        map[string]string // language → URL of the JS bundle every page loads
	modules   map[string]string // module name → URL of a script only some pages load
	modNames  []string          // the modules' names in order (View goes through them for every page)
	fragments sync.Map          // View.Cached: name and keys → rendered HTML

	deps *depsLog // RecordDeps: what each page's templates read (deps.go)
}

// New loads the theme's templates and strings.
func New(th *Theme, langs []string, defaultLang string, opts Options) (*Renderer, error) {
	strs, err := LoadStrings(th, langs, defaultLang)
	if err != nil {
		return nil, err
	}
	tpl, err := LoadTemplates(th, funcs())
	if err != nil {
		return nil, err
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	return &Renderer{Theme: th, Templates: tpl, Strings: strs, Now: opts.Now, opts: opts, min: newMinifier(), js: map[string]string{}}, nil
}

// SetExtra sets the function giving extra template data per page (history,
// references, gathered questions); later build stages compute that data
// after the renderer exists, before any page is rendered.
func (r *Renderer) SetExtra(f func(p *site.Page) map[string]any) { r.opts.Extra = f }

// SetEdition sets the function giving a page's edition banner data.
func (r *Renderer) SetEdition(f func(p *site.Page) *EditionInfo) { r.opts.Edition = f }

// T returns a UI string; used to build the Markdown converters.
func (r *Renderer) T(lang string) func(string) string {
	return func(key string) string { return r.Strings.T(lang, key) }
}

// Assets bundles, fingerprints and writes the stylesheet and the per-language
// scripts, and copies static files. It must run before Pages.
func (r *Renderer) Assets(s *site.Site, out Sink) error {
	var css bytes.Buffer
	for _, f := range r.Theme.Files("assets/css") {
		if path.Ext(f) != ".css" {
			continue
		}
		b, _, err := r.Theme.ReadFile("assets/css/" + f)
		if err != nil {
			return err
		}
		fmt.Fprintf(&css, "/* %s */\n", f)
		css.Write(b)
		css.WriteByte('\n')
	}
	data := css.Bytes()
	if r.opts.Minify {
		var err error
		if data, err = r.min.bytes("text/css", data); err != nil {
			return fmt.Errorf("assets/css: %v", err)
		}
	}
	name := "css/main." + hash(data) + ".css"
	r.css = s.BasePath + name
	if err := out.Write(name, data); err != nil {
		return err
	}
	var js bytes.Buffer
	modules := map[string][]string{} // module name → its files, in name order
	for _, f := range r.Theme.Files("assets/js") {
		if path.Ext(f) != ".js" {
			continue
		}
		if dir, name, ok := strings.Cut(f, "/"); ok {
			// assets/js/modules/<name>.js: loaded only by pages that use it.
			if dir == "modules" && !strings.Contains(name, "/") {
				mod := strings.TrimSuffix(name, ".js")
				modules[mod] = append(modules[mod], f)
			}
			continue
		}
		b, _, err := r.Theme.ReadFile("assets/js/" + f)
		if err != nil {
			return err
		}
		fmt.Fprintf(&js, "\n/* %s */\n", f)
		js.Write(b)
		js.WriteString("\n;")
	}
	for _, lang := range s.Langs {
		all := r.Strings.All(lang)
		// The search filter names terms as their pages do ("audience.it":
		// "IT"), a site's own term pages included.
		for _, list := range s.Taxonomy[lang] {
			for _, term := range list.Pages {
				all[site.TermName(term)] = term.Title
			}
		}
		strs, _ := json.Marshal(all)
		var b bytes.Buffer
		b.WriteString("window.VARDE_I18N=")
		b.Write(strs)
		b.WriteString(";\n")
		b.Write(js.Bytes())
		data := b.Bytes()
		if r.opts.Minify {
			var err error
			if data, err = r.min.bytes("application/javascript", data); err != nil {
				return fmt.Errorf("assets/js: %v", err)
			}
		}
		name := "js/varde." + lang + "." + hash(data) + ".js"
		r.js[lang] = s.BasePath + name
		if err := out.Write(name, data); err != nil {
			return err
		}
	}
	r.modules = map[string]string{}
	r.modNames = slices.Sorted(maps.Keys(modules))
	for mod, files := range modules {
		var b bytes.Buffer
		for _, f := range files {
			data, _, err := r.Theme.ReadFile("assets/js/" + f)
			if err != nil {
				return err
			}
			b.Write(data)
			b.WriteString("\n;")
		}
		data := b.Bytes()
		if r.opts.Minify {
			var err error
			if data, err = r.min.bytes("application/javascript", data); err != nil {
				return fmt.Errorf("assets/js/modules/%s.js: %v", mod, err)
			}
		}
		name := "js/" + mod + "." + hash(data) + ".js"
		r.modules[mod] = s.BasePath + name
		if err := out.Write(name, data); err != nil {
			return err
		}
	}
	for _, f := range r.Theme.Files("static") {
		b, _, err := r.Theme.ReadFile("static/" + f)
		if err != nil {
			return err
		}
		if mt := minifiable[path.Ext(f)]; mt != "" {
			if b, err = r.Minify(mt, b); err != nil {
				return fmt.Errorf("static/%s: %v", f, err)
			}
		}
		if err := out.Write(f, b); err != nil {
			return err
		}
	}
	return nil
}

// minifiable maps file extensions to the media types Minify knows.
var minifiable = map[string]string{
	".css": "text/css", ".js": "application/javascript", ".svg": "image/svg+xml",
	".json": "application/json", ".xml": "application/xml",
}

// MinifyFile minifies a file by its extension when it is a kind Varde
// minifies (CSS, JS, SVG, JSON, XML), else returns it unchanged.
func (r *Renderer) MinifyFile(name string, b []byte) ([]byte, error) {
	if mt := minifiable[path.Ext(name)]; mt != "" {
		return r.Minify(mt, b)
	}
	return b, nil
}

func hash(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:4])
}

// View returns the template data for a page.
func (r *Renderer) View(s *site.Site, p *site.Page) *View {
	v := &View{Page: p, Site: s, Lang: p.Lang, CSS: r.css, JS: r.js[p.Lang], Dev: r.opts.Dev, r: r}
	v.Scripts = append(v.Scripts, v.JS)
	if r.opts.Extra != nil {
		v.Extra = r.opts.Extra(p)
	}
	if r.opts.Edition != nil {
		v.Edition = r.opts.Edition(p)
	}
	if v.Edition == nil {
		v.Edition = &EditionInfo{}
	}
	for _, mod := range r.modNames {
		if v.uses(mod) {
			v.Scripts = append(v.Scripts, r.modules[mod])
		}
	}
	v.MenuKey, v.LanguagesKey, v.TermsKey = menuKey(v), languagesKey(v), termsKey(v)
	v.RelatedKey, v.UpdatedKey = relatedKey(v), updatedKey(v)
	v.ScriptsKey = strings.Join(v.Scripts, "\x00")
	v.HeadTitle, v.NoIndex, v.DataPass = headTitle(v), noIndex(v), dataPass(v)
	v.TermRefs, v.EditionSwitch, v.SiteKey = termRefs(v), editionSwitch(v), s.Config.SiteKey
	return v
}

// Page renders one page to HTML.
func (r *Renderer) Page(s *site.Site, p *site.Page) ([]byte, error) {
	bufs := getBuffers()
	defer putBuffers(bufs)
	html, err := r.page(s, p, bufs)
	if err != nil {
		return nil, err
	}
	return bytes.Clone(html), nil
}

// buffers are the two buffers rendering a page needs: the template's output
// and the minifier's. Pages reuses them from page to page; at 10,000 pages
// allocating them afresh was a fifth of all the memory a build allocates.
type buffers struct{ tmpl, min bytes.Buffer }

var bufferPool = sync.Pool{New: func() any { return new(buffers) }}

func getBuffers() *buffers { return bufferPool.Get().(*buffers) }

func putBuffers(b *buffers) {
	if b.tmpl.Cap() > 1<<20 || b.min.Cap() > 1<<20 {
		return // a huge list page: let it go rather than pin it
	}
	bufferPool.Put(b)
}

// page renders p into bufs and returns the HTML, which is valid until bufs
// are used again.
func (r *Renderer) page(s *site.Site, p *site.Page, bufs *buffers) ([]byte, error) {
	set, name, err := r.Templates.For(p)
	if err != nil {
		return nil, err
	}
	bufs.tmpl.Reset()
	v := r.View(s, p)
	v.set = set
	v.deps = r.startDeps() // rendered-page cache (deps.go)
	if err := set.ExecuteTemplate(&bufs.tmpl, name, v); err != nil {
		return nil, fmt.Errorf("layout error: %v", err)
	}
	r.endDeps(p, v.deps) // rendered-page cache (deps.go)
	insertCSP(&bufs.tmpl, cspMeta(s))
	if r.opts.Minify && !r.opts.Dev {
		bufs.min.Reset()
		if err := r.min.into(&bufs.min, "text/html", &bufs.tmpl); err != nil {
			return nil, err
		}
		return bufs.min.Bytes(), nil
	}
	return bufs.tmpl.Bytes(), nil
}

// Pages renders the given pages in parallel, one worker per core, writing
// each to out. Errors name the page's file.
func (r *Renderer) Pages(s *site.Site, pages []*site.Page, out Sink) []diag.Diagnostic {
	var diags diag.List
	work := make(chan *site.Page)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bufs := getBuffers()
			defer putBuffers(bufs)
			for p := range work {
				html, err := r.page(s, p, bufs)
				if err == nil {
					err = out.Write(p.OutFile, html)
				}
				if err != nil {
					diags.Errorf(p.Describe(), 0, "%v", err)
				}
			}
		}()
	}
	for _, p := range pages {
		work <- p
	}
	close(work)
	wg.Wait()
	return diags.Items()
}

// Aliases writes a redirect page at every alias of every page.
func (r *Renderer) Aliases(s *site.Site, out Sink) []diag.Diagnostic {
	var diags diag.List
	for _, p := range s.Pages {
		for _, a := range p.Aliases {
			if s.ByPath(a) != nil {
				continue // reported by Site.Validate
			}
			file := strings.TrimPrefix(a, "/")
			if strings.HasSuffix(file, "/") {
				file += "index.html"
			}
			var b bytes.Buffer
			_ = aliasTemplate.Execute(&b, map[string]string{"URL": p.URL, "Title": p.Title, "Lang": p.Lang, "Abs": p.Permalink})
			insertCSP(&b, cspMeta(s))
			if err := out.Write(file, b.Bytes()); err != nil {
				diags.Errorf(p.Source.File, 0, "%v", err)
			}
		}
	}
	return diags.Items()
}

var aliasTemplate = template.Must(template.New("alias").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Title}}</title>
<link rel="canonical" href="{{.Abs}}"><meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={{.URL}}"></head>
<body><p><a href="{{.URL}}">{{.Title}}</a></p></body></html>
`))
