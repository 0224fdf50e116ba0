package render

// SetFragmentReuse turns View.Cached's reuse of rendered partials on or
// off, for render_test's comparison of the two.
func SetFragmentReuse(on bool) { noFragmentReuse = !on }
