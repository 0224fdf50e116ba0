package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/varde-portal/varde/internal/build"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/sitefs"
	"github.com/varde-portal/varde/internal/survey"
)

const surveySynopsis = "survey check [-s DIR] [--survey NAME] FOLDER   (names every share file in FOLDER that the build would leave out)"

// runSurvey checks share files of a survey ([[surveys]] in config.toml)
// with the same validation the build uses, so that a coordinator can check
// received files before they go into the site. Its one subcommand is
// check.
func runSurvey(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("survey", surveySynopsis, stderr)
	src := siteFlag(fl)
	name := fl.String("survey", "", "the survey of config.toml the files answer; default: the one whose dir is FOLDER, or the only one")
	pos, code, ok := parse(fl, args)
	if !ok {
		return code
	}
	if !wantArgs(fl, pos, 2, 2, stderr) {
		return exitUsage
	}
	if pos[0] != "check" {
		fmt.Fprintf(stderr, "varde survey: unknown subcommand %q; the subcommand is check\n", pos[0])
		fl.Usage()
		return exitUsage
	}
	dir := pos[1]
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "varde survey: %s is not a folder; give the folder of share files\n", dir)
		return exitUsage
	}
	if !needSite("survey", *src, stderr) {
		return exitUsage
	}
	l, err := build.Load(context.Background(), build.Options{Source: *src, NoHistory: true})
	if err != nil {
		if l != nil {
			printDiags(stderr, errorsOnly(l.Diags))
		}
		fmt.Fprintf(stderr, "varde survey: the site has errors, so its checklist cannot be read; fix them first (varde check)\n")
		return exitContent
	}
	sv, err := pickSurvey(l, *src, dir, *name)
	if err != nil {
		fmt.Fprintf(stderr, "varde survey: %v\n", err)
		return exitUsage
	}
	def, err := build.SurveyDefinition(l, sv)
	if err != nil {
		fmt.Fprintf(stderr, "varde survey: %v\n", err)
		return exitContent
	}
	in, problems, err := readShareFiles(dir)
	if err != nil {
		fmt.Fprintf(stderr, "varde survey: %v\n", err)
		return exitContent
	}
	rs, ps := def.Check(in)
	problems = append(problems, ps...)
	bad := map[string]bool{}
	for _, p := range problems {
		msg := p.Msg
		if p.Field != "" {
			msg = p.Field + ": " + msg
		}
		fmt.Fprintln(stderr, diag.Errorf(p.File, p.Line, "%s", msg).String())
		bad[p.File] = true
	}
	fmt.Fprintf(stdout, "%d share file(s) in %s for the survey %q: %d counted, %d not counted.\n", len(in)+countUnread(problems, in), dir, sv, len(rs), len(bad))
	if len(rs) < def.K {
		fmt.Fprintf(stdout, "Fewer than k = %d files count, so the page would show no figures yet.\n", def.K)
	}
	if len(bad) > 0 {
		return exitContent
	}
	return exitOK
}

// countUnread counts files that could not be read at all (they are not in
// in but have a problem).
func countUnread(ps []survey.Problem, in []survey.Input) int {
	read := map[string]bool{}
	for _, f := range in {
		read[f.Name] = true
	}
	n := 0
	seen := map[string]bool{}
	for _, p := range ps {
		if !read[p.File] && !seen[p.File] {
			seen[p.File] = true
			n++
		}
	}
	return n
}

func errorsOnly(ds []diag.Diagnostic) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range ds {
		if d.Severity == diag.Error {
			out = append(out, d)
		}
	}
	return out
}

// pickSurvey finds the survey the files answer: the one named, else the
// one whose dir is the folder, else the only one.
func pickSurvey(l *build.Loaded, src, dir, name string) (string, error) {
	surveys := l.Config.Surveys
	if name != "" {
		return name, nil
	}
	if len(surveys) == 0 {
		return "", fmt.Errorf("config.toml has no [[surveys]]; add one (docs/modenhet.md) so the files can be checked against its checklist")
	}
	abs, _ := filepath.Abs(dir)
	var names []string
	for _, s := range surveys {
		if d, err := filepath.Abs(filepath.Join(src, filepath.FromSlash(s.Dir))); err == nil && d == abs {
			return s.Name, nil
		}
		names = append(names, s.Name)
	}
	if len(surveys) == 1 {
		return surveys[0].Name, nil
	}
	return "", fmt.Errorf("%s is no survey's dir; say which survey the files answer with --survey (one of %s)", dir, strings.Join(names, ", "))
}

// readShareFiles reads the *.json files of dir through the site file
// system layer, which never follows a link out of the folder.
func readShareFiles(dir string) ([]survey.Input, []survey.Problem, error) {
	fsys, err := sitefs.Open(dir)
	if err != nil {
		return nil, nil, err
	}
	defer fsys.Close()
	names, err := survey.Files(fsys, ".")
	if err != nil {
		return nil, nil, err
	}
	var in []survey.Input
	var ps []survey.Problem
	shown := filepath.ToSlash(filepath.Clean(dir))
	for _, n := range names {
		label := path.Join(shown, n)
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			ps = append(ps, survey.Problem{File: label, Msg: fmt.Sprintf("cannot be read: %v", err)})
			continue
		}
		in = append(in, survey.Input{Name: label, Data: data})
	}
	return in, ps, nil
}
