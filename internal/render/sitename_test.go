package render

import "testing"

// TestShortName: the header's short name is the title before its first
// dash or colon, and the whole title when there is none.
func TestShortName(t *testing.T) {
	for _, tt := range []struct{ title, want string }{
		{"Varde – personvern og informasjonssikkerhet i kommunen", "Varde"},
		{"Kursportal — for alle ansatte", "Kursportal"},
		{"Kommune X: sikkerhet", "Kommune X"},
		{"Sikkerhetsportalen", "Sikkerhetsportalen"},
		{"Portal – del 1: innledning", "Portal"},
		{"– bare strek", "– bare strek"},
		{"Nord-Fron kommune", "Nord-Fron kommune"},
	} {
		if got := ShortName(tt.title); got != tt.want {
			t.Errorf("ShortName(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}
