package browsertest

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
)

// AxeTags are the rule tags run against every page: WCAG 2.0 and 2.1, levels
// A and AA, which Norwegian law (forskrift om universell utforming av IKT)
// requires of public web solutions.
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// AxeViolation is one failed axe-core rule and the elements that fail it.
type AxeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []AxeNode `json:"nodes"`
}

// AxeNode is one element that fails a rule.
type AxeNode struct {
	Target         []json.RawMessage `json:"target"` // selectors; nested lists for iframes and shadow roots
	HTML           string            `json:"html"`
	FailureSummary string            `json:"failureSummary"`
}

// Selector returns the node's selector path as one string.
func (n AxeNode) Selector() string {
	parts := make([]string, len(n.Target))
	for i, raw := range n.Target {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			parts[i] = s
			continue
		}
		var list []string
		if json.Unmarshal(raw, &list) == nil {
			parts[i] = strings.Join(list, " >>> ")
			continue
		}
		parts[i] = string(raw)
	}
	return strings.Join(parts, " | ")
}

// AxeResult is what one axe run found on one page.
type AxeResult struct {
	URL        string         `json:"url"`
	Violations []AxeViolation `json:"violations"`
	// Incomplete counts the rules axe could not decide (for example
	// contrast over a background image); they need a human, not a failure.
	Incomplete int `json:"incomplete"`
	Passes     int `json:"passes"`
}

// String lists every violation with its rule, impact, help text and the
// selectors of the failing elements.
func (r AxeResult) String() string {
	var b strings.Builder
	for _, v := range r.Violations {
		fmt.Fprintf(&b, "%s [%s] %s (%s)\n", v.ID, v.Impact, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "    %s\n", n.Selector())
			if n.HTML != "" {
				fmt.Fprintf(&b, "      %s\n", oneLine(n.HTML, 200))
			}
			if n.FailureSummary != "" {
				fmt.Fprintf(&b, "      %s\n", oneLine(n.FailureSummary, 400))
			}
		}
	}
	return b.String()
}

func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > max {
		s = s[:max] + "…"
	}
	return s
}

var axeSource struct {
	once sync.Once
	src  string
	err  error
}

func loadAxe() (string, error) {
	axeSource.once.Do(func() {
		p, err := FindAxe()
		if err != nil {
			axeSource.err = err
			return
		}
		b, err := os.ReadFile(p)
		axeSource.src, axeSource.err = string(b), err
	})
	return axeSource.src, axeSource.err
}

// axeRun is the script that runs axe on the whole document with the WCAG
// 2.1 A and AA tags and returns only what the test reports.
const axeRun = `(async () => {
  const r = await axe.run(document, {
    runOnly: { type: "tag", values: %s },
    resultTypes: ["violations"],
  });
  return {
    url: location.href,
    incomplete: r.incomplete.length,
    passes: r.passes.length,
    violations: r.violations.map(v => ({
      id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => ({ target: n.target, html: n.html, failureSummary: n.failureSummary || "" })),
    })),
  };
})()`

// Axe injects axe-core into the current document (through the DevTools
// protocol, which the page's CSP does not govern) and runs it with AxeTags.
// It skips the test when axe-core is not installed, unless CI is set.
func (p *Page) Axe() AxeResult {
	p.t.Helper()
	src, err := loadAxe()
	if err != nil {
		Missing(p.t, err)
	}
	if !Eval[bool](p, "typeof window.axe === 'object'") {
		Eval[bool](p, src+"\n;true")
	}
	tags, _ := json.Marshal(AxeTags)
	return Eval[AxeResult](p, fmt.Sprintf(axeRun, tags))
}

// AssertAxeClean runs Axe and fails the test with every violation, each
// with its rule, impact, help and the selectors of the failing elements.
func (p *Page) AssertAxeClean() AxeResult {
	p.t.Helper()
	r := p.Axe()
	if len(r.Violations) > 0 {
		p.t.Errorf("axe found %d violations of %v on %s:\n%s", len(r.Violations), AxeTags, r.URL, r)
	}
	return r
}
