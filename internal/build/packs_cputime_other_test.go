//go:build !unix

package build

import "time"

// childCPUTime is not measured here.
func childCPUTime() time.Duration { return 0 }
