package retrieval

import (
	"slices"
	"strings"
	"sync"

	"github.com/docbot/docbot/internal/text"
)

// speller corrects question words against the index vocabulary: a word the
// index lacks, that general English does not use either, is replaced by the
// closest index term (Damerau–Levenshtein distance 1, or 2 for long words),
// the most frequent one among equally close terms. Words the background
// model of English knows are never corrected ("bake" is not a typo of
// "make"), nor are words under five letters, except clipped words ("ukr").
type speller struct {
	gen int64
	df  map[string]int
	// byFirst holds the index terms by first byte; a typo keeps its first or
	// second letter in place, so candidates come from two buckets.
	byFirst map[byte][]string

	mu   sync.Mutex
	memo map[[2]string]correction // correct's answers, by word and stem
}

// correction is one answer of speller.correct.
type correction struct {
	fix, word string
	ok        bool
}

// maxCorrections bounds a speller's memo; past it, it starts over.
const maxCorrections = 10_000

func newSpeller(v Vocabulary) *speller {
	sp := &speller{gen: v.Generation, df: v.DF, byFirst: map[byte][]string{}}
	for t, n := range v.DF {
		if n > 0 && len(t) >= 3 && isLetters(t) {
			sp.byFirst[t[0]] = append(sp.byFirst[t[0]], t)
		}
	}
	// in a fixed order: a tie between terms as close and as frequent
	// goes the same way every time, whatever order the map gave them in
	for _, terms := range sp.byFirst {
		slices.Sort(terms)
	}
	return sp
}

// correct returns the index stem to search for a question word the index
// lacks, and a word that FTS5 stems to it; ok is false when there is none.
// The answer depends only on the generation's vocabulary, so each word's
// is remembered: scanning the vocabulary is the dear part.
func (sp *speller) correct(word, stem string) (fix, fixWord string, ok bool) {
	key := [2]string{word, stem}
	sp.mu.Lock()
	c, seen := sp.memo[key]
	sp.mu.Unlock()
	if seen {
		return c.fix, c.word, c.ok
	}
	c.fix, c.word, c.ok = sp.find(word, stem)
	sp.mu.Lock()
	if sp.memo == nil || len(sp.memo) >= maxCorrections {
		sp.memo = map[[2]string]correction{}
	}
	sp.memo[key] = c
	sp.mu.Unlock()
	return c.fix, c.word, c.ok
}

// english returns englishFix(word), remembered like correct's answers
// (its candidate edits cost as much as scanning the vocabulary).
func (sp *speller) english(word string) (string, bool) {
	key := [2]string{word, "\x00english"}
	sp.mu.Lock()
	c, seen := sp.memo[key]
	sp.mu.Unlock()
	if seen {
		return c.word, c.ok
	}
	c.word, c.ok = englishFix(word)
	sp.mu.Lock()
	if sp.memo == nil || len(sp.memo) >= maxCorrections {
		sp.memo = map[[2]string]correction{}
	}
	sp.memo[key] = c
	sp.mu.Unlock()
	return c.word, c.ok
}

// find is correct without the memo.
func (sp *speller) find(word, stem string) (fix, fixWord string, ok bool) {
	if !isLetters(word) || settled(word, stem) {
		return "", "", false
	}
	fix, fixWord, ok = sp.findSlip(word, stem)
	if ok && text.KnownWord(stem) && !(osaDistance(word, fixWord, 1) <= 1 && (len(word) != len(fixWord) || swapped(word, fixWord))) {
		// a rare word general English has ("cohen", "brock") is read only
		// as a letter dropped, added or two swapped ("cort": court), not
		// as a letter changed ("coherent", "blocked"): names differ so
		return "", "", false
	}
	return fix, fixWord, ok
}

