// Package survey turns many organisations' self-assessments of one
// checklist into a regional picture without exposing any one of them.
//
// A respondent writes a share file in the browser (format "varde-survey",
// see docs/format.md, "Survey share files"): the checklist's id and
// version, the organisation's name and number if given, the respondent's
// role and the answers by question id. A coordinator collects the files in
// a folder named by [[surveys]] in config.toml. This package validates each
// file against the checklist as the site knows it (Decode, Definition.Check)
// and aggregates the valid ones (Aggregate) into counts, distributions,
// medians and quartiles.
//
// Disclosure control (see docs/modenhet.md for the coordinator's account):
//
//   - A figure is computed only from a group of at least K respondents;
//     for a smaller group nothing is computed, so nothing can leak into
//     the page, the CSV or the JSON.
//   - Counts that add up to a published total (respondents per role,
//     answers per level of a question) are suppressed as a set: a cell
//     under K is hidden, and further cells are hidden with it until the
//     hidden cells are at least two and hold at least K together, so the
//     total minus the shown cells never gives a group under K.
//   - Breakdowns by role are medians and quartiles only, never counts per
//     level, since counts by role could be subtracted from the totals.
//
// What no deterministic publication can prevent is differencing across
// two publications: any figure that changes when one file is added tells
// something about that file. The guide asks coordinators to publish once
// when collection closes, or in batches of at least K new files.
package survey

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"

	"github.com/varde-portal/varde/internal/checklist"
)

// Format and FormatVersion identify a share file.
const (
	Format        = "varde-survey"
	FormatVersion = 1
)

// Roles a respondent can have, in the order pages list them.
var Roles = []string{"kommunedirektor", "it", "personvernombud", "annet"}

// ValidRole reports whether r is one of Roles.
func ValidRole(r string) bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Question is a control question of the surveyed checklist, in one version.
type Question struct {
	ID   string
	Text string
	// Area groups questions as the checklist's summary does: the heading a
	// question stands under on the checklist page itself, or the page a
	// gathered question comes from. AreaTitle names it.
	Area, AreaTitle string
	Categories      []string // NSM categories "1"–"4"
	Scale           checklist.Scale
}

// Version is one state of the checklist's questions that a share file may
// have been written against: the current one in one language, or an
// edition's.
type Version struct {
	ID      string // VersionID of its questions
	Edition string // "" for the current checklist
	Lang    string
	// Questions are the questions as they were in this version, by id.
	Questions map[string]Question
	// Apart holds the ids of questions reworded, removed or given another
	// scale since this version: their answers were given to another
	// question and are kept apart from the current ones.
	Apart map[string]string // id → "reworded", "removed" or "scale"
}

// Current reports whether the version is the current checklist.
func (v *Version) Current() bool { return v.Edition == "" }

// Definition is a survey as the build knows it.
type Definition struct {
	Name      string
	Checklist string
	K         int
	// Questions are the current questions in the site's default language,
	// in the checklist's order.
	Questions []Question
	Versions  map[string]*Version // by ID
}

// VersionID is the checklist version a share file records: a hash of the
// checklist's id and, in order, each question's id, text (white space
// folded), scale and scale values. Rewording a question, adding, removing
// or reordering questions, or changing a scale gives a new version.
func VersionID(checklistID string, qs []Question) string {
	h := sha256.New()
	h.Write([]byte("varde-survey/1\x1e" + checklistID + "\x1e"))
	for _, q := range qs {
		var vals []string
		for _, l := range q.Scale.Levels {
			vals = append(vals, l.Value)
		}
		h.Write([]byte(q.ID + "\x1f" + fold(q.Text) + "\x1f" + q.Scale.Name + "\x1f" + strings.Join(vals, ",") + "\x1e"))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// fold makes every run of white space one space, as the edition changelog
// compares question texts.
func fold(s string) string { return strings.Join(strings.Fields(s), " ") }

// NewVersion makes the version of a set of questions. cur holds the
// current questions of the same language (nil for the current version
// itself): questions whose text or scale differs from them, or that they
// lack, are put apart. changes may name further ids to put apart (the
// edition changelog's reworded and removed questions).
func NewVersion(checklistID, edition, lang string, qs []Question, cur []Question, changes map[string]string) *Version {
	v := &Version{ID: VersionID(checklistID, qs), Edition: edition, Lang: lang, Questions: map[string]Question{}, Apart: map[string]string{}}
	for _, q := range qs {
		v.Questions[q.ID] = q
	}
	if edition == "" {
		return v
	}
	now := map[string]Question{}
	for _, q := range cur {
		now[q.ID] = q
	}
	for _, q := range qs {
		n, ok := now[q.ID]
		switch {
		case !ok:
			v.Apart[q.ID] = "removed"
		case fold(n.Text) != fold(q.Text):
			v.Apart[q.ID] = "reworded"
		case !sameScale(n.Scale, q.Scale):
			v.Apart[q.ID] = "scale"
		}
	}
	for id, why := range changes {
		if _, ok := v.Questions[id]; ok && v.Apart[id] == "" {
			v.Apart[id] = why
		}
	}
	return v
}

func sameScale(a, b checklist.Scale) bool {
	if a.Name != b.Name || a.Kind != b.Kind || len(a.Levels) != len(b.Levels) {
		return false
	}
	for i := range a.Levels {
		if a.Levels[i].Value != b.Levels[i].Value || a.Levels[i].Score != b.Levels[i].Score {
			return false
		}
	}
	return true
}

// AddVersion adds v to the definition, unless a version with its id is
// there (two languages or editions with the same questions are one
// version; the current one wins).
func (d *Definition) AddVersion(v *Version) {
	if d.Versions == nil {
		d.Versions = map[string]*Version{}
	}
	if old, ok := d.Versions[v.ID]; ok && (old.Current() || !v.Current()) {
		return
	}
	d.Versions[v.ID] = v
}

// versionNames lists the known versions for messages: current ones first.
func (d *Definition) versionNames() string {
	var cur, old []string
	for id, v := range d.Versions {
		if v.Current() {
			cur = append(cur, id+" (current, "+v.Lang+")")
		} else {
			old = append(old, id+" (edition "+v.Edition+", "+v.Lang+")")
		}
	}
	sort.Strings(cur)
	sort.Strings(old)
	return strings.Join(append(cur, old...), ", ")
}
