package retrieval

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/docbot/docbot/internal/text"
)

// identityRe finds a question asking who someone the articles describe
// is: "who was the senior diplomat…", "whats the name of trumps envoy…".
// The words after it name the person asked about.
var identityRe = regexp.MustCompile(`(?i)\b(?:who(?:'s|’s|s|\s+is|\s+was|\s+are|\s+were)\s+(?:the|this|that|trump'?s|his|her|their|\pL+(?:'s|’s))|the\s+names?\s+of(?:\s+(?:the|that|this|trump'?s|his|her|their))?)\s+(.*)$`)

// nameOfRe: "whats the envoys name", "what is trump's envoy's name".
var nameOfRe = regexp.MustCompile(`(?i)\bwhat(?:'s|’s|s|\s+is|\s+was|\s+are|\s+were)\s+(?:the\s+|that\s+|this\s+|trump'?s\s+|his\s+|her\s+|their\s+)?((?:\pL+\s+){0,3}?\pL+?)(?:'s|’s|s'|’)?\s+names?\b`)

// identityWindow: a name stands at most this many words from the words
// naming who is asked about ("his envoy, Steve Witkoff").
const identityWindow = 4

// identityHead returns the stem of the noun naming who is asked about
// ("diplomat" in "who was the senior diplomat that talked…"), or "".
func identityHead(question string) string {
	m := identityRe.FindStringSubmatch(question)
	if m == nil {
		m = nameOfRe.FindStringSubmatch(question)
	}
	if m == nil {
		return ""
	}
	head := ""
	for _, t := range text.Tokenize(m[1]) {
		if text.IsStopWord(t.Word) || head != "" && !text.EnglishWord(text.Stem(t.Word)) {
			break // "who is the french president zelensky called": a name opens the clause about them
		}
		if genericPersons[t.Word] {
			return "" // "who was the one on the phone with zelensky": anyone named
		}
		if whichNames[t.Word] && head != "" {
			continue // "whats the ukrainian presidents full name": the president's
		}
		if countryKinds[t.Word] && strings.HasPrefix(strings.ToLower(m[0]), "who") {
			return "" // "who were the countries that promised…": see judge
		}
		head = text.Stem(t.Word)
	}
	return head
}

// whichNames say which of someone's names is asked ("full name", "last
// name"), not who.
var whichNames = map[string]bool{"full": true, "real": true, "actual": true, "exact": true, "complete": true, "first": true,
	"last": true, "proper": true, "official": true, "whole": true, "given": true}

// genericPersons name no one in particular: the question asks for anyone
// the passage names, which the answer kind checks.
var genericPersons = map[string]bool{"one": true, "ones": true, "person": true, "people": true, "guy": true, "guys": true, "man": true, "woman": true,
	"figure": true, "figures": true, "individual": true, "individuals": true, "folks": true}

// countryKinds ask for countries, which a passage names without calling
// them so ("Russia, the U.S. and the U.K. promised…"): a "who" question
// of them needs the countries named (see judge), not a name
// beside the word "countries".
var countryKinds = map[string]bool{"country": true, "countries": true, "nation": true, "nations": true, "states": true}

