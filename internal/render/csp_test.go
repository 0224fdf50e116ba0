package render

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

func TestInsertCSP(t *testing.T) {
	tag := []byte(`<meta http-equiv="Content-Security-Policy" content="default-src 'self'">`)
	for in, want := range map[string]string{
		// After <head>, before what the layout puts first.
		"<!DOCTYPE html>\n<html lang=\"nb\">\n<head>\n<meta charset=\"utf-8\"><script src=\"/a.js\"></script>": "<!DOCTYPE html>\n<html lang=\"nb\">\n<head>" + string(tag) + "\n<meta charset=\"utf-8\"><script src=\"/a.js\"></script>",
		// A <head> with attributes, after a comment that mentions <head>.
		"<!-- <head> --><HTML><HEAD class=x><style>p{}</style>": "<!-- <head> --><HTML><HEAD class=x>" + string(tag) + "<style>p{}</style>",
		// No <head>: before the first element, which opens the implied head.
		"<!DOCTYPE html><html><title>T</title><body>": "<!DOCTYPE html><html>" + string(tag) + "<title>T</title><body>",
		"<!DOCTYPE html><header>x</header>":           "<!DOCTYPE html>" + string(tag) + "<header>x</header>",
		"":                                            string(tag),
	} {
		var b bytes.Buffer
		b.WriteString(in)
		insertCSP(&b, tag)
		if b.String() != want {
			t.Errorf("insertCSP(%q)\n= %q\nwant %q", in, b.String(), want)
		}
	}
	var b bytes.Buffer
	b.WriteString("<html><head></head></html>")
	insertCSP(&b, nil)
	if b.String() != "<html><head></head></html>" {
		t.Errorf("a site without the tag got %q", b.String())
	}
}

// TestCSPAtIsCSPOffset holds the quick path to the tokenizer's answer on
// the whole page, for pages where a "<head>" comes before the real one.
func TestCSPAtIsCSPOffset(t *testing.T) {
	for _, page := range []string{
		"<!DOCTYPE html>\n<html lang=\"nb\">\n<head>\n<meta charset=\"utf-8\">",
		"<!-- <head> --><html><head class=x>",
		"<html data-x=\"<head>\"><head><title>x</title>",
		"<html><body><head>",
		"<!DOCTYPE html><html><title>T</title><head>",
		"<head>",
		"<head",
		"<script><head></script><head>",
		"<html><HEAD><head>",
		"<!DOCTYPE html>\n<html lang=\"nb\" data-x=\"a>b\">\n<head>",
		"<!DOCTYPE html><html lang=\"nb\"><head>",
		"<!DOCTYPE html><html lang=\"nb\"><body><head>",
		"  <html\tlang=\"en\" >\n\n<head>",
		"<!DOCTYPE html>\n<!-- x --><html lang=\"nb\">\n<head>",
		"",
	} {
		if got, want := cspAt([]byte(page)), cspOffset([]byte(page)); got != want {
			t.Errorf("cspAt(%q) = %d, cspOffset %d", page, got, want)
		}
	}
}

func FuzzCSPAt(f *testing.F) {
	f.Add("<!-- <head> --><html><head class=x>")
	f.Add("<html data-x=\"<head>\"><head><title>x</title>")
	f.Add("<!DOCTYPE html>\n<html lang=\"nb\">\n<head>\n<meta charset=\"utf-8\">")
	f.Fuzz(func(t *testing.T, page string) {
		if got, want := cspAt([]byte(page)), cspOffset([]byte(page)); got != want {
			t.Errorf("cspAt(%q) = %d, cspOffset %d", page, got, want)
		}
	})
}

// simpleTopRE is what simpleTop matches.
var simpleTopRE = regexp.MustCompile(`^[ \t\r\n]*(?:<!DOCTYPE html>[ \t\r\n]*)?<html(?:[ \t\r\n]+[a-z-]+="[^"<>&]*")*[ \t\r\n]*>[ \t\r\n]*<head>`)

func checkSimpleTop(t *testing.T, page string) {
	t.Helper()
	want := -1
	if loc := simpleTopRE.FindStringIndex(page); loc != nil {
		want = loc[1]
	}
	if got := simpleTop([]byte(page)); got != want {
		t.Errorf("simpleTop(%q) = %d, the expression %d", page, got, want)
	}
}

func TestSimpleTopIsTheExpression(t *testing.T) {
	for _, page := range []string{
		"<!DOCTYPE html>\n<html lang=\"nb\">\n<head>\n<meta charset=\"utf-8\">",
		"<html><head>", "<html ><head>", "<html\t\n><head>", " \n<html lang=\"\"><head>",
		"<html lang=\"nb\"data-x=\"y\"><head>", "<html lang=\"nb\" data-x=\"y\" ><head>",
		"<html lang=\"a&b\"><head>", "<html lang=\"a>b\"><head>", "<html lang=nb><head>",
		"<html lang=\"nb><head>", "<html LANG=\"nb\"><head>", "<html lang =\"nb\"><head>",
		"<!DOCTYPE html><html><head>", "<!doctype html><html><head>", "<htmlx><head>",
		"<html><head >", "<html><HEAD>", "<html>x<head>", "<html lang=\"nb\" ", "<html", "",
		"<html -=\"\"><head>", "<!DOCTYPE html>  <html>  <head>",
	} {
		checkSimpleTop(t, page)
	}
}

func FuzzSimpleTop(f *testing.F) {
	f.Add("<!DOCTYPE html>\n<html lang=\"nb\">\n<head>")
	f.Add("<html lang=\"nb\"data-x=\"y\"><head>")
	f.Fuzz(func(t *testing.T, page string) { checkSimpleTop(t, page) })
}

func BenchmarkInsertCSP(b *testing.B) {
	page := []byte("<!DOCTYPE html>\n<html lang=\"nb\">\n<head>\n<meta charset=\"utf-8\">\n" + strings.Repeat("<p>Tekst i avsnitt.</p>\n", 400))
	tag := []byte(`<meta http-equiv="Content-Security-Policy" content="default-src 'self'">`)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		buf.Write(page)
		insertCSP(&buf, tag)
	}
}
