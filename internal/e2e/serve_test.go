package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/testsite"

	"github.com/varde-portal/varde/internal/browsertest"
	"github.com/varde-portal/varde/internal/server"
)

// serveSite is the small site the live-preview journey edits: two pages in
// one section, so that a link can break and be mended.
var serveSite = map[string]string{
	"config.toml": `title = "Forhåndsvisning"
baseURL = "https://forhandsvisning.example.no/"
[languages.nb]
name = "Bokmål"
[sections.veiledere]
type = "onepager"
`,
	"content/_index.md":           "---\ntitle: Forsiden\ndescription: Forsiden av testportalen.\n---\nVelkommen.\n",
	"content/veiledere/_index.md": "---\ntitle: Veiledere\ndescription: Veiledere.\n---\n",
	"content/veiledere/phishing.md": "---\ntitle: Phishing\ndescription: Slik kjenner du igjen svindel på e-post.\n---\n" +
		"Sjekk avsenderen.\n",
	"content/veiledere/passord.md": passordPage("Bruk lange passord."),
}

// passordPage is content/veiledere/passord.md with body as its text; the
// body starts on line 6.
func passordPage(body string) string {
	return "---\ntitle: Passord\ndescription: Slik lager du gode passord.\n---\n\n" + body + "\n"
}

// saveAtomically writes a file the way many editors save: to a temporary
// file in the same folder, then renamed over the original.
func saveAtomically(t *testing.T, file, body string) {
	t.Helper()
	tmp := file + ".tmp~"
	if err := os.WriteFile(tmp, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, file); err != nil {
		t.Fatal(err)
	}
}

// startServe runs `varde serve` (the server the command runs) on a free
// port for the site in dir, and returns its origin.
func startServe(t *testing.T, dir string) string {
	t.Helper()
	s := server.New(server.Options{Source: dir, Port: 0})
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, ready) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("varde serve stopped: %v", err)
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatal("varde serve did not start")
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("varde serve: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("varde serve did not shut down")
		}
	})
	return strings.TrimSuffix(addr, "/")
}

// TestServeLiveReload is the editor's loop in a real browser: open a page
// of `varde serve`, save the file on disk, and watch the open tab change
// without touching it; break a link and see the error overlay name the file
// and line over the last good page; mend it and see the overlay go.
func TestServeLiveReload(t *testing.T) {
	dir := t.TempDir()
	testsite.Write(t, dir, serveSite)
	page := filepath.Join(dir, "content", "veiledere", "passord.md")

	// The harness's Server names the origin the tab belongs to; here that
	// is the dev server, not a folder the harness serves itself.
	origin := startServe(t, dir)
	p := browsertest.NewPage(t, &browsertest.Server{URL: origin, Base: "/"})
	p.Navigate("/veiledere/passord/")
	mainText := `(document.querySelector("main") || document.body).textContent`
	if got := browsertest.Eval[string](p, mainText); !strings.Contains(got, "Bruk lange passord.") {
		t.Fatalf("the page does not show its text: %q", got)
	}
	waitLiveReload(t, p)
	// A mark on the document: it survives anything but a reload.
	browsertest.Eval[bool](p, `window.vardeJourneyMark = true`)

	// 1. Save new text: the open tab shows it by itself.
	saveAtomically(t, page, passordPage("Bruk en passordfrase på minst fire ord."))
	p.WaitFor(mainText + `.includes("Bruk en passordfrase på minst fire ord.")`)
	if browsertest.Eval[bool](p, `window.vardeJourneyMark === true`) {
		t.Error("the text changed without a reload; expected the live-reload script to reload the tab")
	}
	if got := p.Path(); got != "/veiledere/passord/" {
		t.Errorf("the tab moved to %s", got)
	}

	// 2. Break a link on line 6: the overlay names file and line, and the
	// last good page stays underneath.
	waitLiveReload(t, p)
	saveAtomically(t, page, passordPage("Les også [Logging](logging.md)."))
	p.WaitFor(`document.getElementById("varde-error-overlay")`)
	p.WaitVisible("#varde-error-overlay")
	overlay := browsertest.Eval[string](p, `document.getElementById("varde-error-overlay").textContent`)
	for _, want := range []string{"content/veiledere/passord.md:6", `"logging.md"`} {
		if !strings.Contains(overlay, want) {
			t.Errorf("the error overlay does not say %s:\n%s", want, overlay)
		}
	}
	if got := browsertest.Eval[string](p, mainText); !strings.Contains(got, "Bruk en passordfrase på minst fire ord.") {
		t.Errorf("the last good page is not shown under the overlay: %q", got)
	}
	if role := browsertest.Eval[string](p, `document.getElementById("varde-error-overlay").getAttribute("role") || ""`); role == "" {
		t.Error("the overlay has no role; screen readers would not announce it")
	}

	// 3. Mend the link: the overlay goes and the page shows the fix.
	saveAtomically(t, page, passordPage("Les også [Phishing](phishing.md)."))
	p.WaitFor(`!document.getElementById("varde-error-overlay") && ` + mainText + `.includes("Les også Phishing")`)
	if href := browsertest.Eval[string](p, `(document.querySelector('main a[href*="phishing"]') || {}).href || ""`); !strings.HasPrefix(href, origin+"/") {
		t.Errorf("the mended link points to %q, want a page of %s", href, origin)
	}

	p.AssertNoCSPViolations()
	p.AssertSameOrigin()
	p.AssertNoConsoleErrors()
}

// waitLiveReload waits until the tab's live-reload stream is connected, so
// that an edit made next cannot slip by before the tab listens. The server
// registers a tab before it sends the stream's headers, so a response seen
// by the browser means the tab will hear the next rebuild.
func waitLiveReload(t *testing.T, p *browsertest.Page) {
	t.Helper()
	deadline := time.Now().Add(browsertest.DefaultTimeout)
	for time.Now().Before(deadline) {
		reqs := p.Requests()
		// The newest document's stream: requests after the last document.
		for i := len(reqs) - 1; i >= 0; i-- {
			r := reqs[i]
			if r.Type == "Document" {
				break
			}
			if strings.Contains(r.URL, "/__varde/events") && r.Status == 200 {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the page never connected to the live-reload stream /__varde/events")
}

// TestServeManyPagesInOneTab walks through more pages in one tab than a
// browser opens connections to one host (six). Pages left behind stay in
// the back/forward cache; their live-reload streams must not stay open, or
// the next page's own requests (such as the search index) never start.
func TestServeManyPagesInOneTab(t *testing.T) {
	dir := t.TempDir()
	testsite.Write(t, dir, serveSite)
	origin := startServe(t, dir)
	p := browsertest.NewPage(t, &browsertest.Server{URL: origin, Base: "/"})
	paths := []string{"/", "/veiledere/", "/veiledere/passord/", "/veiledere/phishing/"}
	for i := 0; i < 9; i++ {
		p.Navigate(paths[i%len(paths)])
		waitLiveReload(t, p)
	}
	// A request of the page's own, as the search box makes one.
	got := browsertest.Eval[int](p, `Promise.race([
	  fetch("/", {cache: "no-store"}).then(r => r.status),
	  new Promise(ok => setTimeout(() => ok(-1), 5000)),
	])`)
	if got != 200 {
		t.Errorf("after 9 pages in one tab a request of the page got %d (-1: it never started in 5 s)", got)
	}
}
