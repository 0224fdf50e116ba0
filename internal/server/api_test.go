package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// searchSite has pages in two languages, types and audiences, and a page
// whose text holds markup.
var searchSite = map[string]string{
	"config.toml": "title = \"Søketest\"\n[languages.nb]\nname = \"Bokmål\"\n[languages.nn]\nname = \"Nynorsk\"\n" +
		"[sections.veiledere]\ntype = \"onepager\"\n[sections.norm]\ntype = \"norm\"\n",
	"content/_index.md":           "---\ntitle: Hjem\n---\nVelkommen.\n",
	"content/_index.nn.md":        "---\ntitle: Heim\n---\nVelkomen.\n",
	"content/veiledere/_index.md": "---\ntitle: Veiledere\n---\nAlle veilederne.\n",
	"content/veiledere/personvernombud.md": "---\ntitle: Personvernombudet\ndescription: Alle kommuner må ha et personvernombud.\n" +
		"audience: [leder, personvernombud]\n---\nPersonvernombudet gir råd om personvern og informasjonssikkerhet.\n",
	"content/veiledere/personvernombud.nn.md": "---\ntitle: Personvernombodet\ndescription: Alle kommunar må ha eit personvernombod.\n" +
		"audience: [leder, personvernombud]\n---\nPersonvernombodet gjev råd om personvern.\n",
	"content/veiledere/skript.md": "---\ntitle: Skript i nettlesaren\ndescription: Om skript og sikkerhet.\naudience: [it]\n---\n" +
		"Et angrep kan se slik ut: `<script>alert(1)</script>` eller `<img src=x onerror=alert(2)>`.\n",
	"content/norm/_index.md":  "---\ntitle: Normen\n---\nVaner.\n",
	"content/norm/passord.md": "---\ntitle: Sterke passord\nstatement: Jeg bruker sterke passord.\ndescription: Lange passordfraser gir sikkerhet.\naudience: [ansatt]\n---\nBruk et eget passord for hver tjeneste og tenk på personvern.\n",
}

// startSearch starts a server on searchSite and waits until its search
// index answers.
func startSearch(t *testing.T) (*Server, string) {
	t.Helper()
	s, addr := start(t, writeSite(t, searchSite))
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, _, body := get(t, addr+"/api/search?q=personvern")
		if code == http.StatusOK {
			break
		}
		if code != http.StatusServiceUnavailable || time.Now().After(deadline) {
			t.Fatalf("the search index did not get ready: %d %s", code, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return s, addr
}

// apiGet asks /api/search with the given parameters and decodes the answer.
func apiGet(t *testing.T, addr string, params url.Values) (int, apiResponse, string) {
	t.Helper()
	resp, err := http.Get(addr + "/api/search?" + params.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", params.Encode(), ct)
	}
	var body json.RawMessage
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("%s: status %d, body is not JSON: %v", params.Encode(), resp.StatusCode, err)
	}
	var r apiResponse
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, &r); err != nil {
			t.Fatalf("%s: %v", params.Encode(), err)
		}
	}
	return resp.StatusCode, r, string(body)
}