// findSlip is find's search, for a word that may be a slip.
func (sp *speller) findSlip(word, stem string) (fix, fixWord string, ok bool) {
	// A dropped g ("meetin", "talkin") is chat spelling, not a typo.
	if len(word) >= 5 && strings.HasSuffix(word, "in") {
		if st := text.Stem(word + "g"); sp.df[st] > 0 {
			return st, word + "g", true
		}
	}
	if len(word) < 5 { // one edit turns most short words into another word
		if fix, w, ok := sp.expand(word); ok {
			return fix, w, true
		}
		return sp.shortName(word)
	}
	if len(word) == 5 {
		// a clipped word ("intel") before a one-letter typo ("inter")
		if fix, w, ok := sp.expand(word); ok {
			return fix, w, true
		}
	}
	maxDist := 1
	// two edits from eight letters, and from six for a word neither the
	// background model nor WordNet knows in any form ("crinia", "sattse";
	// not "router", which reiterated is two edits from)
	if len(word) >= 8 || len(word) >= 6 && text.WordClasses(word) == "" && !text.EnglishWord(stem) {
		maxDist = 2
	}
	// among terms as close, the one more passages use; a slip of the
	// finger (a neighbouring key, two letters swapped) counts as if twice
	// as many did: "pavts" is "pacts" before "past", "paros" "Paris"
	// before "pros"
	// and among those, the one closer to the word as typed: the stem of a
	// typo is no stem ("succes" stems to "succ", one letter from "such",
	// while the word is one letter from "success")
	best, bestDist, bestWord, bestScore := "", maxDist+1, 0, 0
	seen := map[string]bool{}
	for _, b := range []byte{word[0], word[1]} {
		for _, t := range sp.byFirst[b] {
			if seen[t] || abs(len(t)-len(stem)) > maxDist+1 {
				continue
			}
			seen[t] = true
			d := min(osaDistance(stem, t, maxDist), osaDistance(word, t, maxDist))
			if d > maxDist {
				continue
			}
			score := sp.df[t]
			if fingerSlip(stem, t) || fingerSlip(word, t) {
				score *= 2
			}
			wd := wordDistance(word, t, maxDist+2)
			if d < bestDist || d == bestDist && (wd < bestWord || wd == bestWord && score > bestScore) {
				best, bestDist, bestWord, bestScore = t, d, wd, score
			}
		}
	}
	if bestDist == 1 && !likelySlip(word, stem, best) {
		// a letter changed for one not next to it on the keyboard ("swaped"
		// as "shape") is a less likely slip than a letter of a double not
		// typed ("swapped"): general English's word is searched instead,
		// when WordNet knows it in that form (not "worthe" for "worte")
		if w, ok := sp.english(word); ok && !stopStems()[text.Stem(w)] && text.WordClasses(w) != "" {
			return "", "", false
		}
	}
	if best == "" || bestDist == 2 {
		// fewer edits first: a word one edit from the typo, whose stem the
		// index holds ("prisners": prisoners) or that general English uses
		// ("senaet": senate, which the articles never mention), is likelier
		// than an index term two edits away ("prosper", "sensit")
		if fix, w, ok := sp.editStem(word); ok && (best == "" || !stopStems()[fix] && text.EnglishWord(fix)) {
			// (a made-up word whose stem is a stop word's is no reading:
			// "iniative" is not "inative", read "in")
			return fix, w, true
		}
		if best != "" && sp.otherName(word) {
			// one slip from a name the articles never use ("ploand":
			// Poland) is that name, not an index term two edits away
			// ("plan")
			return "", "", false
		}
		if best != "" {
			// not a made-up form of a stop word ("iniative" is not
			// "inative", which stems to "in")
			if w, ok := sp.english(word); ok && (!stopStems()[text.Stem(w)] || len(w) >= 6 && text.IsStopWord(w)) {
				return "", "", false // the caller searches the English word ("anyrhing": anything, a stop word)
			}
		}
	}
	if best == "" {
		if fix, w, ok := sp.expand(word); ok {
			return fix, w, true
		}
		return sp.dropped(word)
	}
	if w, ok := surfaceLike(word, stem, best); ok {
		return best, w, true
	}
	return "", "", false
}

// surfaceLike returns a word the stemmer turns into fix, with the ending
// the typo has where that keeps the stem: "negociations" is read as
// "negotiations", which news calls talks, not as "negotiate".
func surfaceLike(word, stem, fix string) (string, bool) {
	if end, ok := strings.CutPrefix(word, stem); ok && end != "" && text.Stem(fix+end) == fix {
		return fix + end, true
	}
	return surface(fix)
}

// minVariantLen: names shorter than this are one letter from too many
// other names to be told variants of one.
const minVariantLen = 6

