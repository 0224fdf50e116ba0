// Package e2e holds the end-to-end tests of the bundled site: TestMain
// builds the varde binary and the site in content/ once, and the tests
// check the output as files (links, head, sitemap and feeds, no inline code,
// no third-party resources), with the Nu Html Checker, and in a real
// headless Chromium (accessibility with axe-core, same-origin requests, no
// cookies, no CSP violations, page weight, and a reader's journeys by mouse
// and keyboard). See README.md, "Browser tests", for how to run them.
package e2e
