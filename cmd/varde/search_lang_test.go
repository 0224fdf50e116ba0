package main

import (
	"strings"
	"testing"
)

// TestSearchCLILanguages: without --lang varde search shows the site's
// default language only (bokmål and nynorsk copies of a page were listed
// interleaved); --lang all shows every language, grouped in the site's
// order; --lang CODE one language.
func TestSearchCLILanguages(t *testing.T) {
	site := newSearchSite(t)
	// "passord" is in the bokmål and the nynorsk copy of the norm.
	res := searchJSON(t, "-s", site, "passord")
	if len(res.Hits) == 0 {
		t.Fatal("no hits")
	}
	for _, h := range res.Hits {
		if h.Lang != "nb" {
			t.Errorf("without --lang: a %s hit %s", h.Lang, h.ID)
		}
	}
	nn := searchJSON(t, "-s", site, "--lang", "nn", "passord")
	if len(nn.Hits) == 0 || nn.Hits[0].Lang != "nn" {
		t.Fatalf("--lang nn: %+v", nn.Hits)
	}
	all := searchJSON(t, "-s", site, "--lang", "all", "passord")
	if all.Total != res.Total+nn.Total || len(all.Hits) != len(res.Hits)+len(nn.Hits) {
		t.Errorf("--lang all: %d hits of %d, want nb %d of %d + nn %d of %d", len(all.Hits), all.Total, len(res.Hits), res.Total, len(nn.Hits), nn.Total)
	}
	// Grouped: every bokmål hit before every nynorsk one.
	seenNN := false
	for _, h := range all.Hits {
		switch {
		case h.Lang == "nn":
			seenNN = true
		case seenNN:
			t.Errorf("--lang all: %s hit %s after a nynorsk hit: %+v", h.Lang, h.ID, all.Hits)
		}
	}
	if !seenNN {
		t.Errorf("--lang all: no nynorsk hit: %+v", all.Hits)
	}

	// Text output: the language searched is named; --lang all heads each group.
	code, out, errs := runCLI("search", "-s", site, "passord")
	if code != exitOK || !strings.Contains(out, "in Bokmål (nb; --lang all searches every language)") || strings.Contains(out, ", nn]") {
		t.Errorf("exit %d, stderr %q, output:\n%s", code, errs, out)
	}
	code, out, _ = runCLI("search", "-s", site, "--lang", "all", "passord")
	nbAt, nnAt := strings.Index(out, "Bokmål (nb): "), strings.Index(out, "Nynorsk (nn): ")
	if code != exitOK || nbAt < 0 || nnAt < nbAt || strings.Contains(out[:nnAt], ", nn]") || strings.Contains(out[nnAt:], ", nb]") {
		t.Errorf("--lang all, exit %d:\n%s", code, out)
	}
	// Nothing found: the message says which language was searched and
	// how to search the others.
	code, out, _ = runCLI("search", "-s", site, "xylofonkvartett")
	if code != exitOK || !strings.Contains(out, `No results for "xylofonkvartett" in Bokmål (nb; --lang all searches every language).`) {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if code, _, errs := runCLI("search", "-s", site, "--lang", "sv", "x"); code != exitUsage || !strings.Contains(errs, "nor all") {
		t.Errorf("--lang sv: exit %d, %q", code, errs)
	}
}
