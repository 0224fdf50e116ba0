package checklist

import (
	"reflect"
	"strings"
	"testing"
)

func TestDeriveID(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Har kommunen en oppdatert behandlingsprotokoll?", "har-kommunen-en-oppdatert-behandlingsprotokoll"},
		{"Er ansvaret for informasjonssikkerhet plassert hos en navngitt person i ledelsen?", "er-ansvaret-for-informasjonssikkerhet-plassert"}, // "-hos" would pass 48,
		{"Øvelser på beredskap – årlig?", "ovelser-pa-beredskap-arlig"},
		{"ROS-analyse 2.3.1 gjennomført", "ros-analyse-2-3-1-gjennomfort"},
		// a single word longer than the limit is cut, not dropped
		{strings.Repeat("a", 60), strings.Repeat("a", 48)},
		// words are dropped whole once the next would pass 48 bytes
		{"informasjonssikkerhetsarbeidet personvernombudet x", "informasjonssikkerhetsarbeidet-personvernombudet"}, // exactly 48
		{"informasjonssikkerhetsarbeidet personvernombudene x", "informasjonssikkerhetsarbeidet"},
		// at most six words
		{"en to tre fire fem seks sju", "en-to-tre-fire-fem-seks"},
		{"?!", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := DeriveID(tt.text); got != tt.want {
			t.Errorf("DeriveID(%q) = %q, want %q", tt.text, got, tt.want)
		}
		if got := DeriveID(tt.text); got != "" && (!ValidID(got) || len(got) > maxIDLen) {
			t.Errorf("DeriveID(%q) = %q is not a valid short id", tt.text, got)
		}
	}
}

func TestCutRunes(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"abc", 5, "abc"},
		{"abcdef", 3, "abc"},
		{"ŋŋŋ", 3, "ŋ"}, // ŋ is two bytes: never split one
		{"ŋŋŋ", 4, "ŋŋ"},
		{"", 3, ""},
	}
	for _, tt := range tests {
		if got := cutRunes(tt.s, tt.n); got != tt.want {
			t.Errorf("cutRunes(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}

func TestValidID(t *testing.T) {
	tests := []struct {
		id string
		ok bool
	}{
		{"protokoll", true},
		{"ledelse_1", true},
		{"1.2-ros", true},
		{"Behandlingsprotokoll", true},
		{"æøå", true},
		{"", false},
		{"-start", false},
		{"med mellomrom", false},
		{"a/b", false},
		{"a\"b", false},
		{strings.Repeat("a", 101), false},
	}
	for _, tt := range tests {
		if got := ValidID(tt.id); got != tt.ok {
			t.Errorf("ValidID(%q) = %v, want %v", tt.id, got, tt.ok)
		}
	}
}

func TestUniqueID(t *testing.T) {
	taken := map[string]bool{"a": true, "a-2": true}
	if got := UniqueID("a", func(s string) bool { return taken[s] }); got != "a-3" {
		t.Errorf("UniqueID = %q, want a-3", got)
	}
	if got := UniqueID("b", func(s string) bool { return taken[s] }); got != "b" {
		t.Errorf("UniqueID = %q, want b", got)
	}
}

func TestNSM(t *testing.T) {
	tests := []struct {
		ref string
		cat string
		ok  bool
	}{
		{"1", "1", true},
		{"2.3", "2", true},
		{"2.3.1", "2", true},
		{"4.1.10", "4", true},
		{"5.1", "", false},
		{"0", "", false},
		{"2.", "", false},
		{"2.3.1.4.5", "", false},
		{"a.1", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		cat, ok := NSMCategory(tt.ref)
		if cat != tt.cat || ok != tt.ok {
			t.Errorf("NSMCategory(%q) = %q, %v; want %q, %v", tt.ref, cat, ok, tt.cat, tt.ok)
		}
	}
	if got, want := SplitNSM(" 1.2, 2.3;3  4.1 "), []string{"1.2", "2.3", "3", "4.1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("SplitNSM = %q, want %q", got, want)
	}
}

func TestQuestionRefs(t *testing.T) {
	tests := []struct {
		name       string
		nsm, page  []string
		refs, cats []string
	}{
		{"heading wins", []string{"2.1", "2.2", "3.1"}, []string{"1.1"}, []string{"2.1", "2.2", "3.1"}, []string{"2", "3"}},
		{"page fallback", nil, []string{"1.1", "4.2"}, []string{"1.1", "4.2"}, []string{"1", "4"}},
		{"bad refs ignored in categories", nil, []string{"9.9", "1"}, []string{"9.9", "1"}, []string{"1"}},
		{"none", nil, nil, nil, nil},
	}
	for _, tt := range tests {
		q := &Question{NSM: tt.nsm, PageNSM: tt.page}
		if got := q.Refs(); !reflect.DeepEqual(got, tt.refs) {
			t.Errorf("%s: Refs = %q, want %q", tt.name, got, tt.refs)
		}
		if got := q.Categories(); !reflect.DeepEqual(got, tt.cats) {
			t.Errorf("%s: Categories = %q, want %q", tt.name, got, tt.cats)
		}
	}
}
