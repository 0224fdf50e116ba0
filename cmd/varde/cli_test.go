package main

import (
	"flag"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// TestWrongFolder: every command that reads a site refuses a folder
// without config.toml, with exit 2 and the fix, and writes nothing there
// (a build from content/veiledere used to pass and write public/ and
// .varde/ into it).
func TestWrongFolder(t *testing.T) {
	cmds := [][]string{
		{"build"}, {"check"}, {"serve", "--port", "0"}, {"search", "passord"}, {"new", "page", "om/x.md"},
		{"export", "scorm", "kurs/x", "-o", filepath.Join(t.TempDir(), "x.zip")}, {"edition", "snapshot", "2030"},
	}
	for _, args := range cmds {
		t.Run(args[0], func(t *testing.T) {
			dir := t.TempDir()
			if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
				t.Fatal(err)
			}
			want := "varde " + args[0] + ": no config.toml in " + dir + ": run inside the site or pass -s DIR, or create one with varde init\n"
			code, out, errs := runCLI(append(args, "-s", dir)...)
			if code != exitUsage || errs != want || out != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and %q", code, out, errs, want)
			}
			// Run inside the folder, as an editor in content/veiledere does:
			// the message names the folder, not ".".
			t.Chdir(dir)
			code, _, errs = runCLI(args...)
			if code != exitUsage || errs != want {
				t.Errorf("in the folder: exit %d, stderr %q; want %q", code, errs, want)
			}
			if got := folderNames(t, dir); !reflect.DeepEqual(got, []string{"content"}) {
				t.Errorf("the folder now holds %v", got)
			}
		})
	}
}

// TestGlobalFlagsBeforeCommand: flags may come before the command, as in
// Hugo and git ("varde -s DIR build" was an unknown command).
func TestGlobalFlagsBeforeCommand(t *testing.T) {
	site := newSite(t, nil)
	for _, args := range [][]string{
		{"-s", site, "check"},
		{"-s=" + site, "check"},
		{"--source", site, "check"},
		{"--drafts", "-s", site, "check"}, // a boolean flag does not take "-s" as its value
		{"--drafts=false", "--source=" + site, "check"},
		{"--", "check", "-s", site},
	} {
		if code, out, errs := runCLI(args...); code != exitOK || !strings.Contains(out, "No problems found.") {
			t.Errorf("varde %q: exit %d: %s%s", args, code, out, errs)
		}
	}
	dest := filepath.Join(t.TempDir(), "out")
	if code, _, errs := runCLI("-s", site, "--quiet", "build", "-d", dest); code != exitOK {
		t.Errorf("varde -s SITE --quiet build: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dest, "index.html")); err != nil {
		t.Errorf("varde -s SITE build wrote nothing: %v", err)
	}
	// A flag the command lacks is named as such, by the command.
	if code, _, errs := runCLI("--port", "1313", "-s", site, "check"); code != exitUsage || !strings.Contains(errs, "flag provided but not defined: -port") {
		t.Errorf("a serve flag before check: exit %d: %s", code, errs)
	}
	if code, _, errs := runCLI("-s", site); code != exitUsage || !strings.Contains(errs, "-s "+site+" needs a command after it") {
		t.Errorf("flags and no command: exit %d: %s", code, errs)
	}
}

// TestBoolFlagsListed holds boolFlags to the commands: a boolean flag
// missing from it, written before the command, would swallow the command
// as its value.
func TestBoolFlagsListed(t *testing.T) {
	for _, c := range commands() {
		_, out, _ := runCLI("help", c.name)
		for _, line := range strings.Split(out, "\n") {
			rest, ok := strings.CutPrefix(line, "  -")
			if !ok {
				continue
			}
			rest, _, _ = strings.Cut(rest, "\t")
			fields := strings.Fields(rest)
			if len(fields) == 1 && !boolFlags[fields[0]] {
				t.Errorf("varde %s has the boolean flag -%s, which boolFlags lacks", c.name, fields[0])
			}
			if len(fields) == 2 && boolFlags[fields[0]] {
				t.Errorf("varde %s: -%s takes a value, but boolFlags has it", c.name, fields[0])
			}
		}
	}
}

func TestHelpAndVersion(t *testing.T) {
	for _, c := range commands() {
		code, out, errs := runCLI("help", c.name)
		if code != exitOK || !strings.HasPrefix(out, "Usage: varde "+c.name) || errs != "" {
			t.Errorf("varde help %s: exit %d, stdout %q, stderr %q", c.name, code, out, errs)
		}
	}
	if code, _, errs := runCLI("help", "bygg"); code != exitUsage || !strings.Contains(errs, `unknown command "bygg"`) {
		t.Errorf("help for an unknown command: exit %d: %s", code, errs)
	}
	for _, args := range [][]string{{"-v"}, {"--version"}, {"-version"}, {"version"}} {
		if code, out, _ := runCLI(args...); code != exitOK || out != "varde "+version+"\n" {
			t.Errorf("varde %s: exit %d, %q", args[0], code, out)
		}
	}
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		code, out, _ := runCLI(args...)
		if code != exitOK || !strings.Contains(out, "docs/format.md: "+formatDoc) || !strings.Contains(out, "  init ") {
			t.Errorf("varde %s: exit %d, the help lacks init or the format reference:\n%s", args[0], code, out)
		}
		if strings.Contains(out, "../shared") {
			t.Errorf("varde %s links outside the project:\n%s", args[0], out)
		}
	}
}

