//go:build !linux

package output

// exchange reports that this system cannot swap two folders in one step;
// Commit renames twice instead.
func exchange(a, b string) (bool, error) { return false, nil }
