// The pipelines in this folder are meant to be copied into a site's
// repository as they are, by people who cannot debug YAML or shell. These
// tests keep them valid: they parse as YAML, have the jobs and permissions
// the hosts need, their shell is well-formed, and their check scripts, run
// against a real varde on the testdata sites of internal/check, fail on
// errors, pass on warnings and turn the JSON report into annotations.
package publisering

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/varde-portal/varde/internal/testsite"

	"gopkg.in/yaml.v3"
)

const (
	gitlabFile = "gitlab-ci.yml"
	githubFile = "github-actions.yml"
)

// load parses a pipeline file; yaml.v3 also rejects duplicate keys, which
// other parsers silently resolve to the last one.
func load(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte("\t")) {
		t.Errorf("%s contains a tab; YAML indents with spaces", name)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s is not valid YAML: %v", name, err)
	}
	if len(doc) == 0 {
		t.Fatalf("%s is empty", name)
	}
	return doc
}

// get walks a parsed document by keys (and list indexes as ints).
func get(v any, path ...any) any {
	for _, k := range path {
		switch key := k.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[key]
		case int:
			l, ok := v.([]any)
			if !ok || key >= len(l) {
				return nil
			}
			v = l[key]
		}
	}
	return v
}

func str(v any) string { s, _ := v.(string); return s }

func list(v any) []any { l, _ := v.([]any); return l }

// lines returns a GitLab script value (a string or a list of strings) as
// shell lines.
func lines(v any) []string {
	if s, ok := v.(string); ok {
		return []string{s}
	}
	var out []string
	for _, e := range list(v) {
		out = append(out, str(e))
	}
	return out
}

var pinned = regexp.MustCompile(`^v\d+\.\d+\.\d+$`)

func TestGitLab(t *testing.T) {
	doc := load(t, gitlabFile)
	if v := str(get(doc, "variables", "VARDE_VERSION")); !pinned.MatchString(v) {
		t.Errorf("VARDE_VERSION %q is not a pinned release such as v1.2.3", v)
	}
	if d := str(get(doc, "variables", "GIT_DEPTH")); d != "0" {
		t.Errorf("GIT_DEPTH is %q; the build needs the full history for updated dates", d)
	}
	var wf []string
	for _, r := range list(get(doc, "workflow", "rules")) {
		wf = append(wf, str(get(r, "if")))
	}
	if !containsAll(strings.Join(wf, "\n"), "merge_request_event", "$CI_DEFAULT_BRANCH") {
		t.Errorf("workflow rules %q must run merge requests and the default branch", wf)
	}
	install := strings.Join(lines(get(doc, "default", "before_script")), "\n")
	if !containsAll(install, "go install", "cmd/varde@$VARDE_VERSION") {
		t.Errorf("default before_script does not install the pinned varde:\n%s", install)
	}

	// On a merge request: check and build.
	onMR := func(job string) bool {
		rules := list(get(doc, job, "rules"))
		if rules == nil {
			return true // the workflow rules alone decide
		}
		for _, r := range rules {
			if strings.Contains(str(get(r, "if")), "merge_request_event") {
				return true
			}
		}
		return false
	}
	for _, cmd := range []string{"varde check", "varde build"} {
		found := false
		for job := range doc {
			if get(doc, job, "script") != nil && onMR(job) && strings.Contains(strings.Join(lines(get(doc, job, "script")), "\n"), cmd) {
				found = true
			}
		}
		if !found {
			t.Errorf("no job runs %q on merge requests", cmd)
		}
	}
	if r := str(get(doc, "check", "artifacts", "reports", "codequality")); r != "gl-code-quality-report.json" {
		t.Errorf("check job: codequality report is %q", r)
	}

	// On the default branch: the pages job publishes public/.
	if onMR("pages") {
		t.Error("the pages job runs on merge requests; it must publish only the default branch")
	}
	if rules := list(get(doc, "pages", "rules")); len(rules) != 1 || !strings.Contains(str(get(rules[0], "if")), "$CI_DEFAULT_BRANCH") {
		t.Errorf("pages rules %v: want only the default branch", rules)
	}
	if !strings.Contains(strings.Join(lines(get(doc, "pages", "script")), "\n"), "varde build") {
		t.Error("the pages job does not run varde build")
	}
	if paths := list(get(doc, "pages", "artifacts", "paths")); len(paths) != 1 || strings.TrimSuffix(str(paths[0]), "/") != "public" {
		t.Errorf("pages artifacts %v: GitLab Pages publishes exactly public/", paths)
	}
	if get(doc, "pages", "stage") != "publish" || !contains(list(get(doc, "stages")), "check") {
		t.Error("pages must run in a stage after check")
	}
}