// identified reports whether a top passage names who a question asks
// about: a name the question doesn't hold within identityWindow words of
// the noun describing them, or of a synonym of it. "One senior diplomat,
// speaking anonymously…" says what the diplomat did, not who they are.
func identified(top []Hit, q Query, head string, question map[string]bool) bool {
	heads := stemAndSynonyms(q, head)
	// "whats the name of that coalition idea": a thing's name, which a
	// quoted term may give
	named := question["name"] && !slices.ContainsFunc(q.Words, func(w string) bool { return text.Stem(w) == head && text.PersonNoun(w) })
	for _, a := range q.Alt[head] {
		heads[a] = true // "vice presid" for "vp"
	}
	for _, h := range top {
		for _, sp := range text.Sentences(h.Text) {
			s := h.Text[sp.Start:sp.End]
			toks, seq := tokenStems(s)
			for i := range toks {
				if !headAt(heads, seq, i) {
					continue
				}
				if c := text.WordClasses(toks[i].Word); c != "" && !strings.ContainsRune(c, 'n') {
					continue // "Diplomatic Strategy" names no diplomat
				}
				for j := max(0, i-identityWindow); j <= min(len(toks)-1, i+identityWindow); j++ {
					// "European leaders join Ukrainian President…" names
					// nobody: a people's adjective or a title is no name
					if j != i && isNewName(s, toks[j], question) && len(text.Demonyms(toks[j].Word)) == 0 && !text.PersonNoun(toks[j].Word) {
						return true
					}
				}
				if named {
					// a thing's name in quotes near it: "Allies consider a
					// “coalition of the willing”" (not a person's: what an
					// anonymous diplomat said is no name)
					lo, hi := toks[max(0, i-identityWindow)].Start, toks[min(len(toks)-1, i+identityWindow)].End
					for _, m := range quotedRe.FindAllStringIndex(s, -1) {
						if m[0] < hi && m[1] > lo && hasNewQuoted(s[m[0]:m[1]], question) {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

// hasNewQuoted reports whether a quoted term holds a word the question
// does not.
func hasNewQuoted(quoted string, question map[string]bool) bool {
	for _, t := range text.Tokenize(quoted) {
		if !text.IsStopWord(t.Word) && !question[t.Word] {
			return true
		}
	}
	return false
}

// headAt reports whether one of heads, a stem or several in a row ("vice
// presid" for "vp"), ends at seq[i].
func headAt(heads map[string]bool, seq []string, i int) bool {
	if heads[seq[i]] {
		return true
	}
	for h := range heads {
		if run := strings.Fields(h); len(run) > 1 && i+1 >= len(run) && slices.Equal(seq[i+1-len(run):i+1], run) {
			return true
		}
	}
	return false
}

// membersRe finds a question asking which countries make up a group the
// question qualifies: "which twelve countries…", "which african
// countries…", "list the 30 countries…", "which partner nations…".
var membersRe = regexp.MustCompile(`(?i)\b(?:which|list(?:\s+the|\s+all)?|name(?:\s+the|\s+all)?|what)\s+(?:of\s+the\s+)?([\pL\d]+)\s+(?:countr(?:ies|ys|eys)|nations|states)\b`)

// groupNounRe: a sentence speaking of countries as a group.
var groupNounRe = regexp.MustCompile(`(?i)\b(countries|country|nations|nation|states|members|partners|allies)\b`)

// membersNamed reports whether a top passage has two consecutive
// sentences that hold half the question's weight, speak of countries and
// name one the question doesn't: "which twelve countries are in the three
// seas initiative" is not answered by "links twelve countries of central
// and eastern Europe", nor by another passage's "France, Germany".
func membersNamed(top []Hit, q Query, w map[string]float64, question string) bool {
	lower := strings.ToLower(question)
	// the word qualifying the group ("african", "partner") must be there
	// too, unless it says nothing ("other", "the")
	qualifier := ""
	if m := membersRe.FindStringSubmatch(question); m != nil && !text.IsStopWord(strings.ToLower(m[1])) {
		qualifier = text.Stem(text.Fold(m[1]))
	}
	if n := countOf(qualifier); n >= minListed {
		// "which thirty countries were at the summit": their names, not a
		// sentence counting them ("Thirty Western nations convened…")
		return bestWindow(top, q, w, func(h Hit, win string) (string, bool) {
			return h.Title + " " + h.Heading + " " + win, newCountries(win, lower) >= min(n, maxMembers)
		}) >= gate.typedCoverage
	}
	return bestWindow(top, q, w, func(h Hit, win string) (string, bool) {
		covering := h.Title + " " + h.Heading + " " + win
		if qualifier == "" {
			return covering, groupNounRe.MatchString(win) && newCountry(win, lower)
		}
		// the country named is one the qualifier describes: in its
		// sentence ("…with several African nations" names none; the
		// "Ukraine" of the next sentence is not one of them)
		for _, sp := range text.Sentences(win) {
			s := win[sp.Start:sp.End]
			if groupNounRe.MatchString(s) && newCountry(withoutSiblings(s, qualifier), lower) && slices.Contains(stemSeq(s), qualifier) {
				return covering, true
			}
		}
		return covering, false
	}) >= gate.typedCoverage
}

// withoutSiblings returns s without a country listed beside the group the
// question qualifies ("actors such as Turkey or the Nordic countries":
// Turkey is no Nordic country), whose stem is qualifier.
func withoutSiblings(s, qualifier string) string {
	toks := text.Tokenize(s)
	var b strings.Builder
	last := 0
	for i, t := range toks {
		j := i + 1
		if j >= len(toks) || toks[j].Word != "or" && toks[j].Word != "and" {
			continue
		}
		j++
		if j < len(toks) && toks[j].Word == "the" {
			j++
		}
		if j+1 < len(toks) && text.Stem(toks[j].Word) == qualifier && groupNounRe.MatchString(toks[j+1].Word) {
			b.WriteString(s[last:t.Start])
			last = t.End
		}
	}
	b.WriteString(s[last:])
	return b.String()
}

// newCountry reports whether s names a country the (lower-case) question
// doesn't.
func newCountries(s, question string) int {
	seen := map[string]bool{}
	for _, c := range text.Countries(s) {
		if !strings.Contains(question, strings.ToLower(c)) {
			seen[c] = true
		}
	}
	return len(seen)
}

// A question asking which n countries (n at least minListed) wants a
// passage naming n of them, or maxMembers for more.
const minListed, maxMembers = 3, 5

// countOf returns the number a folded word or its stem writes ("thirty",
// "12"), or 0.
func countOf(w string) int {
	if n, err := strconv.Atoi(w); err == nil {
		return n
	}
	return countWords[w]
}

// countWords: the stems of the numbers written in words.
var countWords = func() map[string]int {
	m := map[string]int{}
	for i, w := range strings.Fields("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty") {
		m[text.Stem(w)] = i + 1
	}
	for i, w := range strings.Fields("thirty forty fifty sixty seventy eighty ninety") {
		m[text.Stem(w)] = 30 + 10*i
	}
	return m
}()

func newCountry(s, question string) bool {
	for _, c := range text.Countries(s) {
		if !strings.Contains(question, strings.ToLower(c)) {
			return true
		}
	}
	return false
}

// originRe asks where a person is from: "what country is the senior
// diplomat from", "what nationality is the envoy", "where is zelensky
// from". The person is the first group.
var originRe = regexp.MustCompile(`(?i)\b(?:(?:what|which)\s+(?:country|nation|nationality)\s+(?:is|was|are|were)\s+(.+?)\s+from\b|what\s+nationality\s+(?:is|was|are|were)\s+(.+?)\W*$|where\s+(?:is|was|are|were)\s+(.+?)\s+from\W*$|where\s+(?:does|did|do)\s+(.+?)\s+come\s+from\b)`)

// originEndRe ends the words naming the person ("the senior diplomat in
// the paris article").
var originEndRe = regexp.MustCompile(`(?i)\s+(?:in|on|at|of|from|who|that|which|quoted|cited|mentioned)\b.*$`)

// pronouns stand for someone the message names before.
var pronouns = map[string]bool{"they": true, "he": true, "she": true, "them": true, "him": true, "her": true}

// originFound reports whether, for a question asking where a person is
// from, a sentence of a top passage says it: a country or a people's
// adjective just before the person ("Ukrainian President Volodymyr
// Zelensky"), or "from" and a country just after. "One senior diplomat,
// speaking anonymously…" names none. Other questions: true.
func originFound(question string, top []Hit) bool {
	ask := askingPart(question)
	loc := originRe.FindStringSubmatchIndex(ask)
	if loc == nil {
		return true
	}
	var asked strings.Builder // the one group of the four that matched
	for g := 1; g < len(loc)/2; g++ {
		if loc[2*g] >= 0 {
			asked.WriteString(ask[loc[2*g]:loc[2*g+1]])
		}
	}
	who := originEndRe.ReplaceAllString(strings.TrimSpace(asked.String()), "")
	if pronouns[strings.ToLower(who)] {
		// "that anonymous senior diplomat at the paris talks, what country
		// were they from": the one named before the question
		who = originEndRe.ReplaceAllString(strings.TrimSpace(strings.TrimRight(ask[:loc[0]], " ,;:-")), "")
	}
	toks := text.Tokenize(who)
	if len(toks) == 0 {
		return true
	}
	head := toks[len(toks)-1].Word
	if !text.PersonNoun(head) && !text.NameLike(text.Stem(head)) {
		return true // "where were the nukes from": a thing's origin
	}
	st := text.Stem(head)
	origin := func(w string) bool { return isCountry(w) || len(text.Demonyms(w)) > 0 }
	for _, h := range top {
		for _, sp := range text.Sentences(h.Text) {
			ts := text.Tokenize(h.Text[sp.Start:sp.End])
			for i, t := range ts {
				if text.Stem(t.Word) != st {
					continue
				}
				for j := max(0, i-3); j < i; j++ {
					if origin(ts[j].Word) {
						return true
					}
				}
				for j := i + 1; j < min(len(ts)-1, i+6); j++ {
					if ts[j].Word == "from" && origin(ts[j+1].Word) {
						return true
					}
				}
			}
		}
	}
	return false
}
