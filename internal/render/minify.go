package render

import (
	"bytes"
	"io"
	"regexp"
	"sync"
	"sync/atomic"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// minifier wraps tdewolff/minify with the settings Varde's output needs:
// document and end tags are kept so the HTML stays easy to inspect and
// valid for every checker.
type minifier struct{ m *minify.M }

func newMinifier() *minifier {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	m.AddFunc("text/css", css.Minify)
	// Through a memo: the theme's inline icons (menu, search, logo) are
	// the same on every page, and the HTML minifier hands each <svg> to
	// this one, which parsed them afresh on every page.
	m.Add("image/svg+xml", &memoMinifier{f: svg.Minify})
	m.AddFuncRegexp(regexp.MustCompile("^(application|text)/(x-)?(java|ecma)script$"), js.Minify)
	m.AddFuncRegexp(regexp.MustCompile("[/+]json$"), json.Minify)
	m.AddFuncRegexp(regexp.MustCompile("[/+]xml$"), xml.Minify)
	return &minifier{m: m}
}

func (mi *minifier) bytes(mediatype string, b []byte) ([]byte, error) {
	var out bytes.Buffer
	if err := mi.into(&out, mediatype, bytes.NewBuffer(b)); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// into minifies in into out. in is a bytes.Buffer because the minifiers
// read a reader with a Bytes method in place; any other reader they copy
// whole first.
func (mi *minifier) into(out *bytes.Buffer, mediatype string, in *bytes.Buffer) error {
	out.Grow(in.Len())
	return mi.m.Minify(mediatype, out, in)
}

// Minify minifies data of a media type (e.g. "image/svg+xml", "application/json").
func (r *Renderer) Minify(mediatype string, b []byte) ([]byte, error) {
	if !r.opts.Minify {
		return b, nil
	}
	return r.min.bytes(mediatype, b)
}

// memoMinifier remembers what a minifier made of each small input it was
// given: a minifier is a function of its input and parameters, so the
// remembered output is the output it would give again.
type memoMinifier struct {
	f     minify.MinifierFunc
	cache sync.Map // params key + "\x00" + input → output
	n     atomic.Int64
}

// Bounds of a memoMinifier: inputs larger than memoMaxInput (an
// illustration rather than an icon) and inputs beyond memoMaxEntries are
// minified without being kept.
const (
	memoMaxInput   = 4 << 10
	memoMaxEntries = 4096
)

func (mm *memoMinifier) Minify(m *minify.M, w io.Writer, r io.Reader, params map[string]string) error {
	var pkey string
	switch {
	case len(params) == 0:
	case len(params) == 1 && params["inline"] == "1":
		pkey = "inline"
	default:
		return mm.f(m, w, r, params)
	}
	in, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if len(in) > memoMaxInput {
		return mm.f(m, w, bytes.NewReader(in), params)
	}
	key := pkey + "\x00" + string(in)
	if out, ok := mm.cache.Load(key); ok {
		_, err := w.Write(out.([]byte))
		return err
	}
	var out bytes.Buffer
	if err := mm.f(m, &out, bytes.NewReader(in), params); err != nil {
		return err
	}
	if mm.n.Load() < memoMaxEntries {
		if _, loaded := mm.cache.LoadOrStore(key, out.Bytes()); !loaded {
			mm.n.Add(1)
		}
	}
	_, err = w.Write(out.Bytes())
	return err
}
