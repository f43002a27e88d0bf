package retrieval

import (
	"regexp"
	"strings"

	"github.com/docbot/docbot/internal/text"
)

// definitionQuestionRe matches a question asking what something is or
// does ("what is a GODEBUG setting", "what does go/doc do", "what counts
// as a data race in go"); the second group is the thing asked about.
var definitionQuestionRe = regexp.MustCompile(`(?i)^\W*(?:(what(?:'s|’s| is| are| r| re| was| were)|what counts as|what is meant by|define|meaning of)\s+(.+?)\s*(?:\b(?:do|does|mean|means|stand for)\s*)?\W*$|(what does|what do)\s+(.+?)\s*\b(?:do|mean|stand for)\W*$|(what (?:does|do)(?:\s+\S+){0,3}?\s+mean\s+by)\s+(.+?)\W*$)`)

// definedPronounRe: a thing named, then asked what it is ("security
// guarantees, what r they exactly"); the second group is the thing.
var definedPronounRe = regexp.MustCompile(`(?i)^\W*()(?:(?:wdym|wym)\s+)?([^,?]+?),?\s+(?:what|wat)\s+(?:are|r|is|'re|re)\s+(?:they|it|those|these|that|them)(?:\s+(?:exactly|even|actually|really|again))?\W*$`)

// wdymRe: chat's "what do you mean (by) X"; the second group is X, a
// term of at most maxWdymWords words ("wdym trump thinks us companies…"
// asks no definition).
var wdymRe = regexp.MustCompile(`(?i)^\W*()(?:wdym|wym)\s+(?:by\s+)?([^,?.!]+?)\s*(?:[,?.!].*)?$`)

const maxWdymWords = 4

// meansRe finds, anywhere in a chat message, a question what a term
// means; the second group is the term.
// The term is a few words, without punctuation ("what would a ceasefire
// mean for ukraine" and "i mean…" ask no definition).
var meansRe = regexp.MustCompile(`(?i)\b(what)\s+(?:the\s+(?:term|phrase|word)\s+)?([^\s,.;:?!]+(?:\s+[^\s,.;:?!]+){0,4}?)\s+(?:even\s+|actually\s+|really\s+|exactly\s+)?(?:means|stands for)\b|\b(what does)\s+([^\s,.;:?!]+(?:\s+[^\s,.;:?!]+){0,4}?)\s+(?:even\s+|actually\s+|really\s+|exactly\s+)?(?:mean|stand for)\b`)

// definitionSubject returns the stems of the thing a definition question
// asks about, nil for any other question.
func definitionSubject(question string) []string {
	question = text.UnchatText(question) // "wat do ppl even mean by security guarantees"
	if !asksDefinition(question) || whatHasRe.MatchString(question) {
		return nil
	}
	m := definitionQuestionRe.FindStringSubmatch(question)
	if m != nil && m[1] == "" && m[3] != "" {
		m = []string{m[0], m[3], m[4]} // "what does go/doc do", not "what do guarantees risk being"
	} else if m != nil && m[1] == "" {
		m = []string{m[0], m[5], m[6]} // "what does the article mean by security guarantees"
	}
	if n := wdymRe.FindStringSubmatch(question); n != nil && len(strings.Fields(n[2])) <= maxWdymWords {
		m = n // "wdym by security guarantees"
	}
	if n := definedPronounRe.FindStringSubmatch(question); n != nil {
		m = n // "security guarantees, what are they exactly"
	}
	if m == nil {
		// "ngl i still dont get what 'security guarantees' even means"
		if m = meansRe.FindStringSubmatch(question); m == nil {
			return nil
		}
		if m[2] == "" {
			m = []string{m[0], m[3], m[4]} // "…what does X mean"
		}
	}
	var stems []string
	for _, t := range text.Tokenize(m[2]) {
		if text.IsStopWord(t.Word) {
			continue
		}
		stems = append(stems, text.Stem(t.Word))
	}
	return stems
}

