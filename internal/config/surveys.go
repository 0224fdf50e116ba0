package config

import (
	"fmt"
	"path"
	"regexp"
	"strings"
)

// Survey is a regional maturity survey published under /modenhet/<name>/:
// the share files of the organisations that answered the checklist, in a
// folder of the site, aggregated with no group smaller than K shown.
type Survey struct {
	Name      string `toml:"name"`      // URL segment under /modenhet/
	Title     string `toml:"title"`     // the page's title
	Checklist string `toml:"checklist"` // id of the page whose questions were answered
	Dir       string `toml:"dir"`       // folder of share files, relative to the site
	K         int    `toml:"-"`         // the smallest group shown; default DefaultSurveyK
	KSet      *int   `toml:"k"`         // k as written, nil when not
}

// DefaultSurveyK is the smallest group a survey shows when k is not set.
const DefaultSurveyK = 5

// MinSurveyK is the smallest k a survey may set: with 2 a reader who
// answered could subtract their own answers and see the other's.
const MinSurveyK = 3

var surveyName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// publishedDirs are the site folders whose files are copied to the output
// as they are (or may be): share files there would be published one by one.
var publishedDirs = []string{"content", "static", "assets", "layouts", "i18n", "themes", "public"}

// fillSurveys sets the surveys' defaults and validates them.
func (c *Config) fillSurveys(bad func(key, format string, args ...any)) {
	seen := map[string]bool{}
	for i := range c.Surveys {
		s := &c.Surveys[i]
		key := func(f string) string { return fmt.Sprintf("surveys[%d].%s", i, f) }
		switch {
		case s.Name == "":
			bad(fmt.Sprintf("surveys[%d]", i), "a survey needs a name (the address /modenhet/NAME/), e.g. name = \"region-2025\"")
		case len(s.Name) > 100:
			bad(key("name"), "the name is %d characters long; use a short one such as region-2025 (at most 100)", len(s.Name))
		case !surveyName.MatchString(s.Name):
			bad(key("name"), "%q must be lower-case letters a–z, digits and '-', starting with a letter or digit: it becomes the address /modenhet/%s/", s.Name, s.Name)
		case seen[s.Name]:
			bad(key("name"), "%q is used by two surveys", s.Name)
		}
		seen[s.Name] = true
		if strings.TrimSpace(s.Title) == "" {
			s.Title = s.Name
		}
		if s.Checklist == "" {
			bad(fmt.Sprintf("surveys[%d]", i), "survey %q: give checklist, the id of the page whose questions were answered (e.g. checklist = \"sjekklister/egenvurdering\")", s.Name)
		}
		c.checkSurveyDir(s, key("dir"), bad)
		s.K = DefaultSurveyK
		if s.KSet != nil {
			s.K = *s.KSet
		}
		switch {
		case s.K < MinSurveyK:
			bad(key("k"), "%d is too small: a group of fewer than %d lets one respondent work out another's answers; use %d or more (default %d)", s.K, MinSurveyK, MinSurveyK, DefaultSurveyK)
		case s.K > 1000:
			bad(key("k"), "%d is larger than any region; use a number such as %d", s.K, DefaultSurveyK)
		}
	}
}

// checkSurveyDir validates a survey's folder: relative, inside the site,
// and not in a folder whose files are published as they are.
func (c *Config) checkSurveyDir(s *Survey, key string, bad func(key, format string, args ...any)) {
	dir := strings.ReplaceAll(s.Dir, `\`, "/")
	if dir == "" {
		bad(key, "survey %q: give dir, the folder of the share files relative to the site (e.g. dir = \"modenhet/%s\")", s.Name, s.Name)
		return
	}
	clean := path.Clean(dir)
	if path.IsAbs(dir) || clean == ".." || strings.HasPrefix(clean, "../") || (len(dir) > 1 && dir[1] == ':') {
		bad(key, "%q must be a folder inside the site, written relative to it (e.g. \"modenhet/%s\")", s.Dir, s.Name)
		return
	}
	if clean == "." {
		bad(key, "%q is the site folder itself; keep the share files in a folder of their own (e.g. \"modenhet/%s\")", s.Dir, s.Name)
		return
	}
	top := strings.SplitN(clean, "/", 2)[0]
	for _, p := range publishedDirs {
		if top == p {
			bad(key, "%q is inside %s/, whose files can end up in the published site one by one; keep share files outside it (e.g. \"modenhet/%s\")", s.Dir, p, s.Name)
			return
		}
	}
	s.Dir = clean
}
