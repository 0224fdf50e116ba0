// Package browsertest drives a real headless Chromium against a built site,
// so that the quality gates of the portal (accessibility, privacy, strict
// Content-Security-Policy, page weight, keyboard journeys, print) are checked
// the way a reader's browser sees the pages, inside `go test`.
//
// The package holds one browser per test binary: the first NewPage starts
// it, and every test gets a fresh tab in a fresh browser context (its own
// cookies, cache and storage), so tests cannot leak state into each other and
// `go test ./...` stays fast on a small machine. A TestMain should call
// Shutdown after m.Run so that the browser and its profile folder go away.
//
// Serve starts a test server for a folder of built output. It sends the
// headers a careful host would send (a strict `default-src 'self'` policy
// with a report-uri, nosniff, no referrer), compresses text with gzip as
// production hosts do, and collects the violation reports the browser sends.
//
// External tools are found on the machine: Chromium through VARDE_CHROME or
// PATH, axe-core through VARDE_AXE or the cache folder that .ci/run fills.
// When a tool is missing a test skips, unless the environment variable CI is
// set: in CI a missing tool is a failure, so the gates cannot pass silently.
package browsertest
