package retrieval

import (
	"regexp"
	"strings"
)

// Cheap guards in front of the question-parsing regexps that every
// question runs through: each reports false only when its pattern cannot
// match, so a question without the words a pattern needs skips the
// backtracking matcher. Under (?i) Go folds only 'k' (K, U+212A) and 's'
// (ſ, U+017F) to letters outside ASCII, so a literal without those two
// letters is found by an ASCII case-insensitive search in any text. When
// a pattern changes, its guard must keep naming words every match holds
// (TestGuardsNeverHideAMatch checks them on every QA question and on
// made-up inputs). At 1k passages the regexps guarded here were about 4 %
// of Retrieve (see docs/BENCHMARKS.md, "Session 9, issue 19").

// guardedRe is a regexp whose matching methods first ask may.
type guardedRe struct {
	*regexp.Regexp
	may func(s string) bool // false: the pattern cannot match s
}

func (g guardedRe) ReplaceAllString(s, repl string) string {
	if !g.may(s) {
		return s
	}
	return g.Regexp.ReplaceAllString(s, repl)
}

func (g guardedRe) FindAllStringSubmatch(s string, n int) [][]string {
	if !g.may(s) {
		return nil
	}
	return g.Regexp.FindAllStringSubmatch(s, n)
}

func (g guardedRe) FindStringSubmatch(s string) []string {
	if !g.may(s) {
		return nil
	}
	return g.Regexp.FindStringSubmatch(s)
}

// containsFold reports whether s holds lit (lower-case ASCII, without k
// or s) in any case.
func containsFold(s, lit string) bool {
	for i := 0; i+len(lit) <= len(s); i++ {
		j := 0
		for j < len(lit) && s[i+j]|0x20 == lit[j] {
			j++
		}
		if j == len(lit) {
			return true
		}
	}
	return false
}

// containsAnyFold is containsFold for any of lits.
func containsAnyFold(s string, lits ...string) bool {
	for _, lit := range lits {
		if containsFold(s, lit) {
			return true
		}
	}
	return false
}

// namesCollection: collectionRefRe needs one of its nouns (articles,
// pieces, sources, docs, documents, texts, stories, reports).
func namesCollection(s string) bool {
	return containsAnyFold(s, "article", "piece", "ource", "doc", "text", "tori", "report")
}

// writesThousands: thousandsRe needs a digit followed by k.
func writesThousands(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' && (s[i+1]|0x20 == 'k' || strings.HasPrefix(s[i+1:], "\u212a")) {
			return true
		}
	}
	return false
}

// writesThousandsRange: rangeThousandsRe needs ",000".
func writesThousandsRange(s string) bool { return strings.Contains(s, ",000") }

// writesOption: optionRe needs a dash, "++" or "#".
func writesOption(s string) bool { return strings.ContainsAny(s, "-+#") }

// asksWh: clauseAskRe needs a question word (what, whats, why, who, when,
// where, which: all hold "wh"; or how).
func asksWh(s string) bool { return containsAnyFold(s, "wh", "how") }

// asksDefinition: definitionQuestionRe and meansRe need "what", "define"
// or "meaning of".
func asksDefinition(s string) bool {
	return containsAnyFold(s, "what", "defin", "meaning", "wdym", "wym")
}