func TestSearchAPI(t *testing.T) {
	_, addr := startSearch(t)

	code, r, body := apiGet(t, addr, url.Values{"q": {"personvernombudet"}, "lang": {"nb"}})
	if code != 200 || len(r.Results) == 0 || r.Results[0].ID != "veiledere/personvernombud" || r.Results[0].Lang != "nb" {
		t.Fatalf("personvernombudet: %d %s", code, body)
	}
	h := r.Results[0]
	if h.URL != "/veiledere/personvernombud/" || h.Type != "onepager" || h.Title != "Personvernombudet" ||
		!strings.Contains(h.Snippet, "<mark>personvernombud</mark>") {
		t.Errorf("hit: %+v", h)
	}
	if r.Query != "personvernombudet" || r.TookMs < 0 || r.Total < 1 {
		t.Errorf("response: %s", body)
	}
	if !strings.Contains(body, `"took_ms":`) || !strings.Contains(body, `"facets":{"type":`) {
		t.Errorf("field names: %s", body)
	}

	// Nynorsk.
	if _, r, body := apiGet(t, addr, url.Values{"q": {"personvernombodet"}, "lang": {"nn"}}); len(r.Results) == 0 || r.Results[0].Lang != "nn" {
		t.Errorf("nynorsk: %s", body)
	}

	// Facets count per type and audience; a filter narrows the results,
	// but the facet of the filter's own field still counts every value.
	_, all, body := apiGet(t, addr, url.Values{"q": {"sikkerhet"}, "lang": {"nb"}})
	if all.Facets.Type["onepager"] == 0 || all.Facets.Type["norm"] == 0 || all.Facets.Audience["ansatt"] == 0 {
		t.Fatalf("facets: %s", body)
	}
	_, norm, body := apiGet(t, addr, url.Values{"q": {"sikkerhet"}, "lang": {"nb"}, "type": {"norm"}})
	if norm.Total != all.Facets.Type["norm"] || len(norm.Results) == 0 {
		t.Errorf("type=norm: total %d, facet said %d: %s", norm.Total, all.Facets.Type["norm"], body)
	}
	for _, h := range norm.Results {
		if h.Type != "norm" {
			t.Errorf("type=norm let through %+v", h)
		}
	}
	if norm.Facets.Type["onepager"] != all.Facets.Type["onepager"] {
		t.Errorf("the type facet changed under a type filter: %v, was %v", norm.Facets.Type, all.Facets.Type)
	}
	_, it, body := apiGet(t, addr, url.Values{"q": {"sikkerhet"}, "audience": {"it"}})
	if it.Total != 1 || it.Results[0].ID != "veiledere/skript" {
		t.Errorf("audience=it: %s", body)
	}
	if _, r, _ := apiGet(t, addr, url.Values{"q": {"personvern"}, "limit": {"1"}}); len(r.Results) != 1 || r.Total < 2 {
		t.Errorf("limit=1: %d results of %d", len(r.Results), r.Total)
	}
}

// markupOtherThanMark finds any tag in a snippet but <mark> and </mark>.
var markupOtherThanMark = regexp.MustCompile(`<(?:[^/m]|/[^m]|m[^a]|ma[^r]|mar[^k]|mark[^>]|/mark[^>])`)

