// Package reference holds the facts Varde checks references against: the
// categories, principles and measures of NSM's Grunnprinsipper for
// IKT-sikkerhet 2.1, and the laws (GDPR articles and Norwegian statute
// sections) that content may cite in its `nsm:` and `legal:` front matter.
//
// The data lives in data/*.toml, is embedded in the binary and is parsed once,
// on first use. It lists only what has been checked against the published
// principles and the laws in force: an editor who cites something outside it
// gets a plain-English error naming the valid range or the nearest accepted
// reference, so the build can refuse references that do not exist.
//
// Every exported value is a copy; callers may keep and change what they get.
package reference