// variantEndings are the endings transliterations of one name differ by
// ("Zelensky", "Zelenskyy", "Zelenskiy"; "Dmitry", "Dmitri"), as the
// stemmer leaves them.
var variantEndings = []string{"", "i", "y", "yi", "ii", "iy", "yy"}

// variants returns the other spellings the index holds of a name it holds
// too, which general English doesn't know: the index terms that differ
// from its stem only in a transliteration's ending. Each is returned as a
// word FTS5 stems to it. (Any term one edit away was too many: "Petersen"
// is not "Peterson", "printf" not "sprintf".)
func (sp *speller) variants(word, stem string) []string {
	if len(stem) < minVariantLen || !isLetters(word) || text.EnglishWord(stem) {
		return nil
	}
	base := strings.TrimRight(stem, "iy")
	var out []string
	for _, end := range variantEndings {
		t := base + end
		if t == stem || sp.df[t] == 0 || len(t) < minVariantLen || text.EnglishWord(t) {
			continue
		}
		if w, ok := surface(t); ok {
			out = append(out, w)
		}
	}
	return out
}

// editStem corrects a typo in a word's ending, which comparing stems
// misses because the stemmer cannot strip a misspelt suffix
// ("investigatign", "presidnet"): of the words one edit from word, the one
// whose stem the index holds most often. It returns that stem and word.
func (sp *speller) editStem(word string) (stem, fixed string, ok bool) {
	// A word under six letters is one edit from too many others; from six
	// ("americ", "securty") a dropped or swapped letter is told apart
	// (measured: two right answers more on s8-qa, nothing lost).
	if len(word) < 6 {
		return "", "", false
	}
	bestDF := 0
	try := func(w string) {
		if st := text.Stem(w); sp.df[st] > bestDF {
			stem, fixed, bestDF = st, w, sp.df[st]
		}
	}
	b := []byte(word)
	for i := range b { // deletions
		try(word[:i] + word[i+1:])
	}
	for i := 0; i+1 < len(b); i++ { // transpositions
		b[i], b[i+1] = b[i+1], b[i]
		try(string(b))
		b[i], b[i+1] = b[i+1], b[i]
	}
	for i := 0; i <= len(word); i++ { // insertions and substitutions
		for c := byte('a'); c <= 'z'; c++ {
			try(word[:i] + string(c) + word[i:])
			if i < len(word) && word[i] != c {
				try(word[:i] + string(c) + word[i+1:])
			}
		}
	}
	return stem, fixed, bestDF > 0
}

// dropped reads a word typed without two of its letters, vowels most often
// ("suprt": support, "ukrne": Ukraine), as the index word it is left of:
// the same first and last letters, the rest in order, two letters
// missing; the one word the articles use most, at least twice as often as
// any other such word.
func (sp *speller) dropped(word string) (string, string, bool) {
	if len(word) < 4 {
		return "", "", false
	}
	best, bestDF, second := "", 0, 0
	for _, t := range sp.byFirst[word[0]] {
		for _, form := range []string{t, t + "e"} {
			if len(form) != len(word)+2 || form[len(form)-1] != word[len(word)-1] || !subsequence(word, form) || text.Stem(form) != t {
				continue
			}
			if n := sp.df[t]; n > bestDF {
				best, bestDF, second = form, n, bestDF
			} else if n > second {
				second = n
			}
			break
		}
	}
	if best == "" || bestDF < 2 || bestDF < 2*second {
		return "", "", false
	}
	return text.Stem(best), best, true
}

// subsequence reports whether the letters of a occur in b in order.
func subsequence(a, b string) bool {
	i := 0
	for j := 0; j < len(b) && i < len(a); j++ {
		if a[i] == b[j] {
			i++
		}
	}
	return i == len(a)
}

// minShortFixDF: a four-letter typo is corrected only to a word this many
// passages use, a subject of the articles.
const minShortFixDF = 3

