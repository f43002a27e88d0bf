package retrieval

// SetGate replaces the relevance gate's parameters until the returned
// function restores them (for tuning runs).
func SetGate(minCoverage, unseenCommon, missingSubject float64, vetoWords int, typed float64) (restore func()) {
	old := gate
	gate = gateParams{minCoverage, unseenCommon, missingSubject, vetoWords, typed}
	return func() { gate = old }
}
