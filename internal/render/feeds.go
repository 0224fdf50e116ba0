package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"sort"
	"time"

	"github.com/varde-portal/varde/internal/site"
)

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	XHTML   string       `xml:"xmlns:xhtml,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string      `xml:"loc"`
	LastMod string      `xml:"lastmod,omitempty"`
	Alts    []xhtmlLink `xml:"xhtml:link"`
}

type xhtmlLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// Sitemap writes sitemap.xml listing every page except 404 and search, with
// hreflang alternates for translations.
func (r *Renderer) Sitemap(s *site.Site, out Sink) error {
	us := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml"}
	for _, p := range s.Pages {
		if !InSitemap(p) {
			continue
		}
		u := sitemapURL{Loc: p.Permalink}
		if !p.Updated.IsZero() {
			u.LastMod = p.Updated.Format("2006-01-02")
		}
		if len(p.Translations) > 0 {
			u.Alts = append(u.Alts, xhtmlLink{"alternate", p.Lang, p.Permalink})
			for _, t := range p.Translations {
				u.Alts = append(u.Alts, xhtmlLink{"alternate", t.Lang, t.Permalink})
			}
		}
		us.URLs = append(us.URLs, u)
	}
	sort.Slice(us.URLs, func(i, j int) bool { return us.URLs[i].Loc < us.URLs[j].Loc })
	return writeXML(r, out, "sitemap.xml", us)
}

// InSitemap reports whether a page belongs in the sitemap and feeds.
func InSitemap(p *site.Page) bool {
	return p.Kind != site.KindNotFound && p.Kind != site.KindSearch && !p.Draft
}

type atomFeed struct {
	XMLName xml.Name    `xml:"feed"`
	NS      string      `xml:"xmlns,attr"`
	Lang    string      `xml:"xml:lang,attr"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Link    atomLink `xml:"link"`
	Updated string   `xml:"updated"`
	Summary string   `xml:"summary,omitempty"`
}

// FeedEntry is one entry of an Atom feed.
type FeedEntry struct {
	Title, URL, Summary string
	Updated             time.Time
	// ID is the entry's permanent id; empty means its absolute URL. Give
	// one when several entries link to the same page (each change to a
	// page in a feed of changes).
	ID string
}

// Feed writes an Atom feed of entries to name.
func (r *Renderer) Feed(s *site.Site, out Sink, name, lang, title string, entries []FeedEntry) error {
	home := s.Home[lang]
	f := atomFeed{NS: "http://www.w3.org/2005/Atom", Lang: lang, Title: title, Author: atomAuthor{Name: s.Config.LangTitle(lang)}}
	self := s.Origin + s.BasePath + name
	f.ID = self
	f.Links = []atomLink{{Href: self, Rel: "self", Type: "application/atom+xml"}}
	if home != nil {
		f.Links = append(f.Links, atomLink{Href: home.Permalink, Rel: "alternate", Type: "text/html"})
	}
	latest := time.Time{}
	for _, e := range entries {
		up := e.Updated
		if up.IsZero() {
			up = r.Now
		}
		if up.After(latest) {
			latest = up
		}
		id := e.ID
		if id == "" {
			id = s.Origin + e.URL
		}
		f.Entries = append(f.Entries, atomEntry{Title: e.Title, ID: id, Link: atomLink{Href: s.Origin + e.URL, Rel: "alternate"}, Updated: up.UTC().Format(time.RFC3339), Summary: e.Summary})
	}
	if latest.IsZero() {
		latest = r.Now
	}
	f.Updated = latest.UTC().Format(time.RFC3339)
	return writeXML(r, out, name, f)
}

// RecentFeed writes the default feed of recently updated pages per language
// (index.xml, nn/index.xml).
func (r *Renderer) RecentFeed(s *site.Site, out Sink, limit int) error {
	for _, lang := range s.Langs {
		var ps []*site.Page
		for _, p := range s.ContentPages(lang) {
			if p.Kind == site.KindPage {
				ps = append(ps, p)
			}
		}
		sort.SliceStable(ps, func(i, j int) bool {
			if !ps[i].Updated.Equal(ps[j].Updated) {
				return ps[i].Updated.After(ps[j].Updated)
			}
			return ps[i].Path < ps[j].Path
		})
		if len(ps) > limit {
			ps = ps[:limit]
		}
		var es []FeedEntry
		for _, p := range ps {
			es = append(es, FeedEntry{Title: p.Title, URL: p.URL, Summary: p.Description, Updated: p.Updated})
		}
		name := "index.xml"
		if pre := s.LangPrefix(lang); pre != "" {
			name = pre[1:] + "/index.xml"
		}
		if err := r.Feed(s, out, name, lang, s.Config.LangTitle(lang), es); err != nil {
			return err
		}
	}
	return nil
}

// Robots writes robots.txt pointing at the sitemap.
func (r *Renderer) Robots(s *site.Site, out Sink, disallow []string) error {
	var b bytes.Buffer
	b.WriteString("User-agent: *\n")
	for _, d := range disallow {
		fmt.Fprintf(&b, "Disallow: %s\n", d)
	}
	if len(disallow) == 0 {
		b.WriteString("Disallow:\n")
	}
	fmt.Fprintf(&b, "\nSitemap: %s%ssitemap.xml\n", s.Origin, s.BasePath)
	return out.Write("robots.txt", b.Bytes())
}

func writeXML(r *Renderer, out Sink, name string, v any) error {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	b.WriteByte('\n')
	data, err := r.Minify("application/xml", b.Bytes())
	if err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	return out.Write(name, data)
}
