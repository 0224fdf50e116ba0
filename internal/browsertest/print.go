package browsertest

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"strconv"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// EmulateMedia makes the page render as for media ("print", "screen" or ""
// for no override) with the given media features, such as
// {"prefers-color-scheme": "dark"} or {"prefers-reduced-motion": "reduce"}.
func (p *Page) EmulateMedia(media string, features map[string]string) {
	p.t.Helper()
	params := emulation.SetEmulatedMediaParams{Media: media}
	for name, value := range features {
		params.Features = append(params.Features, &emulation.MediaFeature{Name: name, Value: value})
	}
	ctx, cancel := context.WithTimeout(p.ctx, p.Timeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, params); err != nil {
		p.t.Fatalf("emulate media %q %v: %v", media, features, err)
	}
}

// PrintA4 prints the current page as the browser's print dialog would on
// A4 paper with the page's own print stylesheet (the browser's default
// margins of 1 cm, no header or footer) and returns the PDF and its number of pages.
func (p *Page) PrintA4() ([]byte, int) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.Timeout)
	defer cancel()
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperA4),
	))
	if err != nil {
		p.t.Fatalf("print %s to PDF: %v", p.location(), err)
	}
	n, err := PDFPages(pdf)
	if err != nil {
		p.t.Fatalf("print %s to PDF: %v", p.location(), err)
	}
	return pdf, n
}

var (
	pageObject = regexp.MustCompile(`/Type\s*/Page[^s]`)
	pagesCount = regexp.MustCompile(`/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b`)
)

// PDFPages counts the pages of a PDF as Chromium writes it. It reads the
// /Count of the page tree root and checks it against the number of page
// objects, so that a PDF with compressed object streams, which this simple
// reader cannot see into, is an error and not a wrong number.
func PDFPages(pdf []byte) (int, error) {
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return 0, errors.New("not a PDF")
	}
	objects := len(pageObject.FindAll(pdf, -1))
	root := 0
	for _, m := range pagesCount.FindAllSubmatch(pdf, -1) {
		s := m[1]
		if len(s) == 0 {
			s = m[2]
		}
		if n, err := strconv.Atoi(string(s)); err == nil && n > root {
			root = n // the root of the tree has the largest count
		}
	}
	switch {
	case root == 0 && objects == 0:
		return 0, errors.New("no page tree found in PDF")
	case root == 0:
		return objects, nil
	case objects != 0 && objects != root:
		return 0, errors.New("PDF page tree says " + strconv.Itoa(root) + " pages but holds " + strconv.Itoa(objects) + " page objects")
	}
	return root, nil
}
