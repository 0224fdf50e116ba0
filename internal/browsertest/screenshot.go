package browsertest

import (
	"context"
	"errors"

	"github.com/chromedp/chromedp"
)

// Screenshot saves a PNG of the whole page as name.png in ArtifactDir and
// returns its path.
func (p *Page) Screenshot(name string) (string, error) {
	ctx, cancel := context.WithTimeout(p.ctx, p.Timeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return "", err
	}
	return saveArtifact(name+".png", png)
}

// onFailure saves a screenshot when the test has failed, so that a broken
// journey can be seen and not only read about.
func (p *Page) onFailure() {
	if !p.t.Failed() {
		return
	}
	if p.ctx.Err() != nil {
		p.t.Logf("no screenshot: %v", p.ctx.Err())
		return
	}
	path, err := p.Screenshot(p.t.Name())
	if err != nil && !errors.Is(err, context.Canceled) {
		p.t.Logf("no screenshot: %v", err)
		return
	}
	p.t.Logf("screenshot of %s: %s", p.location(), path)
}
