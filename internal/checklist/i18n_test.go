package checklist

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// The UI strings of control questions live in the theme; this test keeps
// the three languages complete and in step with the keys that render.go
// and checklist.js and checklist-page.js use.
const themeDir = "../../themes/default"

// templateKeys are the checklist strings the page templates use: the
// heading of the summary section that checklist.js fills.
var templateKeys = []string{"cq.summary.title"}

func TestI18nKeys(t *testing.T) {
	byLang := map[string]map[string]string{}
	for _, lang := range []string{"nb", "nn", "en"} {
		var kv map[string]string
		if _, err := toml.DecodeFile(themeDir+"/i18n/"+lang+"/checklist.toml", &kv); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		byLang[lang] = kv
	}
	// The strings are used by both halves of the checklist script: the
	// answers on every page with questions, and the checklist page's bar,
	// overview and report.
	var js []byte
	for _, name := range []string{"checklist.js", "checklist-page.js"} {
		b, err := os.ReadFile(themeDir + "/assets/js/modules/" + name)
		if err != nil {
			t.Fatal(err)
		}
		js = append(js, b...)
	}
	used := map[string]bool{keyGuidance: true, keyFrom: true, keyAction: true, keyWho: true, keyDue: true, keyLevels: true}
	for _, m := range regexp.MustCompile(`"(cq\.[a-z0-9.]*[a-z0-9])"`).FindAllStringSubmatch(string(js), -1) {
		used[m[1]] = true
	}
	for _, c := range []string{"1", "2", "3", "4"} { // built as "cq.nsm." + category
		used["cq.nsm."+c] = true
	}
	for _, k := range templateKeys {
		used[k] = true
	}
	for lang, kv := range byLang {
		for k := range used {
			if kv[k] == "" {
				t.Errorf("i18n/%s/checklist.toml: no %q", lang, k)
			}
		}
		var extra []string
		for k := range kv {
			// A "key.one" form (for a count of 1) belongs to its key, and a
			// language only has it where its grammar needs it.
			base, plural := strings.CutSuffix(k, ".one")
			if !used[base] {
				extra = append(extra, k)
			}
			if _, ok := byLang["nb"][k]; !ok && !plural {
				t.Errorf("i18n/%s/checklist.toml: %q is not in nb", lang, k)
			}
		}
		sort.Strings(extra)
		if len(extra) > 0 {
			t.Errorf("i18n/%s/checklist.toml: unused keys %q", lang, extra)
		}
		// A placeholder must survive translation.
		ph := regexp.MustCompile(`\{[a-z]+\}`)
		for k, v := range kv {
			if base, plural := strings.CutSuffix(k, ".one"); plural {
				// The singular may leave out the count it stands for.
				for _, p := range ph.FindAllString(v, -1) {
					if !strings.Contains(kv[base], p) {
						t.Errorf("i18n/%s: %q has placeholder %s, which %q has not", lang, k, p, base)
					}
				}
				continue
			}
			if got, want := ph.FindAllString(v, -1), ph.FindAllString(byLang["nb"][k], -1); !sameSet(got, want) {
				t.Errorf("i18n/%s: %q has placeholders %q, nb has %q", lang, k, got, want)
			}
		}
	}
}

func sameSet(a, b []string) bool {
	a, b = append([]string(nil), a...), append([]string(nil), b...)
	sort.Strings(a)
	sort.Strings(b)
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
