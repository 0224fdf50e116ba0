package server

import (
	"context"
	"net"
	"net/http"
)

// net/http writes a response through a 4 KB buffer: for a body larger than
// what is left of it after the headers, the headers and the body's start go
// out in one write(2) and the rest in a second. On loopback that second
// system call (and the second wake-up of the reader) is about half of what
// serving a 6–13 KB page costs. A prepared file is written by one Write
// call of the handler, so the connection can hold the first part back for
// the duration of that call and send both parts in one writev(2).
//
// Holding is switched on only around that one call, in the goroutine that
// serves the connection (the only one that writes to it in HTTP/1.x), and
// whatever is still held when the call returns is written at once, so no
// other response — a live-reload event stream in particular — is delayed.

// coalescingListener wraps accepted connections in coalescingConns.
type coalescingListener struct{ net.Listener }

func (l coalescingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &coalescingConn{Conn: c}, nil
}

// coalescingConn is a connection that can hold back one write.
type coalescingConn struct {
	net.Conn
	holding bool
	held    []byte // a copy: the caller reuses its buffer
	err     error  // of writing what was held
}

func (c *coalescingConn) Write(p []byte) (int, error) {
	if !c.holding {
		return c.Conn.Write(p)
	}
	if len(c.held) == 0 {
		c.held = append(c.held[:0], p...)
		return len(p), nil
	}
	bufs := net.Buffers{c.held, p}
	n, err := bufs.WriteTo(c.Conn) // writev on a TCP connection
	held := int64(len(c.held))
	c.held = c.held[:0]
	if err != nil {
		c.err = err
		if n < held {
			return 0, err
		}
		return int(n - held), err
	}
	return len(p), nil
}

// release stops holding and writes what is held.
func (c *coalescingConn) release() error {
	c.holding = false
	if len(c.held) > 0 {
		_, err := c.Conn.Write(c.held)
		c.held = c.held[:0]
		if err != nil {
			c.err = err
		}
	}
	err := c.err
	c.err = nil
	return err
}

type connKey struct{}

// withConn is an http.Server's ConnContext: it makes the connection a
// request came on known to the handler.
func withConn(ctx context.Context, c net.Conn) context.Context {
	if cc, ok := c.(*coalescingConn); ok {
		return context.WithValue(ctx, connKey{}, cc)
	}
	return ctx
}

// writeCoalesced writes body as the response's one Write, in as few
// system calls as net/http allows with the connection's help.
func writeCoalesced(w http.ResponseWriter, r *http.Request, body []byte) {
	cc, _ := r.Context().Value(connKey{}).(*coalescingConn)
	if cc == nil || len(body) < 2048 {
		// A small body stays in net/http's buffers until the handler
		// returns and goes out in one write anyway.
		_, _ = w.Write(body)
		return
	}
	cc.holding = true
	_, _ = w.Write(body)
	if len(cc.held) > 0 {
		// The rest of the response fitted net/http's buffer (a body of
		// 4-8 KB): flush it now, while the first part is held, instead of
		// when the handler returns, so both go out together.
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
	}
	if err := cc.release(); err != nil {
		// net/http took the held bytes as written: close the connection so
		// that it is not kept alive with part of a response missing.
		_ = cc.Conn.Close()
	}
}
