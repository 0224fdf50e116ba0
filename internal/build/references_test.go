package build

import (
	"context"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/testsite"
)

func TestReferencePages(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"config.toml":       "[languages.nb]\n[languages.nn]\n",
		"content/_index.md": "---\ntitle: Hjem\n---\n",
		"content/a.md":      "---\ntitle: Logging\nnsm: [\"3.2.2\", \"1\"]\nlegal: [\"GDPR art. 32\", \"personvernforordningen artikkel 5\"]\n---\n",
		"content/b.md":      "---\ntitle: Tilgang\nnsm: [\"2.6\"]\nlegal: [\"GDPR art. 32\"]\n---\n",
		"content/a.nn.md":   "---\ntitle: Logging nn\nnsm: [\"3.2\"]\n---\n",
	}
	testsite.Write(t, dir, files)
	l, err := Load(context.Background(), Options{Source: dir})
	if err != nil {
		t.Fatal(err)
	}
	s := l.Site
	p32 := s.ByPath("/nsm/3-2/")
	if p32 == nil || !strings.HasPrefix(p32.Title, "3.2 ") {
		t.Fatalf("principle page: %+v", p32)
	}
	if cites := p32.Data["citations"].([]RefCitation); len(cites) != 1 || cites[0].Cite != "3.2.2" {
		t.Errorf("citations of 3.2: %+v", cites)
	}
	art32 := s.ByPath("/regelverk/gdpr-art-32/")
	if art32 == nil || len(art32.Data["citations"].([]RefCitation)) != 2 {
		t.Errorf("GDPR art. 32 page: %+v", art32)
	}
	cov := s.ByPath("/nsm/dekning/")
	if cov == nil || cov.Data["covered"].(int) != 2 || cov.Data["total"].(int) != 21 {
		t.Errorf("coverage: %+v", cov.Data)
	}
	if s.ByPath("/nn/nsm/3-2/") == nil || s.ByPath("/nn/regelverk/") != nil {
		t.Error("nn reference pages: want NSM pages, and no legal index without legal refs")
	}
	links := l.extra(s.ByID("a", "nb"))["legal"].([]RefLink)
	if len(links) != 2 || links[1].Label != "GDPR art. 5" || links[1].URL != "/regelverk/gdpr-art-5/" || links[1].Title == "" {
		t.Errorf("fact box links: %+v", links)
	}
}
