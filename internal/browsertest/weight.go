package browsertest

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"
)

// Weight is the transfer size of one page load.
type Weight struct {
	URL        string
	Bytes      int64     // bytes on the wire, headers included, of the counted requests
	Counted    []Request // the requests that make up Bytes, largest first
	Excluded   []Request // requests the exclude func left out
	Unfinished []Request // requests still open or failed, not counted
}

func (w Weight) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d bytes (%.1f KB) in %d requests", w.URL, w.Bytes, float64(w.Bytes)/1024, len(w.Counted))
	for _, r := range w.Counted {
		fmt.Fprintf(&b, "\n    %7d  %-4s %s %s", r.Bytes, r.Encoding, r.Type, r.URL)
	}
	for _, r := range w.Excluded {
		fmt.Fprintf(&b, "\n    %7d  excluded %s", r.Bytes, r.URL)
	}
	return b.String()
}

// ExcludePath returns an exclude func for Weight that leaves out the
// requests whose path starts with any of the prefixes, such as the shards
// of a search index under "/search/".
func ExcludePath(prefixes ...string) func(*url.URL) bool {
	return func(u *url.URL) bool {
		for _, p := range prefixes {
			if strings.HasPrefix(u.Path, p) {
				return true
			}
		}
		return false
	}
}

// Weight waits until the network of the current document is idle and
// returns the bytes transferred since the last navigation, with the
// requests exclude reports true for left out. For a cold figure, measure
// the first navigation of a new Page: each Page has an empty cache.
func (p *Page) Weight(exclude func(*url.URL) bool) Weight {
	p.t.Helper()
	p.WaitNetworkIdle()
	p.rec.mu.Lock()
	nav := p.rec.navs
	p.rec.mu.Unlock()
	w := Weight{URL: p.location()}
	for _, r := range p.Requests() {
		if r.Navigate != nav || strings.HasPrefix(r.URL, "data:") {
			continue
		}
		u, err := url.Parse(r.URL)
		switch {
		case err == nil && exclude != nil && exclude(u):
			w.Excluded = append(w.Excluded, r)
		case !r.Done || r.Failed != "":
			w.Unfinished = append(w.Unfinished, r)
		default:
			w.Bytes += r.Bytes
			w.Counted = append(w.Counted, r)
		}
	}
	sort.SliceStable(w.Counted, func(i, j int) bool { return w.Counted[i].Bytes > w.Counted[j].Bytes })
	return w
}

// WaitNetworkIdle waits until the current document has loaded and the
// browser reports no network activity for half a second (the networkIdle
// lifecycle event), so that late requests from scripts are counted too.
func (p *Page) WaitNetworkIdle() {
	p.t.Helper()
	deadline := time.NewTimer(p.Timeout)
	defer deadline.Stop()
	for {
		// The check and the channel come from one critical section, so
		// that the event that makes the check true cannot slip between.
		p.rec.mu.Lock()
		done := p.rec.loader != "" && p.rec.idle[p.rec.loader]
		changed := p.rec.changed
		p.rec.mu.Unlock()
		if done {
			return
		}
		select {
		case <-changed:
		case <-deadline.C:
			p.t.Fatalf("network of %s not idle after %s", p.location(), p.Timeout)
		case <-p.ctx.Done():
			p.t.Fatalf("network idle: %v", p.ctx.Err())
		}
	}
}
