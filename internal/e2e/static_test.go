package e2e

import (
	"strconv"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/browsertest"
)

func itoa(n int) string { return strconv.Itoa(n) }

// report fails the test with every problem, one per line, and logs the
// summary either way.
func report(t *testing.T, summary string, probs []problem) {
	t.Helper()
	browsertest.Figure(t, "%s: %d problems", summary, len(probs))
	if len(probs) == 0 {
		return
	}
	var b strings.Builder
	for _, p := range probs {
		b.WriteString("\n\t" + p.String())
	}
	t.Errorf("%s:%s", summary, b.String())
}

func TestStaticLinks(t *testing.T) {
	s := bundled(t)
	probs, n := checkLinks(s)
	report(t, "links: "+itoa(n)+" internal references in "+itoa(len(s.Docs))+" pages", probs)
}

func TestStaticHead(t *testing.T) {
	s := bundled(t)
	report(t, "head: lang, title, description, canonical of "+itoa(len(s.Docs))+" pages", checkHead(s))
}

func TestStaticSitemapAndFeeds(t *testing.T) {
	s := bundled(t)
	probs, feeds := checkFeeds(s)
	report(t, "sitemap.xml and feeds "+strings.Join(feeds, ", "), probs)
}

func TestStaticNoInlineCode(t *testing.T) {
	s := bundled(t)
	report(t, "inline script, style and handlers in "+itoa(len(s.Docs))+" pages", checkInlineCode(s))
}

func TestStaticNoExternalResources(t *testing.T) {
	s := bundled(t)
	probs, n := checkExternalResources(s)
	report(t, "resources: "+itoa(n)+" references", probs)
}
