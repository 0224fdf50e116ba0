package browsertest

import (
	"fmt"
	"os"
	"sync"
	"testing"
)

// EnvReport names a file that Figure appends to. .ci/run sets it and
// prints the file after `go test ./...`, because go test shows the logs of
// passing packages only with -v, and the gates' figures (violations,
// errors, bytes) belong in every CI log.
const EnvReport = "VARDE_REPORT"

var reportMu sync.Mutex

// Figure logs a measured figure of a quality gate, such as "axe: 0
// violations on /", with t.Logf and appends it, with the test's name, to
// the file named by VARDE_REPORT when that is set.
func Figure(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	t.Logf("%s", msg)
	path := os.Getenv(EnvReport)
	if path == "" {
		return
	}
	reportMu.Lock()
	defer reportMu.Unlock()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Logf("report: %v", err)
		return
	}
	defer f.Close()
	// One write per line: appends of a few hundred bytes from the test
	// binaries that run at the same time do not interleave.
	if _, err := f.WriteString(t.Name() + ": " + msg + "\n"); err != nil {
		t.Logf("report: %v", err)
	}
}
