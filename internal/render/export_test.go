package render

import "bytes"

// SetFragmentReuse turns View.Cached's reuse of rendered partials on or
// off, for render_test's comparison of the two.
func SetFragmentReuse(on bool) { noFragmentReuse = !on }

// MinifyBothWays minifies a page with the fast path (ok false when it
// hands the page back) and with tdewolff alone, for render_test.
func MinifyBothWays(page []byte) (fast []byte, ok bool, slow []byte, err error) {
	mi := newMinifier()
	var f, s bytes.Buffer
	in := bytes.Clone(page)
	ok = mi.fastHTML(&f, in)
	if !bytes.Equal(in, page) {
		panic("fastHTML changed its input")
	}
	err = mi.m.Minify("text/html", &s, bytes.NewBuffer(in))
	return f.Bytes(), ok, s.Bytes(), err
}

// SetFastMinify turns the fast path of HTML minification on or off.
func SetFastMinify(on bool) { noFastMinify = !on }

// NewHTMLMinifier returns the pages' minifier as a function, for
// BenchmarkMinifyPage.
func NewHTMLMinifier() func([]byte) ([]byte, error) {
	mi := newMinifier()
	var in, out bytes.Buffer
	return func(page []byte) ([]byte, error) {
		in.Reset()
		in.Write(page)
		out.Reset()
		err := mi.into(&out, "text/html", &in)
		return out.Bytes(), err
	}
}

// PartsUsed is how many cached parts the fast minifier has written from
// memory so far.
func PartsUsed() int64 { return partsUsed.Load() }
