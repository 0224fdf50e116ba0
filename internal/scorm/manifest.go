package scorm

import (
	"bytes"
	"encoding/xml"
	"regexp"
	"strconv"
	"strings"

	"github.com/varde-portal/varde/internal/site"
)

// The namespaces of a SCORM 1.2 manifest: IMS Content Packaging 1.1.2 for
// the structure, ADL's extension for the SCO type and mastery score.
const (
	NamespaceIMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
	NamespaceADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
)

// manifest writes imsmanifest.xml for a package holding files (the
// manifest itself is left out of the list): one organization with one
// item, the course, whose resource is the launch page as a SCO listing
// every file.
//
// The item's adlcp:masteryscore is the course's pass mark. Platforms that
// honour it (Moodle does) judge passed or failed from cmi.core.score.raw
// themselves; scorm.js reports a raw score rounded down to two decimals,
// so that their verdict is always the course's own.
//
// The XML is written by hand: encoding/xml cannot write the adlcp: prefix
// that some platforms look for literally.
func manifest(s *site.Site, course *site.Page, files []string) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<manifest identifier="` + attrEscape(identifier(s, course)) + `" version="1.0"
    xmlns="` + NamespaceIMSCP + `"
    xmlns:adlcp="` + NamespaceADLCP + `">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="varde-org">
    <organization identifier="varde-org">
      <title>` + textEscape(course.Title) + `</title>
      <item identifier="varde-item" identifierref="varde-sco" isvisible="true">
        <title>` + textEscape(course.Title) + `</title>
        <adlcp:masteryscore>` + strconv.Itoa(passOf(course)) + `</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="varde-sco" type="webcontent" adlcp:scormtype="sco" href="` + LaunchName + `">
`)
	for _, f := range files {
		if f == ManifestName {
			continue
		}
		b.WriteString(`      <file href="` + attrEscape(relative(f, "")) + `"/>` + "\n")
	}
	b.WriteString("    </resource>\n  </resources>\n</manifest>\n")
	return b.Bytes()
}

var notIDChar = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// identifier is the manifest's identifier: stable for a course of a site
// in a language, so that a platform recognises a new version of the same
// package, and an xs:ID (a letter first, then letters, digits, '.', '-',
// '_').
func identifier(s *site.Site, course *site.Page) string {
	parts := []string{"varde", s.Config.SiteKey, course.ID, course.Lang}
	id := notIDChar.ReplaceAllString(strings.Join(parts, "-"), "-")
	return strings.Trim(id, "-")
}

func textEscape(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s)) // writes to memory: cannot fail
	return b.String()
}

func attrEscape(s string) string { return textEscape(s) } // EscapeText escapes quotes as well
