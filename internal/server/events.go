package server

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// hub fans server-sent events out to every open tab.
type hub struct {
	mu      sync.Mutex
	clients map[chan string]bool
}

func newHub() *hub { return &hub{clients: map[chan string]bool{}} }

func (h *hub) add() chan string {
	c := make(chan string, 4)
	h.mu.Lock()
	h.clients[c] = true
	h.mu.Unlock()
	return c
}

func (h *hub) remove(c chan string) {
	h.mu.Lock()
	if h.clients[c] {
		delete(h.clients, c)
		close(c)
	}
	h.mu.Unlock()
}

func (h *hub) send(ev string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c <- ev:
		default: // a slow tab misses an event; the next one reloads it anyway
		}
	}
}

func (h *hub) closeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		delete(h.clients, c)
		close(c)
	}
}

// events is the server-sent-events stream: "reload" after a good build,
// "error" after a failed one.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	c := s.hub.add()
	defer s.hub.remove(c)
	fmt.Fprint(w, "retry: 500\n\n")
	fl.Flush()
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, ok := <-c:
			if !ok {
				return
			}
			fmt.Fprintf(w, "event: %s\ndata: %d\n\n", ev, time.Now().UnixMilli())
			fl.Flush()
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
			fl.Flush()
		}
	}
}

// reloadJS is served at /__varde/reload.js, only by `varde serve`. It
// reloads the tab after a good build and shows the errors of a failed build
// over the page (built with DOM methods; no inline script or style).
const reloadJS = `(function () {
  "use strict";
  var base = (document.currentScript && document.currentScript.src || "/__varde/reload.js").replace(/reload\.js.*$/, "");
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = base + "reload.css";
  document.head.appendChild(css);
  function overlay(errors) {
    var old = document.getElementById("varde-error-overlay");
    if (old) old.remove();
    if (!errors || !errors.length) return;
    var box = document.createElement("div");
    box.id = "varde-error-overlay";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-labelledby", "varde-error-title");
    box.className = "varde-error-overlay";
    var h = document.createElement("h2");
    h.id = "varde-error-title";
    h.textContent = "Byggefeil – siden viser siste fungerende versjon";
    box.appendChild(h);
    var ul = document.createElement("ul");
    errors.forEach(function (e) {
      var li = document.createElement("li");
      var loc = document.createElement("code");
      loc.textContent = e.file + (e.line ? ":" + e.line : "") + (e.col ? ":" + e.col : "");
      li.appendChild(loc);
      li.appendChild(document.createTextNode(" " + e.message));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Lukk";
    close.addEventListener("click", function () { box.remove(); });
    box.appendChild(close);
    document.body.appendChild(box);
    close.focus();
  }
  function status() {
    fetch(base + "status", { cache: "no-store" }).then(function (r) { return r.json(); })
      .then(function (s) { overlay(s.ok ? [] : s.errors); }).catch(function () {});
  }
  var es = new EventSource(base + "events");
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("error", function (ev) { if (ev.data) status(); });
  // A page the browser keeps in its back/forward cache would keep its
  // stream open, and browsers allow six connections to a host: after six
  // pages nothing else would load. Close it when the page is left; a page
  // brought back may be older than the last build, so load it afresh.
  window.addEventListener("pagehide", function () { es.close(); });
  window.addEventListener("pageshow", function (ev) { if (ev.persisted) location.reload(); });
  status();
})();
`

// reloadCSS styles the error overlay; served at /__varde/reload.css and
// loaded by reload.js, so the public site carries none of it.
const reloadCSS = `.varde-error-overlay {
  position: fixed; z-index: 2147483647; left: 1rem; right: 1rem; bottom: 1rem; max-height: 60vh; overflow: auto;
  padding: 1rem 1.25rem; background: #2b0b0b; color: #fff; border: 3px solid #ff6b6b; border-radius: 8px;
  font: 15px/1.5 system-ui, sans-serif; box-shadow: 0 8px 30px rgba(0,0,0,.4);
}
.varde-error-overlay h2 { margin: 0 0 .5rem; font-size: 1.1rem; color: #ffd1d1; }
.varde-error-overlay ul { margin: 0 0 .75rem; padding-left: 1.2rem; }
.varde-error-overlay li { margin: .3rem 0; }
.varde-error-overlay code { background: rgba(255,255,255,.12); color: #fff; padding: .05rem .3rem; border-radius: 3px; }
.varde-error-overlay button { font: inherit; padding: .3rem .9rem; border-radius: 6px; border: 2px solid #fff; background: transparent; color: #fff; cursor: pointer; }
.varde-error-overlay button:focus-visible { outline: 3px solid #ffb36b; outline-offset: 2px; }
`