// TestSearchAPIBadInput: no query makes the API fail with a 500; bad
// parameters get a 400 with a message in JSON; snippets are HTML with no
// tag but <mark>.
func TestSearchAPIBadInput(t *testing.T) {
	_, addr := startSearch(t)
	for _, q := range []string{
		"", " ", "og i på det som er", "eg ikkje kva korleis", strings.Repeat("sikkerhet ", 1000)[:10000], `"`, `*`, `:`, `~`, `^`,
		`<script>`, `<script>alert(1)</script>`, `<img src=x onerror=alert(1)>`, `"personvern" AND passord~2 title:^3 *`,
		"alert", "\x00\x1b[31m", "\xff\xfe ugyldig utf-8", "%", "a%ZZ", strings.Repeat("æøå", 5000),
	} {
		name := q
		if len(name) > 40 {
			name = name[:40] + "…"
		}
		for _, lang := range []string{"", "nb", "nn"} {
			code, r, body := apiGet(t, addr, url.Values{"q": {q}, "lang": {lang}})
			if code != http.StatusOK {
				t.Errorf("%q lang=%q: status %d: %.200s", name, lang, code, body)
				continue
			}
			if r.Results == nil {
				t.Errorf("%q: results is null, want []", name)
			}
			for _, h := range r.Results {
				if m := markupOtherThanMark.FindString(h.Snippet); m != "" {
					t.Errorf("%q: snippet of %s holds markup %q: %s", name, h.ID, m, h.Snippet)
				}
			}
		}
	}
	// The page with markup in its text: the markup comes back as text.
	_, r, body := apiGet(t, addr, url.Values{"q": {"alert"}})
	if len(r.Results) != 1 || !strings.Contains(r.Results[0].Snippet, "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;") {
		t.Errorf("alert: %s", body)
	}
	// A query string that is not well formed is read as far as it goes.
	resp, err := http.Get(addr + "/api/search?q=%ZZ&lang=nb")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("q=%%ZZ: status %d", resp.StatusCode)
	}

	for _, tc := range []struct {
		params url.Values
		status int
	}{
		{url.Values{"q": {"x"}, "limit": {"0"}}, 400},
		{url.Values{"q": {"x"}, "limit": {"101"}}, 400},
		{url.Values{"q": {"x"}, "limit": {"-1"}}, 400},
		{url.Values{"q": {"x"}, "limit": {"ti"}}, 400},
		{url.Values{"q": {"x"}, "limit": {"1e3"}}, 400},
		{url.Values{"q": {"x"}, "limit": {strings.Repeat("9", 40)}}, 400},
		{url.Values{"q": {"x"}, "lang": {"sv"}}, 400},
		{url.Values{"q": {"x"}, "lang": {"../nb"}}, 400},
		{url.Values{"q": {"x"}, "type": {"<script>"}, "audience": {"\"*"}}, 200},
		{url.Values{"q": {"x"}, "limit": {"100"}}, 200},
	} {
		code, _, body := apiGet(t, addr, tc.params)
		if code != tc.status {
			t.Errorf("%s: status %d, want %d: %s", tc.params.Encode(), code, tc.status, body)
		}
		if code == 400 && !strings.Contains(body, `"error":`) {
			t.Errorf("%s: no error message: %s", tc.params.Encode(), body)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, addr+"/api/search?q=x", nil)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") == "" {
		t.Errorf("POST: status %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

// TestSearchAPINotReady: before the first index is built the API answers
// 503 with Retry-After, in JSON.
func TestSearchAPINotReady(t *testing.T) {
	s := New(Options{Source: writeSite(t, searchSite)})
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/api/search?q=personvern", nil))
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" || !strings.Contains(w.Body.String(), `"error":`) {
		t.Errorf("status %d, Retry-After %q, body %s", w.Code, w.Header().Get("Retry-After"), w.Body.String())
	}
}

// TestSearchAPIDuringReindex: queries keep being answered, never with a
// 500, while an edit makes the server rebuild its index and swap it in.
func TestSearchAPIDuringReindex(t *testing.T) {
	s, addr := startSearch(t)
	s.search.mu.Lock()
	s.search.delay = 0
	s.search.mu.Unlock()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := http.Get(addr + "/api/search?q=" + url.QueryEscape("personvern sikkerhet"))
				if err != nil {
					continue
				}
				resp.Body.Close()
				mu.Lock()
				codes[resp.StatusCode]++
				mu.Unlock()
			}
		}()
	}
	dir := s.opts.Source
	for i := 0; i < 4; i++ {
		writeFile(t, filepath.Join(dir, "content/norm/passord.md"),
			"---\ntitle: Sterke passord\nstatement: Jeg bruker sterke passord.\naudience: [ansatt]\n---\nVersjon "+strings.Repeat("ny ", i+1)+"om personvern.\n")
		waitRebuild(t, s)
		time.Sleep(150 * time.Millisecond) // let the index rebuild and swap
	}
	close(stop)
	wg.Wait()
	if codes[http.StatusOK] == 0 {
		t.Errorf("no query answered: %v", codes)
	}
	for code, n := range codes {
		if code != http.StatusOK {
			t.Errorf("%d queries answered %d during reindexing", n, code)
		}
	}
	t.Logf("answers during reindexing: %v", codes)
}