// definingVerbs are the verbs with which a sentence says what its subject
// is or does: "A data race is defined as…", "Package doc extracts…",
// "the predeclared identifier iota represents…".
var definingVerbs = map[string]bool{
	"is": true, "are": true, "means": true, "refers": true, "represents": true, "denotes": true,
	"describes": true, "defines": true, "stands": true, "does": true, "returns": true,
	"implements": true, "provides": true, "extracts": true, "contains": true, "controls": true,
	"holds": true, "specifies": true, "reports": true, "lets": true, "allows": true,
	"converts": true, "creates": true, "performs": true, "handles": true, "determines": true,
	"consists": true, "makes": true, "marks": true, "declares": true, "binds": true,
}

// subordinators open a clause that is no main statement.
var subordinators = map[string]bool{
	"as": true, "if": true, "when": true, "because": true, "unless": true, "while": true,
	"since": true, "although": true, "though": true, "whether": true, "than": true, "where": true,
}

// definitionSubjectWords bounds the subject of a defining sentence: "A
// GODEBUG setting is…" defines, a long clause that mentions the thing on
// its way to saying something else does not.
const definitionSubjectWords = 5

// defines reports whether sentence s says what the thing with the given
// stems is or does: its clause opens with a short subject holding at least
// half of those stems, followed by a defining verb. A sentence that merely
// mentions the thing ("Any implementation can, upon detecting a data
// race, report…") does not. A row of a table of terms whose first cell
// names the thing defines it too (see definesInRow).
func defines(subject []string, s string) bool {
	if len(subject) == 0 {
		return false
	}
	if definesInRow(subject, s) {
		return true
	}
	toks := text.Tokenize(s)
	clause := 0 // the first token of the current comma-separated clause
	for i, t := range toks {
		if i > 0 && strings.ContainsAny(s[toks[i-1].End:t.Start], ",;:") {
			clause = i
		}
		if i-clause > definitionSubjectWords {
			if clause == 0 && i > 3*definitionSubjectWords {
				return false
			}
			continue
		}
		if !definingVerbs[t.Word] || i == clause || i == len(toks)-1 || subordinators[toks[clause].Word] {
			continue // "…, as iota does." says nothing of what iota does
		}
		have := 0
		for _, st := range subject {
			for _, u := range toks[clause:i] {
				if text.Stem(u.Word) == st {
					have++
					break
				}
			}
		}
		if 2*have >= len(subject) && have > 0 {
			return true
		}
	}
	return false
}

// definitionBonus is added to the score of a sentence that defines what a
// definition question asks about: such a sentence answers "what is X"
// better than one that repeats more of the question's words.
const definitionBonus = 0.2

// definitionScore is the bonus for sentence s under a definition question
// about subject (nil: not a definition question).
func definitionScore(subject []string, s string) float64 {
	if defines(subject, s) {
		return definitionBonus
	}
	return 0
}

// tableRowRe splits a row of a preformatted table into its first cell and
// the rest, at a tab or a run of spaces ("uintptr  an unsigned integer
// large enough to store the uninterpreted bits of a pointer value").
var tableRowRe = regexp.MustCompile(`^\s*(\S+(?: \S+)*)(?:\t+ *| {2,})(\S.*)$`)

// definesInRow reports whether s is a row of a glossary-like table whose
// first cell names the subject and whose second says, in words, what it
// is: such a table is a list of definitions.
func definesInRow(subject []string, s string) bool {
	m := tableRowRe.FindStringSubmatch(s)
	if m == nil || wordRun(m[2]) < tableRowWords {
		return false
	}
	toks := text.Tokenize(m[1])
	if len(toks) == 0 || len(toks) > definitionSubjectWords {
		return false
	}
	have := 0
	for _, st := range subject {
		for _, u := range toks {
			if text.Stem(u.Word) == st {
				have++
				break
			}
		}
	}
	return have > 0 && 2*have >= len(subject)
}