func TestGitHub(t *testing.T) {
	doc := load(t, githubFile)
	if v := str(get(doc, "env", "VARDE_VERSION")); !pinned.MatchString(v) {
		t.Errorf("VARDE_VERSION %q is not a pinned release such as v1.2.3", v)
	}
	on := get(doc, "on")
	if _, ok := on.(map[string]any)["pull_request"]; !ok {
		t.Error("the workflow does not run on pull requests")
	}
	if !contains(list(get(on, "push", "branches")), "main") {
		t.Error("the workflow does not run on pushes to main")
	}
	if p, ok := get(doc, "permissions").(map[string]any); !ok || len(p) != 1 || p["contents"] != "read" {
		t.Errorf("top-level permissions %v: want only contents: read", get(doc, "permissions"))
	}

	steps := list(get(doc, "jobs", "build", "steps"))
	var runs []string
	uses := map[string]any{} // action without version → step
	for _, s := range steps {
		if r := str(get(s, "run")); r != "" {
			runs = append(runs, r)
		}
		if u := str(get(s, "uses")); u != "" {
			action, version, _ := strings.Cut(u, "@")
			if version == "" {
				t.Errorf("%s is not pinned to a version", u)
			}
			uses[action] = s
		}
	}
	if !containsAll(strings.Join(runs, "\n"), "varde check --format json", "varde check\n", "varde build", "go install \"github.com/varde-portal/varde/cmd/varde@$VARDE_VERSION\"") {
		t.Errorf("the build job does not install varde and run check and build:\n%s", strings.Join(runs, "\n---\n"))
	}
	if d := get(uses["actions/checkout"], "with", "fetch-depth"); d != 0 {
		t.Errorf("checkout fetch-depth is %v; the build needs the full history for updated dates", d)
	}
	up := uses["actions/upload-pages-artifact"]
	if up == nil || strings.TrimSuffix(str(get(up, "with", "path")), "/") != "public" {
		t.Errorf("the build job does not upload public/ with actions/upload-pages-artifact: %v", up)
	}
	if !strings.Contains(str(get(up, "if")), "pull_request") {
		t.Error("the site is uploaded for pull requests too; only main should be published")
	}

	deploy := get(doc, "jobs", "deploy")
	if !containsAll(str(get(deploy, "if")), "pull_request", "refs/heads/main") {
		t.Errorf("deploy runs on %q; it must run only on main", get(deploy, "if"))
	}
	if get(deploy, "needs") != "build" {
		t.Error("deploy must need the build job")
	}
	if get(deploy, "permissions", "pages") != "write" || get(deploy, "permissions", "id-token") != "write" {
		t.Errorf("deploy permissions %v: GitHub Pages needs pages: write and id-token: write", get(deploy, "permissions"))
	}
	if get(deploy, "environment", "name") != "github-pages" {
		t.Error("deploy must use the github-pages environment")
	}
	if !strings.HasPrefix(str(get(deploy, "steps", 0, "uses")), "actions/deploy-pages@") {
		t.Error("deploy does not use actions/deploy-pages")
	}
}

// TestShellSyntax runs `bash -n` on every script, as the runners would
// receive it.
func TestShellSyntax(t *testing.T) {
	bash := need(t, "bash")
	for name, scripts := range scripts(t) {
		for i, s := range scripts {
			cmd := exec.Command(bash, "-n")
			cmd.Stdin = strings.NewReader(s)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("%s, script %d: %v\n%s\n--- script\n%s", name, i+1, err, out, s)
			}
		}
	}
}

// scripts returns every shell script of both files, each with the options
// its runner sets (GitLab: -eo pipefail; GitHub's default bash: -e).
func scripts(t *testing.T) map[string][]string {
	gl := load(t, gitlabFile)
	out := map[string][]string{}
	for job := range gl {
		for _, key := range []string{"before_script", "script"} {
			if l := lines(get(gl, job, key)); len(l) > 0 {
				out[gitlabFile] = append(out[gitlabFile], "set -eo pipefail\n"+strings.Join(l, "\n"))
			}
		}
	}
	gh := load(t, githubFile)
	for _, job := range get(gh, "jobs").(map[string]any) {
		for _, s := range list(get(job, "steps")) {
			if r := str(get(s, "run")); r != "" {
				out[githubFile] = append(out[githubFile], "set -e\n"+r)
			}
		}
	}
	return out
}

