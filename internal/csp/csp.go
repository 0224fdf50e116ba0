// Package csp holds the Content-Security-Policy of a Varde site: the one
// definition that `varde serve` sends as a header and that every built page
// carries in a <meta> tag, so that the preview and the published site allow
// and block the same things.
//
// The portal loads nothing from other origins and has no inline script or
// style (quiz, checklist and search scripts come as files from the theme;
// code highlighting uses classes), so the policy is strict: everything from
// the site's own origin, images also as data: addresses, no plugins, and
// forms and <base> only to the site itself.
package csp

import "strings"

// Policy is the full policy, for an HTTP header.
const Policy = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"

// metaIgnored are the directives a browser ignores (and warns about in the
// console) when the policy comes in a <meta> tag rather than a header.
var metaIgnored = map[string]bool{"frame-ancestors": true, "report-uri": true, "sandbox": true}

// ForMeta returns policy without the directives a <meta> tag may not carry.
func ForMeta(policy string) string {
	var kept []string
	for _, d := range strings.Split(policy, ";") {
		d = strings.TrimSpace(d)
		name, _, _ := strings.Cut(d, " ")
		if d == "" || metaIgnored[strings.ToLower(name)] {
			continue
		}
		kept = append(kept, d)
	}
	return strings.Join(kept, "; ")
}

// MetaPolicy is Policy as a built page carries it in its <meta> tag.
var MetaPolicy = ForMeta(Policy)

// MetaTag is the <meta> element that puts MetaPolicy in force. The policy
// has no double quote, < or &, so it goes in the attribute as it is.
var MetaTag = `<meta http-equiv="Content-Security-Policy" content="` + MetaPolicy + `">`
