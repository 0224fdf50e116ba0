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
  status();
})();
`
