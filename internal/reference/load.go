package reference

import (
	"embed"
	"fmt"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/varde-portal/varde/internal/slug"
)

//go:embed data/nsm.toml data/legal.toml
var dataFS embed.FS

// db is the parsed reference data with the indexes that lookups need.
type db struct {
	nsmVersion string
	categories []Category
	laws       []Law
	lawByKey   map[string]int   // slug of id, short name and every alias → index into laws
	sections   []map[string]int // per law: section number → index into Sections
}

var (
	loadOnce sync.Once
	loaded   *db
	loadErr  error
)

// data returns the parsed reference data, parsing it on first use. The data
// is embedded and checked by the package's tests, so an error here means a
// broken build of Varde itself; it is returned rather than panicking so that
// callers can report it like any other failure.
func data() (*db, error) {
	loadOnce.Do(func() {
		loaded, loadErr = parseAll()
	})
	return loaded, loadErr
}

func parseAll() (*db, error) {
	nsmSrc, err := dataFS.ReadFile("data/nsm.toml")
	if err != nil {
		return nil, err
	}
	legalSrc, err := dataFS.ReadFile("data/legal.toml")
	if err != nil {
		return nil, err
	}
	d := &db{}
	if err := d.parseNSM(nsmSrc); err != nil {
		return nil, fmt.Errorf("reference data data/nsm.toml: %w", err)
	}
	if err := d.parseLegal(legalSrc); err != nil {
		return nil, fmt.Errorf("reference data data/legal.toml: %w", err)
	}
	return d, nil
}

type nsmFile struct {
	Version  string `toml:"version"`
	Category []struct {
		Number    int    `toml:"number"`
		Title     Titles `toml:"title"`
		Principle []struct {
			Number   int    `toml:"number"`
			Title    Titles `toml:"title"`
			Measures int    `toml:"measures"`
			Complete bool   `toml:"complete"`
			Measure  []struct {
				Number int    `toml:"number"`
				NB     string `toml:"nb"`
				NN     string `toml:"nn"`
				EN     string `toml:"en"`
			} `toml:"measure"`
		} `toml:"principle"`
	} `toml:"category"`
}

// parseNSM decodes the principles and checks the invariants that ParseNSM
// relies on: categories and principles numbered 1, 2, 3, … in order, and
// measure titles only for measures within the confirmed range.
func (d *db) parseNSM(src []byte) error {
	var f nsmFile
	md, err := toml.Decode(string(src), &f)
	if err != nil {
		return err
	}
	if und := md.Undecoded(); len(und) > 0 {
		return fmt.Errorf("unknown key %q", und[0].String())
	}
	if f.Version == "" {
		return fmt.Errorf("missing version")
	}
	d.nsmVersion = f.Version
	for ci, fc := range f.Category {
		if fc.Number != ci+1 {
			return fmt.Errorf("category %d is numbered %d; categories must be numbered 1, 2, 3, … in order", ci+1, fc.Number)
		}
		if fc.Title.NB == "" {
			return fmt.Errorf("category %d has no bokmål title", fc.Number)
		}
		c := Category{Number: fc.Number, Title: fc.Title}
		for pi, fp := range fc.Principle {
			id := fmt.Sprintf("%d.%d", fc.Number, fp.Number)
			if fp.Number != pi+1 {
				return fmt.Errorf("principle %d.%d is numbered %s; principles must be numbered in order", fc.Number, pi+1, id)
			}
			if fp.Title.NB == "" {
				return fmt.Errorf("principle %s has no bokmål title", id)
			}
			if fp.Measures < 0 {
				return fmt.Errorf("principle %s has a negative measure count", id)
			}
			if fp.Complete && fp.Measures == 0 {
				return fmt.Errorf("principle %s is marked complete but has no measures", id)
			}
			p := Principle{Category: fc.Number, Number: fp.Number, Title: fp.Title, Measures: fp.Measures, Complete: fp.Complete}
			last := 0
			for _, fm := range fp.Measure {
				if fm.Number <= last || fm.Number > fp.Measures {
					return fmt.Errorf("measure %s.%d: measure titles must be in increasing order and within 1–%d", id, fm.Number, fp.Measures)
				}
				if fm.NB == "" {
					return fmt.Errorf("measure %s.%d has no bokmål title", id, fm.Number)
				}
				last = fm.Number
				p.Titled = append(p.Titled, Measure{Number: fm.Number, Title: Titles{NB: fm.NB, NN: fm.NN, EN: fm.EN}})
			}
			c.Principles = append(c.Principles, p)
		}
		if len(c.Principles) == 0 {
			return fmt.Errorf("category %d has no principles", fc.Number)
		}
		d.categories = append(d.categories, c)
	}
	if len(d.categories) == 0 {
		return fmt.Errorf("no categories")
	}
	return nil
}

