// Package contenttest holds tests that read the bundled portal (content/ and
// editions/ at the repository root) and hold the editorial rules a reviewer
// would otherwise have to check by hand: the GDPR's Norwegian term, four level
// descriptions under every maturity question of the toolbox, and feedback on
// every wrong quiz option. It has no code of its own.
package contenttest