// shortName corrects a four-letter word general English doesn't know to
// the word the articles use most that is one letter longer, shorter or
// swapped ("trup" → "Trump", "nato" typed "nado" is left alone): a short
// word is one substitution from too many words, not one dropped letter.
func (sp *speller) shortName(word string) (string, string, bool) {
	if len(word) != 4 || settled(word, text.Stem(word)) {
		return "", "", false
	}
	best, n := "", 0
	for _, b := range []byte{word[0], word[1]} {
		for _, t := range sp.byFirst[b] {
			if abs(len(t)-len(word)) > 1 || t == best {
				continue
			}
			// a letter dropped, doubled or swapped: no substitution
			if len(t) == len(word) && swapped(word, t) || len(t) != len(word) && osaDistance(word, yForm(t), 1) <= 1 {
				n++
				if sp.df[t] > sp.df[best] {
					best = t
				}
			}
		}
	}
	// a rarer term only when it is the one such term ("ptin": Putin,
	// whom two passages name)
	if best == "" || sp.df[best] < minShortFixDF && n > 1 {
		return "", "", false
	}
	if w, ok := surface(best); ok {
		return best, w, true
	}
	return "", "", false
}

// yForm is the word a stem ending in i stands for when the stemmer made
// its final y an i ("kei" is "key": "keir" is two letters from it, not
// one), or the stem itself.
func yForm(stem string) string {
	if n := len(stem); n > 1 && stem[n-1] == 'i' {
		if w := stem[:n-1] + "y"; text.Stem(w) == stem {
			return w
		}
	}
	return stem
}

// otherName reports whether a word is one slip (two letters swapped, one
// dropped or added, a neighbouring key) from a name general English knows
// and WordNet lists that the index lacks ("ploand": Poland, "senaet":
// Senate).
func (sp *speller) otherName(word string) bool {
	found := false
	eachSlip(word, false, func(c string) {
		// a name WordNet lists as a word ("poland"), not a made-up word
		// whose stem is a name's ("abelity", read "abel")
		if st := text.Stem(c); !found && sp.df[st] == 0 && text.NameLike(st) && text.KnownWord(st) && text.WordClasses(c) != "" {
			found = true
		}
	})
	return found
}

// settled reports whether a word is one of general English, never read
// as an index term it is a slip from: one the background model uses often
// enough, or rarely but WordNet knows ("pope", not a slip of "hope"). A
// rare word WordNet lacks ("cort", a surname in three background
// documents) is more often a slip ("court"). An irregular verb's past
// is a word too.
func settled(word, stem string) bool {
	if text.IrregularBase(stem) != "" {
		return true // "forgot" is no slip of "forgo"
	}
	return text.KnownWord(stem) && (text.CommonWord(stem) || text.WordClasses(word) != "")
}

// expand reads a clipped word ("ukr", "govt") as the index term it begins,
// when one term with that beginning is much more frequent than the others.
func (sp *speller) expand(word string) (string, string, bool) {
	if len(word) < 3 || len(word) > 5 || settled(word, text.Stem(word)) {
		return "", "", false
	}
	first, second := "", 0
	for _, t := range sp.byFirst[word[0]] {
		if len(t) > len(word) && strings.HasPrefix(t, word) {
			if n := sp.df[t]; n > sp.df[first] {
				first, second = t, sp.df[first]
			} else if n > second {
				second = n
			}
		}
	}
	if first == "" || sp.df[first] < 2*second+2 {
		return "", "", false
	}
	if w, ok := surface(first); ok {
		return first, w, true
	}
	return "", "", false
}

// doubledName reads a word with a doubled letter before a dropped g'
// "in" ("puttin") as the name the index holds with the letter once
// ("Putin"); only where a verb's -ing form cannot stand (see respell).
func (sp *speller) doubledName(word string) (string, bool) {
	n := len(word)
	if n < 5 || !strings.HasSuffix(word, "in") || word[n-3] != word[n-4] {
		return "", false
	}
	name := word[:n-3] + "in"
	st := text.Stem(name)
	return name, sp.df[st] > 0 && text.NameLike(st)
}

// afterAuxiliary reports whether word follows an auxiliary verb in the
// question ("does puttin want"), where it is the subject, not an -ing form.
func afterAuxiliary(question, word string) bool {
	toks := text.Tokenize(question)
	for i := 1; i < len(toks); i++ {
		if toks[i].Word == word && auxiliaries[toks[i-1].Word] && strings.TrimSpace(question[toks[i-1].End:toks[i].Start]) == "" {
			return true
		}
	}
	return false
}