// TestCheckScripts runs the check script of each pipeline with a real
// varde against the testdata sites of internal/check.
func TestCheckScripts(t *testing.T) {
	bash, _ := need(t, "bash"), need(t, "jq")
	varde := buildVarde(t)

	gitlab := "set -eo pipefail\n" + strings.Join(lines(get(load(t, gitlabFile), "check", "script")), "\n")
	var github string
	for _, s := range list(get(load(t, githubFile), "jobs", "build", "steps")) {
		if get(s, "name") == "varde check" {
			github = "set -e\n" + str(get(s, "run"))
		}
	}
	if github == "" {
		t.Fatal("no step named \"varde check\" in " + githubFile)
	}

	for _, site := range []string{"mistakes", "warnings"} {
		for _, tc := range []struct{ name, script string }{{"gitlab", gitlab}, {"github", github}} {
			t.Run(site+"/"+tc.name, func(t *testing.T) {
				dir := testsite.Copy(t, filepath.Join("..", "..", "internal", "check", "testdata", site))
				cmd := exec.Command(bash, "-c", tc.script)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(varde)+string(os.PathListSeparator)+os.Getenv("PATH"))
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				err := cmd.Run()

				var report struct {
					Errors, Warnings int
					Diagnostics      []struct {
						File, Severity, Message string
						Line, Col               int
					}
				}
				b, rerr := os.ReadFile(filepath.Join(dir, "varde-check.json"))
				if rerr != nil || json.Unmarshal(b, &report) != nil || len(report.Diagnostics) == 0 {
					t.Fatalf("no JSON report from the script (%v):\n%s\n%s", rerr, stdout.String(), stderr.String())
				}
				if failed := err != nil; failed != (report.Errors > 0) {
					t.Errorf("script error %v with %d errors in the report; errors must fail it, warnings must not\n%s%s", err, report.Errors, stdout.String(), stderr.String())
				}
				if !strings.Contains(stdout.String(), fmt.Sprintf("%d error(s), %d warning(s).", report.Errors, report.Warnings)) {
					t.Errorf("the readable report is not in the log:\n%s", stdout.String())
				}
				switch tc.name {
				case "gitlab":
					checkCodeQuality(t, filepath.Join(dir, "gl-code-quality-report.json"), len(report.Diagnostics))
				case "github":
					var ann []string
					for _, l := range strings.Split(stdout.String(), "\n") {
						if strings.HasPrefix(l, "::error ") || strings.HasPrefix(l, "::warning ") {
							ann = append(ann, l)
						}
					}
					if len(ann) != len(report.Diagnostics) {
						t.Fatalf("%d annotations for %d diagnostics:\n%s", len(ann), len(report.Diagnostics), stdout.String())
					}
					for i, d := range report.Diagnostics {
						want := fmt.Sprintf("::%s file=%s,line=%d", d.Severity, d.File, max(d.Line, 1))
						if !strings.HasPrefix(ann[i], want) || !strings.HasSuffix(ann[i], "::"+d.Message) {
							t.Errorf("annotation %q\nfor %s:%d: %s", ann[i], d.File, d.Line, d.Message)
						}
					}
				}
			})
		}
	}
}

// checkCodeQuality validates a GitLab Code Quality report: a list of issues
// with the fields GitLab requires, unique fingerprints, lines from 1.
func checkCodeQuality(t *testing.T, file string, n int) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var issues []struct {
		Description string `json:"description"`
		CheckName   string `json:"check_name"`
		Fingerprint string `json:"fingerprint"`
		Severity    string `json:"severity"`
		Location    struct {
			Path  string `json:"path"`
			Lines struct {
				Begin int `json:"begin"`
			} `json:"lines"`
		} `json:"location"`
	}
	if err := json.Unmarshal(b, &issues); err != nil {
		t.Fatalf("%s: %v\n%s", file, err, b)
	}
	if len(issues) != n {
		t.Errorf("%d Code Quality issues for %d diagnostics", len(issues), n)
	}
	seen := map[string]bool{}
	for _, is := range issues {
		if is.Description == "" || is.CheckName == "" || is.Location.Path == "" || is.Location.Lines.Begin < 1 ||
			(is.Severity != "critical" && is.Severity != "minor") || is.Fingerprint == "" || seen[is.Fingerprint] {
			t.Errorf("bad Code Quality issue: %+v", is)
		}
		seen[is.Fingerprint] = true
	}
}

// need returns the path of a program, or skips the test without it.
func need(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s is not installed", name)
	}
	return p
}

var varde struct {
	once sync.Once
	path string
	err  error
	out  []byte
}

// buildVarde compiles cmd/varde once for the test binary.
func buildVarde(t *testing.T) string {
	t.Helper()
	goCmd := need(t, "go")
	varde.once.Do(func() {
		dir, err := os.MkdirTemp("", "varde-publisering-")
		if err != nil {
			varde.err = err
			return
		}
		varde.path = filepath.Join(dir, "varde")
		varde.out, varde.err = exec.Command(goCmd, "build", "-o", varde.path, "github.com/varde-portal/varde/cmd/varde").CombinedOutput()
	})
	if varde.err != nil {
		t.Fatalf("go build cmd/varde: %v\n%s", varde.err, varde.out)
	}
	return varde.path
}

func TestMain(m *testing.M) {
	code := m.Run()
	if varde.path != "" {
		os.RemoveAll(filepath.Dir(varde.path))
	}
	os.Exit(code)
}

func contains(l []any, v string) bool {
	for _, e := range l {
		if e == v {
			return true
		}
	}
	return false
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
