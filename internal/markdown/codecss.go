package markdown

import (
	"strings"

	"github.com/alecthomas/chroma/v2/styles"
)

// CodeCSS returns the stylesheet for highlighted code: a light style, and a
// dark style under prefers-color-scheme: dark. The default theme ships its
// output as assets/css/60-code.css (a test keeps the file up to date).
func CodeCSS(light, dark string) (string, error) {
	var b strings.Builder
	b.WriteString("/* Generated from chroma styles " + light + " and " + dark + " by internal/markdown.CodeCSS; do not edit. */\n")
	if err := codeFormatter.WriteCSS(&b, styles.Get(light)); err != nil {
		return "", err
	}
	var d strings.Builder
	if err := codeFormatter.WriteCSS(&d, styles.Get(dark)); err != nil {
		return "", err
	}
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	for _, line := range strings.Split(strings.TrimSpace(d.String()), "\n") {
		b.WriteString("  " + line + "\n")
	}
	b.WriteString("}\n")
	return b.String(), nil
}