// auxiliaries are the verbs after which an -ing form cannot stand.
var auxiliaries = map[string]bool{"do": true, "does": true, "did": true, "will": true, "would": true, "can": true, "could": true,
	"should": true, "may": true, "might": true, "must": true, "dont": true, "doesnt": true, "didnt": true, "wont": true,
	"wouldnt": true, "cant": true, "couldnt": true, "shouldnt": true}

// minSplitPart is the shortest part a run-together word is split into.
const minSplitPart = 3

// split reads a word the index lacks as two words typed without the space
// between them ("airsupport", "groundtroops"): each part a word of general
// English that the index holds, neither a stop word. Of several splits,
// the one whose rarer part the index holds most often wins. It returns the
// two words joined by a space.
func (sp *speller) split(word string) (string, bool) {
	if len(word) < 2*minSplitPart || !isLetters(word) || text.KnownWord(text.Stem(word)) {
		return "", false
	}
	best, bestDF := "", 0
	for i := minSplitPart; i <= len(word)-minSplitPart; i++ {
		a, b := word[:i], word[i:]
		if text.IsStopWord(a) || text.IsStopWord(b) || !text.EnglishWord(text.Stem(a)) || !text.EnglishWord(text.Stem(b)) {
			continue
		}
		if n := min(sp.df[text.Stem(a)], sp.df[text.Stem(b)]); n > bestDF {
			best, bestDF = a+" "+b, n
		}
	}
	return best, best != ""
}

// wordDistance is the distance from a word as typed to the closest word
// the index term stem stands for ("bidning" is one swap from "binding",
// whose stem "bind" is three edits away), at most max+1.
func wordDistance(word, stem string, max int) int {
	d := osaDistance(word, stem, max)
	if stopStems()[stem] {
		return d // a stop word has no other forms ("such", not "suches")
	}
	ends := surfaceEndings
	if !text.EnglishWord(stem) || text.NameLike(stem) {
		ends = ends[:3] // a name has a plural, not "bidening"
	}
	for _, end := range ends {
		// a real word of that stem ("binding"), not a made-up one
		// ("givenment", "invasment")
		if w := stem + end; end != "" && abs(len(w)-len(word)) <= max && text.Stem(w) == stem && (text.WordClasses(w) != "" || text.NameLike(stem)) {
			d = min(d, osaDistance(word, w, max))
		}
	}
	if w := yForm(stem); w != stem { // "deploi" is "deploy"
		d = min(d, osaDistance(word, w, max))
	}
	return d
}

// surfaceEndings are the endings that make words of a stem; surface tries
// the first surfaceCommon, wordDistance all of them.
var surfaceEndings = []string{"", "e", "s", "y", "ed", "ing", "ion", "es", "er", "ers", "ment", "ments", "al", "ly", "ation", "ity", "ive", "ance", "ence"}

const surfaceCommon = 7

