package retrieval

import "regexp"

// A question asking for advice ("should I use sync/atomic to synchronize
// goroutines", "do I have to close the response body") is answered by the
// sentence that gives it ("… synchronization is better done with channels"),
// which may share fewer of its words than one that describes the thing.

var (
	adviceQuestionRe = regexp.MustCompile(`(?i)^\W*(should (i|we|you|one)|is it (better|ok|okay|safe|wise|a good idea)|do (i|we|you) (need|have) to|must (i|we|you))\b`)
	adviceCueRe      = regexp.MustCompile(`(?i)\b(better|best|should|recommended|recommend|preferred|prefer|encouraged|avoid|must|instead|never|safer|do not|don't)\b`)
)

// adviceBonus is added to a sentence that advises, under an advice
// question.
const adviceBonus = 0.3

// adviceScore is adviceBonus for an advising sentence s when the question
// asks for advice.
func adviceScore(advice bool, s string) float64 {
	if advice && adviceCueRe.MatchString(s) {
		return adviceBonus
	}
	return 0
}
