package config

import "testing"

// TestSecuritySettings: [markup] allowScripts and [security] csp are known
// settings; the CSP meta tag is on unless the site turns it off.
func TestSecuritySettings(t *testing.T) {
	c, ds := Parse([]byte("[markup]\nunsafe = true\nallowScripts = true\n\n[security]\ncsp = false\n"))
	if len(ds) != 0 {
		t.Fatalf("diags = %v", ds)
	}
	if !c.Markup.Unsafe || !c.Markup.AllowScripts || c.CSPEnabled() {
		t.Errorf("markup %+v, csp %v", c.Markup, c.CSPEnabled())
	}
	c, ds = Parse([]byte("title = \"X\"\n"))
	if len(ds) != 0 || c.Markup.AllowScripts || !c.CSPEnabled() {
		t.Errorf("defaults: diags %v, allowScripts %v, csp %v", ds, c.Markup.AllowScripts, c.CSPEnabled())
	}
	_, ds = Parse([]byte("[security]\ncps = false\n"))
	if len(ds) != 1 || ds[0].Line != 2 {
		t.Errorf("a misspelt setting: %v", ds)
	}
}
