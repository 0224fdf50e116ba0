// Package themes embeds the bundled themes in the varde binary, so that a
// site with no themes/ folder of its own still builds with the default theme.
package themes

import "embed"

// FS holds themes/default (layouts, assets, i18n, static, archetypes).
//
//go:embed all:default
var FS embed.FS
