package markdown

import "github.com/yuin/goldmark"

// controlExtension turns task-list items into control questions (to be written).
type controlExtension struct{ opts Options }

func (e *controlExtension) Extend(m goldmark.Markdown) {}