func TestJoinBoolValues(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.Bool("minify", true, "")
	fs.Bool("json", false, "")
	fs.String("s", ".", "")
	tests := []struct{ in, want string }{
		{"--minify false", "--minify=false"},
		{"-minify true x", "-minify=true x"},
		{"--minify=false", "--minify=false"},
		{"--json 1", "--json 1"},                   // only the words true and false
		{"-s false --json", "-s false --json"},     // a folder called false
		{"-s --minify false", "-s --minify false"}, // "--minify" is the value of -s
		{"-- --minify false", "-- --minify false"},
		{"--nope false", "--nope false"},
		{"--minify", "--minify"},
	}
	for _, tt := range tests {
		if got := strings.Join(joinBoolValues(fs, strings.Fields(tt.in)), " "); got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestBoolFlagWithSpacedValue: "--minify false" used to be refused.
func TestBoolFlagWithSpacedValue(t *testing.T) {
	site := newSite(t, nil)
	dest := filepath.Join(t.TempDir(), "out")
	if code, _, errs := runCLI("build", "--minify", "false", "--quiet", "-s", site, "-d", dest); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(filepath.Join(dest, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(b), "\n") < 20 {
		t.Errorf("--minify false still minified the page (%d lines)", strings.Count(string(b), "\n"))
	}
	if code, out, _ := runCLI("check", "--drafts", "false", "-s", site); code != exitOK || !strings.Contains(out, "No problems found.") {
		t.Errorf("check --drafts false: exit %d: %s", code, out)
	}
}

// TestServeBusyPort: a port in use is found before the site is built, and
// the message names a free one.
func TestServeBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skip("cannot listen:", err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	site := newSite(t, map[string]string{
		// A build would fail on this page: the port is looked at first.
		"content/feil.md": "---\ntitle: Feil\n---\n[x](borte.md)\n",
	})
	code, out, errs := runCLI("serve", "-s", site, "--port", strconv.Itoa(port))
	if code != exitUsage || out != "" || !strings.Contains(errs, "port "+strconv.Itoa(port)+" of 127.0.0.1: it is in use") || !strings.Contains(errs, "; try --port ") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	suggested, err := strconv.Atoi(strings.TrimSpace(errs[strings.LastIndex(errs, "--port ")+len("--port "):]))
	if err != nil || suggested == port {
		t.Fatalf("the suggested port in %q", errs)
	}
	if l2, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(suggested)); err != nil {
		t.Errorf("the suggested port %d is not free: %v", suggested, err)
	} else {
		l2.Close()
	}
	if msg := portProblem("127.0.0.1", 0); msg != "" {
		t.Errorf("port 0 picks a free port, yet: %s", msg)
	}
}

// folderNames lists the names in dir.
func folderNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// TestBaseURLFlag: --baseURL gets config.toml's checks (it was taken as
// written: "ftp://x" built, "//k.no/?q" gave "#ZgotmplZ" canonical links
// and CSS at "/?qcss/…"), exit 2 and nothing written.
func TestBaseURLFlag(t *testing.T) {
	site := newSite(t, nil)
	for _, args := range [][]string{
		{"build", "--baseURL", "ftp://x"},
		{"build", "--baseURL", "//k.no/portal/"},
		{"build", "--baseURL", "https://k.no/?q=1"},
		{"build", "--baseURL", "www.k.no/portal/"},
		{"export", "scorm", "kurs/x", "-o", filepath.Join(t.TempDir(), "x.zip"), "--baseURL", "https://k.no/#x"},
	} {
		code, _, errs := runCLI(append(args, "-s", site)...)
		if code != exitUsage || !strings.Contains(errs, "varde "+args[0]+": --baseURL ") {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 naming --baseURL", args, code, errs)
		}
		if got := folderNames(t, site); strings.Contains(strings.Join(got, " "), "public") {
			t.Errorf("%v: the site now holds %v", args, got)
		}
	}
	if code, _, errs := runCLI("build", "-s", site, "-q", "--baseURL", "https://k.no/portal"); code != exitOK {
		t.Fatalf("a good --baseURL: exit %d, %s", code, errs)
	}
	data, err := os.ReadFile(filepath.Join(site, "public", "robots.txt"))
	if err != nil || !strings.Contains(string(data), "Sitemap: https://k.no/portal/sitemap.xml") {
		t.Errorf("robots.txt %q, %v", data, err)
	}
}

// TestSiteFolderIsAFile: -s naming a file, or nothing, says so in words
// (it said "stat afile/config.toml: not a directory", and "the site
// folder  does not exist").
func TestSiteFolderIsAFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(f, []byte("title = \"x\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for src, want := range map[string]string{
		f:  "varde check: the site folder " + f + " is a file, not a folder: pass -s with the folder that holds config.toml\n",
		"": "varde check: -s is empty: pass -s with the site's folder (. for the current one)\n",
	} {
		code, _, errs := runCLI("check", "-s", src)
		if code != exitUsage || errs != want {
			t.Errorf("-s %q: exit %d, stderr %q; want 2 and %q", src, code, errs, want)
		}
	}
}