// surface returns a word that the porter stemmer turns into stem: FTS5
// stems every query word, so the MATCH must carry a word, not a stem.
func surface(stem string) (string, bool) {
	var cands []string
	for _, end := range surfaceEndings[:surfaceCommon] {
		cands = append(cands, stem+end)
	}
	if strings.HasSuffix(stem, "i") {
		cands = append(cands, stem[:len(stem)-1]+"y", stem[:len(stem)-1]+"ies")
	}
	for _, w := range cands {
		if text.Stem(w) == stem {
			return w, true
		}
	}
	return "", false
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// osaDistance is the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and adjacent transpositions), or
// max+1 when it exceeds max.
func osaDistance(a, b string, max int) int {
	if abs(len(a)-len(b)) > max {
		return max + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if prev[len(b)] > max {
		return max + 1
	}
	return prev[len(b)]
}

// spellers keeps one speller per index generation.
type spellers struct {
	mu sync.Mutex
	sp *speller
}

func (c *spellers) get(v Vocabulary) *speller {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sp == nil || c.sp.gen != v.Generation {
		c.sp = newSpeller(v)
	}
	return c.sp
}

// nearStopWord returns the stop word w, a word the index lacks, is a typo
// of: one edit from a stop word of five letters or more
// ("acording", "questin"), or, for a shorter word, two letters swapped
// ("wiht", "taht"), one left out of a longer stop word ("wich", "wht") or
// one doubled ("whoo"):
// a typo of a word that says nothing, not a subject. A word of general
// English is none ("weather" is not "whether", "bout" is not "about").
func nearStopWord(w string) (string, bool) {
	if len(w) < 3 || !isLetters(w) || text.KnownWord(text.Stem(w)) && (len(w) < 5 || text.WordClasses(w) != "") {
		// (a longer slip whose stem general English knows, as no word
		// WordNet has, is still one: "acutally", stemmed "acut" as "acute")
		return "", false
	}
	if len(w) < 5 {
		if text.WordClasses(w) != "" {
			return "", false // a short word WordNet knows ("lao", "wren", "inn") is no typo
		}
		for _, sw := range text.StopWords() {
			switch {
			case len(sw) == len(w) && len(sw) >= 3 && swapped(w, sw),
				len(sw) == len(w)+1 && len(sw) >= 4 && osaDistance(w, sw, 1) <= 1:
				return sw, true
			}
		}
		for i := 1; i < len(w); i++ { // a doubled letter: "whoo", "whyy"
			if w[i] == w[i-1] && text.IsStopWord(w[:i]+w[i+1:]) {
				return w[:i] + w[i+1:], true
			}
		}
		return "", false
	}
	for _, sw := range longStopWords() {
		if abs(len(sw)-len(w)) <= 1 && osaDistance(w, sw, 1) <= 1 {
			return sw, true
		}
	}
	return "", false
}

// typoOfCommon reports whether w, a word general English doesn't know, is
// a common word typed with two letters swapped ("statoined") or a double
// letter typed once or a single one twice ("anex", "proffessor"): a typo, not
// a name the articles lack. Edits that make a name of a word ("starmer",
// one letter from "starter") are not among them.
func typoOfCommon(w string) bool {
	if len(w) < 4 || !isLetters(w) || text.KnownWord(text.Stem(w)) {
		return false
	}
	common := func(c string) bool { st := text.Stem(c); return text.CommonWord(st) && !text.NameLike(st) }
	b := []byte(w)
	for i := 0; i+1 < len(b); i++ {
		if b[i] == b[i+1] {
			if common(w[:i] + w[i+1:]) {
				return true // "proffessor"
			}
			continue
		}
		b[i], b[i+1] = b[i+1], b[i]
		ok := common(string(b))
		b[i], b[i+1] = b[i+1], b[i]
		if ok {
			return true // "statoined"
		}
	}
	for i := 1; i < len(w); i++ {
		if c := w[i-1]; !strings.ContainsRune("aeiou", rune(c)) && w[i] != c && common(w[:i]+string(c)+w[i:]) {
			return true // "anex"
		}
	}
	return false
}

// swapped reports whether a is b with two adjacent letters swapped.
func swapped(a, b string) bool {
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
}

var longStopWords = sync.OnceValue(func() []string {
	var out []string
	for _, w := range text.StopWords() {
		if len(w) >= 5 && !placePrepositions[w] {
			out = append(out, w)
		}
	}
	return out
})

// placePrepositions say nothing in a question ("push toward peace",
// "across the articles"), but a word a slip from one is likelier a word
// that does ("foward": forward, not toward).
var placePrepositions = map[string]bool{"toward": true, "towards": true, "among": true, "amongst": true, "across": true, "around": true, "along": true}

// stopStems are the stems of the stop words: a respelling to one of them
// ("artcle" → "articl") says nothing.
var stopStems = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range text.StopWords() {
		m[text.Stem(w)] = true
	}
	return m
})

// keyboardNeighbours holds, for each letter, the letters next to it on a
// QWERTY keyboard: the letters a slip of the finger types instead.
var keyboardNeighbours = func() map[byte]string {
	rows := []string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}
	m := map[byte]string{}
	for r, row := range rows {
		for i := 0; i < len(row); i++ {
			var n []byte
			if i > 0 {
				n = append(n, row[i-1])
			}
			if i+1 < len(row) {
				n = append(n, row[i+1])
			}
			// the keys above and below, shifted half a key
			for _, o := range []int{r - 1, r + 1} {
				if o < 0 || o >= len(rows) {
					continue
				}
				for _, j := range []int{i, i + 1, i - 1} {
					if o < r && j == i-1 || o > r && j == i+1 || j < 0 || j >= len(rows[o]) {
						continue
					}
					n = append(n, rows[o][j])
				}
			}
			m[row[i]] = string(n)
		}
	}
	return m
}()