type legalFile struct {
	Law []struct {
		ID         string   `toml:"id"`
		Short      string   `toml:"short"`
		Identifier string   `toml:"identifier"`
		Unit       string   `toml:"unit"`
		MaxArticle int      `toml:"max_article"`
		Aliases    []string `toml:"aliases"`
		Note       string   `toml:"note"`
		Name       Titles   `toml:"name"`
		Section    []struct {
			Number string `toml:"number"`
			NB     string `toml:"nb"`
			NN     string `toml:"nn"`
			EN     string `toml:"en"`
		} `toml:"section"`
	} `toml:"law"`
}

// parseLegal decodes the laws and builds the name and section indexes,
// refusing names that two laws share and sections that are out of order or
// not written in canonical form, since lookups depend on both.
func (d *db) parseLegal(src []byte) error {
	var f legalFile
	md, err := toml.Decode(string(src), &f)
	if err != nil {
		return err
	}
	if und := md.Undecoded(); len(und) > 0 {
		return fmt.Errorf("unknown key %q", und[0].String())
	}
	d.lawByKey = map[string]int{}
	for li, fl := range f.Law {
		if fl.ID == "" || fl.ID != slug.Make(fl.ID) {
			return fmt.Errorf("law %d: id %q must be a non-empty slug", li+1, fl.ID)
		}
		if fl.Short == "" || fl.Identifier == "" || fl.Name.NB == "" {
			return fmt.Errorf("law %s: short, identifier and name.nb are required", fl.ID)
		}
		switch fl.Unit {
		case unitArticle:
			if fl.MaxArticle < 1 {
				return fmt.Errorf("law %s: a law cited by article needs max_article", fl.ID)
			}
		case unitSection:
			if fl.MaxArticle != 0 {
				return fmt.Errorf("law %s: max_article only applies to laws cited by article", fl.ID)
			}
		default:
			return fmt.Errorf("law %s: unit must be %q or %q", fl.ID, unitArticle, unitSection)
		}
		law := Law{ID: fl.ID, Short: fl.Short, Identifier: fl.Identifier, Unit: fl.Unit, MaxArticle: fl.MaxArticle,
			Aliases: fl.Aliases, Note: fl.Note, Name: fl.Name}
		for _, name := range append([]string{fl.ID, fl.Short}, fl.Aliases...) {
			key := slug.Make(name)
			if key == "" {
				return fmt.Errorf("law %s: name %q has no letters", fl.ID, name)
			}
			if other, dup := d.lawByKey[key]; dup && other != li {
				return fmt.Errorf("law %s: name %q is also a name of %s", fl.ID, name, d.laws[other].ID)
			}
			d.lawByKey[key] = li
		}
		index := map[string]int{}
		var prev sectionKey
		for si, fs := range fl.Section {
			key, ok := parseSectionNumber(fs.Number)
			if !ok || key.String() != fs.Number {
				return fmt.Errorf("law %s: section %q is not in canonical form (e.g. \"12\", \"12 a\", \"4-3\")", fl.ID, fs.Number)
			}
			if fl.Unit == unitArticle && (key.sub != 0 || key.letter != "" || key.main > fl.MaxArticle) {
				return fmt.Errorf("law %s: article %q is outside 1–%d", fl.ID, fs.Number, fl.MaxArticle)
			}
			if si > 0 && !prev.less(key) {
				return fmt.Errorf("law %s: section %q is out of order or repeated", fl.ID, fs.Number)
			}
			if fs.NB == "" {
				return fmt.Errorf("law %s: section %q has no bokmål title", fl.ID, fs.Number)
			}
			prev = key
			index[fs.Number] = si
			law.Sections = append(law.Sections, Section{Number: fs.Number, Title: Titles{NB: fs.NB, NN: fs.NN, EN: fs.EN}})
		}
		d.laws = append(d.laws, law)
		d.sections = append(d.sections, index)
	}
	if len(d.laws) == 0 {
		return fmt.Errorf("no laws")
	}
	return nil
}
