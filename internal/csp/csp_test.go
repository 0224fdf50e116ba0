package csp

import (
	"strings"
	"testing"
)

func TestForMeta(t *testing.T) {
	got := ForMeta("default-src 'self'; Frame-Ancestors 'none'; report-uri /r;  sandbox allow-scripts ; img-src data:;")
	if got != "default-src 'self'; img-src data:" {
		t.Errorf("ForMeta = %q", got)
	}
}

// TestMetaPolicy: the meta tag carries every directive of the header that a
// meta tag may carry, and nothing a browser would ignore there.
func TestMetaPolicy(t *testing.T) {
	for _, d := range []string{"default-src 'self'", "img-src 'self' data:", "object-src 'none'", "base-uri 'self'", "form-action 'self'"} {
		if !strings.Contains(MetaPolicy, d) || !strings.Contains(Policy, d) {
			t.Errorf("%q missing: header %q, meta %q", d, Policy, MetaPolicy)
		}
	}
	if !strings.Contains(Policy, "frame-ancestors") || strings.Contains(MetaPolicy, "frame-ancestors") {
		t.Errorf("frame-ancestors belongs in the header only: %q / %q", Policy, MetaPolicy)
	}
	if strings.ContainsAny(MetaPolicy, `"<>&`) {
		t.Errorf("the meta policy needs escaping: %q", MetaPolicy)
	}
	if MetaTag != `<meta http-equiv="Content-Security-Policy" content="`+MetaPolicy+`">` {
		t.Errorf("MetaTag = %s", MetaTag)
	}
}
