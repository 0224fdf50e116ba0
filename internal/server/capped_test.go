package server

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestStatusCapsRepeatedErrors: the error overlay lists 20 errors of a
// kind per file and one line with the count of the rest, as the terminal.
func TestStatusCapsRepeatedErrors(t *testing.T) {
	body := "---\ntitle: Side A\n---\n" + strings.Repeat("[borte](borte.md)\n\n", 30)
	dir := writeSite(t, map[string]string{
		"config.toml":            "title = \"Test\"\n",
		"content/_index.md":      "---\ntitle: Hjem\n---\nVelkommen.\n",
		"content/veiledere/a.md": body,
	})
	_, addr := start(t, dir)
	_, _, st := get(t, addr+"/__varde/status")
	var got struct {
		OK     bool
		Errors []struct{ Message string }
	}
	if err := json.Unmarshal([]byte(st), &got); err != nil {
		t.Fatal(err)
	}
	if got.OK || len(got.Errors) != 21 || got.Errors[20].Message != "… and 10 more like this (lines 44–62)" {
		t.Errorf("status = %s", st)
	}
}
