package output

import (
	"runtime"
	"strings"
)

// foldCase: on macOS and Windows file names usually ignore case, so
// -d Content is the content folder.
var foldCase = runtime.GOOS == "darwin" || runtime.GOOS == "windows"

func samePath(a, b string) bool {
	if foldCase {
		return strings.EqualFold(a, b)
	}
	return a == b
}
