package render

import (
	"bytes"
	"regexp"

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
	m.AddFunc("image/svg+xml", svg.Minify)
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
