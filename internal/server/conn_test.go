package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand"
	"net"
	"net/http"
	"net/http/httptrace"
	"strings"
	"testing"
)

// recordingConn records the writes that reach the socket.
type recordingConn struct {
	net.Conn
	writes [][]byte
}

func (c *recordingConn) Write(p []byte) (int, error) {
	c.writes = append(c.writes, append([]byte(nil), p...))
	return len(p), nil
}

func TestCoalescingConnHoldsOneWrite(t *testing.T) {
	rec := &recordingConn{}
	c := &coalescingConn{Conn: rec}

	// Not holding: writes pass straight through.
	if _, err := c.Write([]byte("a")); err != nil || len(rec.writes) != 1 {
		t.Fatalf("passing through: %v, %d writes", err, len(rec.writes))
	}

	// Holding: the first write waits, the second goes out with it, in order.
	c.holding = true
	first := []byte("header+start")
	if n, err := c.Write(first); n != len(first) || err != nil {
		t.Fatalf("held write: %d, %v", n, err)
	}
	first[0] = 'X' // the caller reuses its buffer: the held copy must not change
	if len(rec.writes) != 1 {
		t.Fatalf("a held write reached the socket: %q", rec.writes)
	}
	if n, err := c.Write([]byte("rest")); n != 4 || err != nil {
		t.Fatalf("second write: %d, %v", n, err)
	}
	if err := c.release(); err != nil {
		t.Fatal(err)
	}
	got := string(bytes.Join(rec.writes[1:], nil))
	if got != "header+startrest" {
		t.Fatalf("socket got %q", got)
	}

	// Holding with only one write: release sends it.
	rec.writes = nil
	c.holding = true
	_, _ = c.Write([]byte("only"))
	if len(rec.writes) != 0 {
		t.Fatal("held write reached the socket before release")
	}
	_ = c.release()
	if len(rec.writes) != 1 || string(rec.writes[0]) != "only" || c.holding {
		t.Fatalf("after release: %q, holding %v", rec.writes, c.holding)
	}
}

// TestCoalescedResponsesOverTCP serves prepared files of many sizes over a
// real keep-alive connection through the coalescing listener: every body
// arrives whole, HEAD has none, and the connection is reused.
func TestCoalescedResponsesOverTCP(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	sizes := []int{0, 100, 2047, 2048, 3000, 4000, 4096, 5000, 13000, 70000, 1 << 20}
	files := map[string]*servedFile{}
	for _, n := range sizes {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('a' + rng.Intn(26))
		}
		files[fmt.Sprintf("/f%d.txt", n)] = prepare(fmt.Sprintf("f%d.txt", n), b)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	// Search answers take the same path (writeSearchAnswer): one per size,
	// the answer's bytes wrapped in the query and the time taken.
	answers := map[string][]byte{}
	for _, n := range sizes {
		name := fmt.Sprintf("/answer%d", n)
		answer := []byte(`"results":"` + string(files[fmt.Sprintf("/f%d.txt", n)].data) + `"`)
		answers[name] = answer
		files[name] = &servedFile{data: []byte(`{"query":"q",` + string(answer) + `,"took_ms":0}` + "\n")}
	}
	srv := &http.Server{ConnContext: withConn, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a, ok := answers[r.URL.Path]; ok {
			writeSearchAnswer(w, r, "q", a, 0)
			return
		}
		f := files[r.URL.Path]
		if f == nil {
			http.NotFound(w, r)
			return
		}
		f.send(w, r, http.StatusOK)
	})}
	go func() { _ = srv.Serve(coalescingListener{ln}) }()
	defer srv.Shutdown(context.Background())

	client := &http.Client{Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 1}}
	reused := 0
	for round := 0; round < 3; round++ {
		for _, n := range sizes {
			for _, method := range []string{http.MethodGet, http.MethodHead} {
				for _, name := range []string{fmt.Sprintf("/f%d.txt", n), fmt.Sprintf("/answer%d", n)} {
					req, _ := http.NewRequest(method, "http://"+ln.Addr().String()+name, nil)
					req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
						GotConn: func(i httptrace.GotConnInfo) {
							if i.Reused {
								reused++
							}
						},
					}))
					resp, err := client.Do(req)
					if err != nil {
						t.Fatalf("%s %s: %v", method, name, err)
					}
					body, err := io.ReadAll(resp.Body)
					resp.Body.Close()
					if err != nil {
						t.Fatalf("%s %s: reading: %v", method, name, err)
					}
					want := files[name].data
					if method == http.MethodHead {
						want = nil
					}
					if !bytes.Equal(body, want) {
						t.Fatalf("%s %s: got %d bytes, want %d (first difference in %q…)", method, name, len(body), len(want), strings.TrimSpace(string(body[:min(len(body), 40)])))
					}
				}
			}
		}
	}
	if total := 3 * 2 * 2 * len(sizes); reused < total-1 {
		t.Errorf("connection reused for %d of %d requests", reused, total)
	}
}
