package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/browsertest"
)

// vnuMessage is one message of the Nu Html Checker's JSON output.
type vnuMessage struct {
	Type        string `json:"type"` // "error", "info", "non-document-error"
	SubType     string `json:"subType"`
	URL         string `json:"url"`
	FirstLine   int    `json:"firstLine"`
	LastLine    int    `json:"lastLine"`
	FirstColumn int    `json:"firstColumn"`
	LastColumn  int    `json:"lastColumn"`
	Message     string `json:"message"`
	Extract     string `json:"extract"`
}

// runVNU checks every HTML file under dir (or the files and folders
// given) with vnu.jar and returns its error messages and the number of
// files checked.
func runVNU(jar, dir string, more ...string) ([]vnuMessage, int, error) {
	java, err := exec.LookPath("java")
	if err != nil {
		return nil, 0, fmt.Errorf("java not found: %w", err)
	}
	files := 0
	paths := append([]string{dir}, more...)
	for _, path := range paths {
		if err := filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
				files++
			}
			return err
		}); err != nil {
			return nil, 0, err
		}
	}
	cmd := exec.Command(java, append([]string{"-jar", jar, "--errors-only", "--format", "json", "--skip-non-html"}, paths...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run() // exits 1 when it found errors; the JSON says which
	var out struct {
		Messages []vnuMessage `json:"messages"`
	}
	// vnu writes its report to stderr.
	if err := json.Unmarshal(stderr.Bytes(), &out); err != nil {
		return nil, files, fmt.Errorf("vnu: %v; output: %s %s", runErr, stdout.Bytes(), stderr.Bytes())
	}
	var errs []vnuMessage
	for _, m := range out.Messages {
		if m.Type != "info" {
			errs = append(errs, m)
		}
	}
	return errs, files, nil
}

func (m vnuMessage) String(dir string) string {
	file := strings.TrimPrefix(m.URL, "file:")
	if rel, err := filepath.Rel(dir, file); err == nil {
		file = rel
	}
	line := m.LastLine
	if m.FirstLine > 0 {
		line = m.FirstLine
	}
	s := fmt.Sprintf("%s:%d:%d: %s", file, line, m.LastColumn, m.Message)
	if m.Type != "error" {
		s += " (" + m.Type + ")"
	}
	if ex := strings.Join(strings.Fields(m.Extract), " "); ex != "" {
		s += "\n\t\t" + ex
	}
	return s
}

// TestValidHTML runs the Nu Html Checker over the whole built site and
// requires zero errors.
func TestValidHTML(t *testing.T) {
	s := bundled(t)
	jar, err := browsertest.FindVNU()
	if err != nil {
		browsertest.Missing(t, err)
	}
	if _, err := exec.LookPath("java"); err != nil {
		browsertest.Missing(t, fmt.Errorf("java not found on PATH (Debian: apt-get install default-jre-headless)"))
	}
	msgs, files, err := runVNU(jar, s.Dir)
	if err != nil {
		t.Fatal(err)
	}
	browsertest.Figure(t, "vnu: %d errors in %d files", len(msgs), files)
	var b strings.Builder
	for _, m := range msgs {
		b.WriteString("\n\t" + m.String(s.Dir))
	}
	if len(msgs) > 0 {
		t.Errorf("vnu found %d errors:%s", len(msgs), b.String())
	}
	if files == 0 {
		t.Error("vnu checked no files")
	}
}

// TestVNUFindsErrors shows that the checker runs and reports a broken
// page, so that "0 errors" on the site means something.
func TestVNUFindsErrors(t *testing.T) {
	jar, err := browsertest.FindVNU()
	if err != nil {
		browsertest.Missing(t, err)
	}
	if _, err := exec.LookPath("java"); err != nil {
		browsertest.Missing(t, fmt.Errorf("java not found on PATH"))
	}
	dir := t.TempDir()
	if err := writeFile(filepath.Join(dir, "bad.html"), `<!doctype html><html lang="nb"><title>x</title><p>one<div></span>`); err != nil {
		t.Fatal(err)
	}
	msgs, files, err := runVNU(jar, dir)
	if err != nil {
		t.Fatal(err)
	}
	if files != 1 || len(msgs) == 0 {
		t.Fatalf("vnu: %d errors in %d files, want errors in 1 file", len(msgs), files)
	}
	if got := msgs[0].String(dir); !strings.HasPrefix(got, "bad.html:1:") {
		t.Errorf("message %q does not start with bad.html:1:", got)
	}
}
