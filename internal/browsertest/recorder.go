package browsertest

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
)

// Request is one network request a page made, as the browser's Network
// domain reported it.
type Request struct {
	URL      string
	Method   string
	Type     string // Document, Stylesheet, Script, Image, Fetch, CSPViolationReport, ...
	Status   int64  // HTTP status; 0 when no response came
	Encoding string // Content-Encoding of the response, such as "gzip"
	// Bytes is what went over the wire for this request: headers and the
	// encoded (compressed) body, the figure DevTools shows as "transferred".
	Bytes    int64
	Done     bool   // loading finished or failed
	Failed   string // the error text when loading failed
	Navigate int    // the number of the navigation the request belongs to
}

// recorder collects the events of one tab. Its listener runs in the loop
// that reads the tab's messages, so it only stores values and signals
// waiters; it sends no command.
type recorder struct {
	mu        sync.Mutex
	changed   chan struct{} // closed and replaced on every recorded event
	requests  []*Request
	byID      map[network.RequestID]*Request
	csp       []CSPViolation
	console   []string
	navs      int                   // main-frame navigations seen
	mainFrame cdp.FrameID           // the tab's top frame
	loader    cdp.LoaderID          // the loader of the current main document
	idle      map[cdp.LoaderID]bool // main-frame loaders that reached networkIdle
}

func newRecorder() *recorder {
	return &recorder{
		changed: make(chan struct{}),
		byID:    map[network.RequestID]*Request{},
		idle:    map[cdp.LoaderID]bool{},
	}
}

// bindingName is the CDP binding the in-page CSP listener calls. It exists
// only in the isolated world of cspWorld, so the page's own scripts cannot
// see or call it.
const (
	bindingName = "__vardeCSPViolation"
	cspWorld    = "varde-csp"
)

func (r *recorder) listen(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if ev.RedirectResponse != nil {
			if prev := r.byID[ev.RequestID]; prev != nil {
				// A redirect reuses the request id: close the hop that
				// was redirected and start a new record for the target.
				prev.Status = ev.RedirectResponse.Status
				prev.Bytes += int64(ev.RedirectResponse.EncodedDataLength) // headers only: a redirect has no body
				prev.Done = true
			}
		}
		req := &Request{URL: ev.Request.URL, Method: ev.Request.Method, Type: string(ev.Type), Navigate: r.navs}
		r.requests = append(r.requests, req)
		r.byID[ev.RequestID] = req
	case *network.EventResponseReceived:
		if req := r.byID[ev.RequestID]; req != nil && ev.Response != nil {
			req.Status = ev.Response.Status
			req.Encoding = headerValue(ev.Response.Headers, "Content-Encoding")
		}
	case *network.EventLoadingFinished:
		if req := r.byID[ev.RequestID]; req != nil {
			req.Bytes += int64(ev.EncodedDataLength)
			req.Done = true
		}
	case *network.EventLoadingFailed:
		if req := r.byID[ev.RequestID]; req != nil {
			req.Done = true
			req.Failed = ev.ErrorText
			if ev.BlockedReason != "" {
				req.Failed += " (" + string(ev.BlockedReason) + ")"
			}
		}
	case *network.EventWebSocketCreated:
		r.requests = append(r.requests, &Request{URL: ev.URL, Method: "GET", Type: "WebSocket", Done: true, Navigate: r.navs})
	case *page.EventFrameNavigated:
		if ev.Frame != nil && ev.Frame.ParentID == "" && ev.Type != page.NavigationTypeBackForwardCacheRestore {
			r.mainFrame, r.loader = ev.Frame.ID, ev.Frame.LoaderID
		}
	case *page.EventLifecycleEvent:
		if ev.Name == "networkIdle" && (r.mainFrame == "" || ev.FrameID == r.mainFrame) {
			r.idle[ev.LoaderID] = true
		}
	case *runtime.EventBindingCalled:
		if ev.Name == bindingName {
			var v CSPViolation
			if err := json.Unmarshal([]byte(ev.Payload), &v); err != nil {
				v = CSPViolation{BlockedURI: "unreadable report: " + ev.Payload}
			}
			v.Via = "page"
			r.csp = append(r.csp, v)
		}
	case *runtime.EventExceptionThrown:
		if d := ev.ExceptionDetails; d != nil {
			msg := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg += " " + d.Exception.Description
			}
			r.console = append(r.console, fmt.Sprintf("exception at %s:%d:%d: %s", d.URL, d.LineNumber+1, d.ColumnNumber+1, msg))
		}
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range ev.Args {
				if a.Value != nil {
					parts = append(parts, strings.Trim(string(a.Value), `"`))
				} else {
					parts = append(parts, a.Description)
				}
			}
			r.console = append(r.console, "console."+string(ev.Type)+": "+strings.Join(parts, " "))
		}
	case *cdplog.EventEntryAdded:
		if e := ev.Entry; e != nil && e.Level == cdplog.EntryLevelError {
			r.console = append(r.console, fmt.Sprintf("%s error: %s (%s)", e.Source, e.Text, e.URL))
		}
	default:
		return
	}
	close(r.changed)
	r.changed = make(chan struct{})
}

// markNavigation starts a new navigation number, so that the requests of
// the next document can be told from the ones before it.
func (r *recorder) markNavigation() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.navs++
	return r.navs
}

// snapshot returns a copy of the recorded requests.
func (r *recorder) snapshot() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Request, len(r.requests))
	for i, q := range r.requests {
		out[i] = *q
	}
	return out
}

func headerValue(h network.Headers, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return fmt.Sprint(v)
		}
	}
	return ""
}
