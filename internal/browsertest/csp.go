package browsertest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// CSPViolation is one Content-Security-Policy violation, seen in the page
// (a securitypolicyviolation event) or posted to the report endpoint.
type CSPViolation struct {
	Via          string // "page" or "report-uri"
	DocumentURI  string
	Directive    string // the effective directive, such as "script-src-elem"
	BlockedURI   string // "inline", "eval" or the URL that was blocked
	SourceFile   string
	Line, Column int
	Sample       string
	ReportedOnly bool
}

func (v CSPViolation) String() string {
	where := v.DocumentURI
	if v.SourceFile != "" {
		where = fmt.Sprintf("%s:%d:%d", v.SourceFile, v.Line, v.Column)
	}
	s := fmt.Sprintf("%s blocked %q (%s, via %s)", where, v.BlockedURI, v.Directive, v.Via)
	if v.Sample != "" {
		s += " sample: " + v.Sample
	}
	return s
}

// report takes a CSP violation report in either format Chromium may send:
// the classic application/csp-report body of report-uri, or a Reporting API
// list (application/reports+json).
func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	vs, err := parseCSPReports(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.csp = append(s.csp, vs...)
	close(s.more)
	s.more = make(chan struct{})
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// reportBody holds the fields of a report-uri body. The Reporting API uses
// camelCase names for the same fields; both sets are declared.
type reportBody struct {
	DocumentURI        string `json:"document-uri"`
	ViolatedDirective  string `json:"violated-directive"`
	EffectiveDirective string `json:"effective-directive"`
	BlockedURI         string `json:"blocked-uri"`
	SourceFile         string `json:"source-file"`
	LineNumber         int    `json:"line-number"`
	ColumnNumber       int    `json:"column-number"`
	Sample             string `json:"script-sample"`

	DocumentURL    string `json:"documentURL"`
	EffectiveDir2  string `json:"effectiveDirective"`
	BlockedURL     string `json:"blockedURL"`
	SourceFile2    string `json:"sourceFile"`
	LineNumber2    int    `json:"lineNumber"`
	ColumnNumber2  int    `json:"columnNumber"`
	Sample2        string `json:"sample"`
	Disposition    string `json:"disposition"`
	OriginalPolicy string `json:"originalPolicy"`
}

func (b reportBody) violation() CSPViolation {
	return CSPViolation{
		Via:          "report-uri",
		DocumentURI:  first(b.DocumentURI, b.DocumentURL),
		Directive:    first(b.EffectiveDirective, b.EffectiveDir2, b.ViolatedDirective),
		BlockedURI:   first(b.BlockedURI, b.BlockedURL),
		SourceFile:   first(b.SourceFile, b.SourceFile2),
		Line:         max(b.LineNumber, b.LineNumber2),
		Column:       max(b.ColumnNumber, b.ColumnNumber2),
		Sample:       first(b.Sample, b.Sample2),
		ReportedOnly: b.Disposition == "report",
	}
}

func first(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func parseCSPReports(body []byte) ([]CSPViolation, error) {
	body = bytes.TrimSpace(body)
	if len(body) > 0 && body[0] == '[' {
		var list []struct {
			Type string     `json:"type"`
			Body reportBody `json:"body"`
		}
		if err := json.Unmarshal(body, &list); err != nil {
			return nil, err
		}
		var vs []CSPViolation
		for _, r := range list {
			if r.Type == "csp-violation" {
				vs = append(vs, r.Body.violation())
			}
		}
		return vs, nil
	}
	var one struct {
		Report reportBody `json:"csp-report"`
	}
	if err := json.Unmarshal(body, &one); err != nil {
		return nil, err
	}
	return []CSPViolation{one.Report.violation()}, nil
}
