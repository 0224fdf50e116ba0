package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/varde-portal/varde/internal/server"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", "serve [-s DIR] [--port 1313] [--bind 127.0.0.1] [--drafts]", stderr)
	src := siteFlag(fs)
	port := fs.Int("port", 1313, "TCP `port` to listen on (0 picks a free one)")
	bind := fs.String("bind", "127.0.0.1", "`address` to listen on; other machines can reach the preview only if you change this")
	drafts := fs.Bool("drafts", false, "include pages marked draft: true")
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if !wantArgs(fs, pos, 0, 0, stderr) {
		return exitUsage
	}
	if *port < 0 || *port > 65535 {
		fmt.Fprintf(stderr, "varde serve: --port %d is not a TCP port\n", *port)
		return exitUsage
	}
	if net.ParseIP(*bind) == nil && *bind != "localhost" {
		fmt.Fprintf(stderr, "varde serve: --bind %q is not an IP address\n", *bind)
		return exitUsage
	}
	if !needSite("serve", *src, stderr) {
		return exitUsage
	}
	if msg := portProblem(*bind, *port); msg != "" {
		fmt.Fprintf(stderr, "varde serve: %s\n", msg)
		return exitUsage
	}
	if w := bindWarning(*bind); w != "" {
		fmt.Fprintln(stderr, w)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv := server.New(server.Options{Source: *src, Bind: *bind, Port: *port, Drafts: *drafts, Log: stdout})
	if err := srv.Run(ctx, nil); err != nil {
		fmt.Fprintf(stderr, "varde serve: %v\n", err)
		return exitContent
	}
	return exitOK
}

// bindWarning is the warning for listening on an address other machines
// can reach ("" for a loopback one): the preview shows drafts and work in
// progress, and /__varde/* reports the site's build errors with file paths,
// none of which was meant for the network.
func bindWarning(bind string) string {
	if bind == "localhost" {
		return ""
	}
	if ip := net.ParseIP(bind); ip != nil && ip.IsLoopback() {
		return ""
	}
	reach := "other machines on the network"
	if ip := net.ParseIP(bind); ip != nil && ip.IsUnspecified() {
		reach = "every network this machine is on"
	}
	return fmt.Sprintf("varde serve: warning: --bind %s exposes the preview (drafts included) and /__varde/* (build errors, live reload) to %s; it has no password. Use --bind 127.0.0.1 unless that is what you want.", bind, reach)
}

// portProblem says why the server could not listen on bind:port, with a
// free port to use instead, or returns "". It is asked before the first
// build, which on a large site takes a while and used to end in "address
// already in use" (often another varde serve in a forgotten terminal).
// The port is freed again at once, for the server to take.
func portProblem(bind string, port int) string {
	if port == 0 {
		return "" // any free port
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(port)))
	if err == nil {
		ln.Close()
		return ""
	}
	why := err.Error()
	if errors.Is(err, syscall.EADDRINUSE) {
		why = "it is in use (is another varde serve running?)"
	}
	msg := fmt.Sprintf("cannot listen on port %d of %s: %s", port, bind, why)
	for p := port + 1; p <= port+100 && p <= 65535; p++ {
		if ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(p))); err == nil {
			ln.Close()
			return fmt.Sprintf("%s; try --port %d", msg, p)
		}
	}
	return msg + "; try --port 0, which picks a free port"
}
