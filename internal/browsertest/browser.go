package browsertest

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/chromedp/chromedp"
)

// browser is the one Chromium of this test binary. Starting Chromium costs
// about a second of the two cores this project runs on, so it is started
// once, on first use, and every test opens a tab in it.
var browser struct {
	mu     sync.Mutex
	ctx    context.Context // a chromedp context that owns the browser
	cancel context.CancelFunc
	path   string
	err    error // the error of the start, returned to every later caller
}

// Flags the browser starts with. The network flags keep Chromium from
// calling home (component updates, sync, QUIC probes), so that the request
// recorder sees only what the page itself asks for.
func allocatorOptions(path string) []chromedp.ExecAllocatorOption {
	opts := append([]chromedp.ExecAllocatorOption{}, chromedp.DefaultExecAllocatorOptions[:]...)
	return append(opts,
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // needed as root and in containers
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("headless", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", "nb-NO"),
		chromedp.WindowSize(1280, 900),
		// No user-data-dir flag: chromedp then makes a fresh temporary
		// profile folder for this browser and removes it when the browser
		// stops, which a per-test folder could not do for a shared browser.
	)
}

// startBrowser returns the context of the shared browser, starting it on
// the first call. A start that failed is not retried: every test then sees
// the same error.
func startBrowser() (context.Context, error) {
	browser.mu.Lock()
	defer browser.mu.Unlock()
	if browser.ctx != nil || browser.err != nil {
		return browser.ctx, browser.err
	}
	path, err := FindChrome()
	if err != nil {
		browser.err = err
		return nil, err
	}
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), allocatorOptions(path)...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	// The first Do starts the browser; its context has no deadline, because
	// the browser lives as long as the context of that first call.
	start := make(chan error, 1)
	go func() { start <- chromedp.Do(ctx) }()
	select {
	case err = <-start:
	case <-time.After(60 * time.Second):
		err = fmt.Errorf("no answer within 60s")
	}
	if err != nil {
		cancel()
		allocCancel()
		browser.err = fmt.Errorf("start %s: %w", path, err)
		return nil, browser.err
	}
	browser.ctx, browser.path = ctx, path
	browser.cancel = func() {
		// Close the browser gracefully, so that chromedp waits for it to
		// exit and removes the temporary profile folder.
		cctx, ccancel := context.WithTimeout(ctx, 10*time.Second)
		defer ccancel()
		_ = chromedp.Cancel(cctx)
		cancel()
		allocCancel()
	}
	return ctx, nil
}

// Shutdown stops the shared browser if it runs. Call it from TestMain after
// m.Run. Without it Chromium is still killed when the test binary exits
// (chromedp asks Linux for that), but its profile folder stays behind.
func Shutdown() {
	browser.mu.Lock()
	defer browser.mu.Unlock()
	if browser.cancel != nil {
		browser.cancel()
	}
	browser.ctx, browser.cancel = nil, nil
	browser.err = fmt.Errorf("browsertest: browser already shut down")
}
