package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/varde-portal/varde/internal/build"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/scorm"
)

const exportSynopsis = "export scorm COURSE-ID -o FILE.zip [-s DIR] [--lang LANG] [--baseURL URL]"

// runExport packages a course for a learning platform. SCORM 1.2 is the
// one format: it is what Moodle, and so KS Læring, tracks reliably.
func runExport(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("export", exportSynopsis, stderr)
	src := siteFlag(fs)
	out := fs.String("o", "", "the package `file` to write, such as kurs.zip (required)")
	lang := fs.String("lang", "", "`language` of the course (default: the site's default language)")
	baseURL := fs.String("baseURL", "", "public address of the site, for links from the course to other pages, overriding config.toml")
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if !wantArgs(fs, pos, 2, 2, stderr) {
		return exitUsage
	}
	if pos[0] != "scorm" {
		fmt.Fprintf(stderr, "varde export: unknown format %q; the format is scorm\n", pos[0])
		fs.Usage()
		return exitUsage
	}
	if *out == "" {
		fmt.Fprintln(stderr, "varde export: -o FILE.zip is required")
		fs.Usage()
		return exitUsage
	}
	if msg := outputFileProblem(*out); msg != "" {
		fmt.Fprintf(stderr, "varde export: %s\n", msg)
		return exitUsage
	}
	if !needSite("export", *src, stderr) || !checkBaseURL("export", baseURL, stderr) {
		return exitUsage
	}
	now := time.Now()
	pkg, diags, err := scorm.Export(context.Background(), build.Options{Source: *src, BaseURL: *baseURL, Now: now}, pos[1], *lang)
	printDiags(stderr, diags)
	if err != nil {
		var fail *diag.Failure
		var unknown *scorm.UnknownCourseError
		switch {
		case errors.Is(err, scorm.ErrUnknownLanguage):
			fmt.Fprintf(stderr, "varde export: %v\n", err)
			return exitUsage
		case errors.As(err, &fail):
			fmt.Fprintf(stderr, "varde export: %d error(s); %s was not written\n", countErrors(diags), *out)
		case errors.As(err, &unknown):
			fmt.Fprintf(stderr, "varde export: %v\n", unknown)
		default:
			fmt.Fprintf(stderr, "varde export: %v\n", err)
		}
		return exitContent
	}
	var zipped bytes.Buffer
	if err := pkg.WriteZip(&zipped, now); err != nil {
		fmt.Fprintf(stderr, "varde export: %v\n", err)
		return exitContent
	}
	if err := writeAtomic(*out, zipped.Bytes()); err != nil {
		fmt.Fprintf(stderr, "varde export: %v\n", err)
		return exitContent
	}
	c := pkg.Course
	fmt.Fprintf(stdout, "Wrote %s: SCORM 1.2 package of %q (%s, %s), %d files, %s.\n",
		*out, c.Title, c.ID, c.Lang, len(pkg.Names()), humanBytes(int64(zipped.Len())))
	fmt.Fprintf(stdout, "Upload it to the learning platform as a SCORM package; see docs/scorm.md, \"Laste opp i Moodle og KS Læring\":\n%s\n", scormDoc)
	return exitOK
}

// scormDoc is the guide to the package and to uploading it, in the project.
const scormDoc = "https://github.com/varde-portal/varde/blob/main/docs/scorm.md"

// outputFileProblem says why the package cannot be written to name, before
// any work is done: a missing folder used to surface after the export as
// an error about a temporary file the editor never asked for.
func outputFileProblem(name string) string {
	dir := filepath.Dir(name)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Sprintf("-o %s: the folder %s does not exist; make it first, or write the package to a folder that exists", name, dir)
	}
	if st, err := os.Stat(name); err == nil && st.IsDir() {
		return fmt.Sprintf("-o %s is a folder; give the package a file name, such as %s", name, filepath.Join(name, "kurs.zip"))
	} else if err == nil && st.Size() > 0 && !isZip(name) {
		// -o config.toml replaced the site's settings with the package.
		return fmt.Sprintf("-o %s is not a zip package, and the package would replace it; give the package a file name of its own, such as %s", name, filepath.Join(dir, "kurs.zip"))
	}
	return ""
}

// isZip reports whether the file name starts as a zip file does (an
// earlier package, which a new export may replace).
func isZip(name string) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	return n == 4 && string(head) == "PK\x03\x04"
}

func countErrors(ds []diag.Diagnostic) int {
	n := 0
	for _, d := range ds {
		if d.Severity == diag.Error {
			n++
		}
	}
	return n
}

// writeAtomic writes data to a temporary file beside name and renames it
// into place, so a failed export never leaves half a package behind.
func writeAtomic(name string, data []byte) error {
	dir := filepath.Dir(name)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
