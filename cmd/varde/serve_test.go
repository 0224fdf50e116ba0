package main

import (
	"strings"
	"testing"
)

// TestBindWarning: listening on any address but loopback warns that the
// preview and /__varde/* are exposed (issue 15, item 8).
func TestBindWarning(t *testing.T) {
	for _, bind := range []string{"127.0.0.1", "127.0.0.2", "::1", "localhost"} {
		if w := bindWarning(bind); w != "" {
			t.Errorf("%s: unexpected warning %q", bind, w)
		}
	}
	for _, bind := range []string{"0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "fe80::1"} {
		w := bindWarning(bind)
		if !strings.Contains(w, "warning:") || !strings.Contains(w, "/__varde/") || !strings.Contains(w, bind) || !strings.Contains(w, "127.0.0.1") {
			t.Errorf("%s: warning %q does not name the exposure and the fix", bind, w)
		}
	}
}