// minEnglishFix: words shorter than this are one slip from too many
// others to be corrected against general English.
const minEnglishFix = 5

// englishFix returns the common English word a question word the index
// lacks, and general English too, is a typing slip of: a letter dropped
// ("sldiers"), doubled or added, two swapped, or one hit next to on the
// keyboard ("soldoers"); the most common such word. The articles may say
// it with other words (see bridge), and it is weighed as the everyday
// word it is, not as a name the articles never mention. A name one slip
// from a word ("orban", "urban") is left alone: o and u are not
// neighbours, and a name is seldom a slip of a common word.
func englishFix(w string) (string, bool) {
	if len(w) < 4 || !isLetters(w) || text.KnownWord(text.Stem(w)) || text.IrregularBase(text.Stem(w)) != "" { // "forgot" is no slip of "forgo"
		return "", false
	}
	short := len(w) < minEnglishFix // only a dropped letter or two swapped: "frce", "vage"
	best, bestSpec := "", 2.0
	eachSlip(w, short, func(c string) {
		st := text.Stem(c)
		// a letter of a double not typed ("swaped": swapped) is the
		// commonest slip: any word WordNet knows will do
		if len(c) < 4 || !text.CommonWord(st) && !(doubled(w, c) && text.EnglishWord(st) && text.WordClasses(c) != "") {
			return
		}
		if text.NameLike(st) && (len(w) < minNameFix || !fingerSlip(w, c)) {
			// a name general English has is a fix only of a key hit next
			// to the right one or two letters swapped ("kremlim")
			return
		}
		if sp := text.Specificity(st); sp < bestSpec {
			best, bestSpec = c, sp
		}
	})
	return best, best != ""
}

// doubled reports whether c is w with one letter of a double typed once
// ("swaped", "swapped").
func doubled(w, c string) bool {
	if len(c) != len(w)+1 {
		return false
	}
	for i := 1; i < len(c); i++ {
		if c[i] == c[i-1] && c[:i]+c[i+1:] == w {
			return true
		}
	}
	return false
}

// minNameFix is the shortest word englishFix reads as a name.
const minNameFix = 6

// eachSlip calls try with every word w may be a slip of, its first letter
// kept: two letters swapped, a letter dropped and, unless short, a letter
// added or a neighbouring key hit.
func eachSlip(w string, short bool, try func(string)) {
	for i := 1; i < len(w); i++ {
		if i+1 < len(w) {
			try(w[:i] + w[i+1:i+2] + w[i:i+1] + w[i+2:]) // two swapped
		}
		if !short {
			try(w[:i] + w[i+1:]) // an added letter
			for _, c := range []byte(keyboardNeighbours[w[i]]) {
				try(w[:i] + string(c) + w[i+1:]) // a neighbour's key
			}
		}
		for c := byte('a'); c <= 'z'; c++ {
			try(w[:i] + string(c) + w[i:]) // a dropped letter
		}
	}
}

// likelySlip reports whether the word (or its stem) is the index term t
// with a letter dropped or added, or a finger slip (see fingerSlip): not
// with a letter changed for one far from it on the keyboard.
func likelySlip(word, stem, t string) bool {
	return len(stem) != len(t) && osaDistance(stem, t, 1) <= 1 || len(word) != len(t) && osaDistance(word, t, 1) <= 1 ||
		len(stem) == len(t) && swapped(stem, t) || len(word) == len(t) && swapped(word, t) || fingerSlip(stem, t) || fingerSlip(word, t)
}

// fingerSlip reports whether a is b with one key hit next to the right
// one, or two neighbouring letters swapped.
func fingerSlip(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if i == len(a) {
		return false
	}
	if a[i+1:] == b[i+1:] {
		return strings.IndexByte(keyboardNeighbours[b[i]], a[i]) >= 0
	}
	return swapped(a, b)
}
