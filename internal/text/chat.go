package text

import (
	"slices"
	"strings"
)

// chatSpellings are the shorthands people type in chat for ordinary words
// ("ppl", "govt", "cud"): read as the word, they are searched for, weighed
// and classified like it ("hw much" asks how much). Shorthands for filler
// ("tbh", "lol") are stop words instead.
var chatSpellings = map[string]string{
	"hw": "how", "hws": "how", "wen": "when", "whn": "when", "whr": "where", "wer": "where", "wher": "where",
	"cud": "could", "cld": "could", "wud": "would", "wld": "would", "shud": "should", "shld": "should",
	"acc": "according", "accdg": "according", "thru": "through", "b4": "before", "bout": "about",
	"ppl": "people", "ppls": "people", "peeps": "people", "govt": "government", "gov": "government", "gvt": "government",
	"govts": "governments", "prez": "president", "pres": "president", "convo": "conversation", "convos": "conversations",
	"info": "information", "intl": "international", "natl": "national", "dept": "department", "yr": "year",
	"yrs": "years", "diff": "difference", "prob": "probably", "prolly": "probably", "rly": "really",
	"srsly": "seriously", "tmrw": "tomorrow", "2day": "today", "gd": "good", "gr8": "great", "bcuz": "because",
	"becuz": "because", "bcoz": "because", "altho": "although", "bn": "been", "msg": "message", "pic": "picture",
	"bil": "billion", "approx": "approximately", "nite": "night", "nukes": "nuclear", "nuke": "nuclear", "tonite": "tonight", "enuf": "enough",
	"sum1": "someone", "every1": "everyone", "any1": "anyone", "og": "original", "thot": "thought", "tmr": "tomorrow", "anon": "anonymous",
	"fone": "phone", "fones": "phones", "foto": "photo", "fotos": "photos", "giv": "give", "els": "else",
	"jan": "january", "feb": "february", "apr": "april", "aug": "august", "sept": "september",
	"oct": "october", "nov": "november", "dec": "december",
	// ordinals in figures: "the 3rd option" is the article's "third"
	"1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth", "6th": "sixth",
	"7th": "seventh", "8th": "eighth", "9th": "ninth", "10th": "tenth",
}

// Unchat returns the word a chat shorthand stands for ("ppl" → "people"),
// or w itself.
func Unchat(w string) string {
	if full, ok := chatSpellings[w]; ok {
		return full
	}
	return w
}

// questionShorthands are the chat spellings of question words, and of a
// question word run into "is" ("whens the ceasefire").
var questionShorthands = func() map[string]string {
	m := map[string]string{"wat": "what", "wut": "what", "wot": "what", "wht": "what",
		"whens": "when is", "wheres": "where is", "whys": "why is", "wats": "what is"} // not "whos": as often "whose"
	for _, w := range []string{"hw", "hws", "wen", "whn", "whr", "wer", "wher"} {
		m[w] = chatSpellings[w] // chat's spellings of question words
	}
	return m
}()

// UnchatText returns s with its shorthand question words written out, for
// reading what a question asks ("hw much…" asks how much).
func UnchatText(s string) string {
	return replaceWords(s, func(w string) (string, bool) {
		full, ok := questionShorthands[w]
		return full, ok
	})
}

// replaceWords returns s with each word (folded) that fn gives another
// for replaced by it, the rest of s as it was; s itself when fn replaces
// none.
func replaceWords(s string, fn func(word string) (string, bool)) string {
	var b strings.Builder
	last := 0
	for _, t := range Tokenize(s) {
		if w, ok := fn(t.Word); ok {
			b.WriteString(s[last:t.Start])
			b.WriteString(w)
			last = t.End
		}
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// Unstretch returns s with the words chat stretches for emphasis written
// plainly: "lmaooo" → "lmao", "sooo" → "so", "whyyy" → "why", "gooood" →
// "good". Each run of three or more of one letter becomes one letter or
// two, whichever makes a stop word or chat shorthand, else the commoner
// word of general English; a word neither reading makes ("brrr"), or that
// is nothing but the run ("AAA", "www"), is left as typed.
func Unstretch(s string) string {
	if !hasStretch(s) {
		return s
	}
	return replaceWords(s, func(w string) (string, bool) {
		if !hasStretch(w) {
			return "", false
		}
		plain := unstretchWord(w)
		return plain, plain != ""
	})
}

// hasStretch reports whether s has three of one ASCII letter in a row.
func hasStretch(s string) bool {
	for i := 2; i < len(s); i++ {
		if c := s[i] | 0x20; c >= 'a' && c <= 'z' && s[i-1]|0x20 == c && s[i-2]|0x20 == c {
			return true
		}
	}
	return false
}

// unstretchWord returns the plain reading of a folded stretched word (see
// Unstretch), or "".
func unstretchWord(w string) string {
	short, long := collapseRuns(w, 1), collapseRuns(w, 2)
	if len(short) == 1 {
		return "" // only the run: "aaa", "www"
	}
	for _, c := range []string{short, long} {
		if IsStopWord(c) || chatSpellings[c] != "" || questionShorthands[c] != "" || chatClosers[c] {
			return c
		}
	}
	best, bestDF := "", -1
	m, _ := background()
	for _, c := range []string{short, long} {
		if st := Stem(c); len(c) > 2 && KnownWord(st) && int(m[st].df) > bestDF { // not "br" (bromine) for "brrr"
			best, bestDF = c, int(m[st].df)
		}
	}
	return best
}

// collapseRuns returns w with each run of three or more of one letter cut
// to n letters.
func collapseRuns(w string, n int) string {
	var b strings.Builder
	for i := 0; i < len(w); {
		j := i
		for j < len(w) && w[j] == w[i] {
			j++
		}
		k := j - i
		if k >= 3 {
			k = n
		}
		b.WriteString(w[i : i+k])
		i = j
	}
	return b.String()
}

// spellingPairs are the British and American endings of one word
// ("defence", "defense"), longest first.
var spellingPairs = [][2]string{
	{"isation", "ization"}, {"isations", "izations"}, {"ising", "izing"}, {"ised", "ized"}, {"ises", "izes"}, {"ise", "ize"},
	{"yse", "yze"}, {"ysed", "yzed"}, {"ysing", "yzing"},
	{"ence", "ense"}, {"ences", "enses"},
	{"our", "or"}, {"ours", "ors"}, {"oured", "ored"}, {"ouring", "oring"}, {"ourable", "orable"}, {"ourite", "orite"},
	{"tre", "ter"}, {"tres", "ters"},
	{"ogue", "og"}, {"ogues", "ogs"},
	{"elled", "eled"}, {"elling", "eling"},
}

// SpellingVariant returns the other spelling of a folded word written the
// British or the American way ("defence" → "defense", "organize" →
// "organise", "colour" → "color"), or "" when its ending has none or the
// other spelling is no word general English knows ("error" → "errour").
// Words too short to carry such an ending ("four", "rise", "tree") have
// none.
func SpellingVariant(w string) string {
	best, alt := "", ""
	for _, p := range spellingPairs {
		for k := 0; k < 2; k++ {
			from, to := p[k], p[1-k]
			if len(from) > len(best) && strings.HasSuffix(w, from) && len(w)-len(from) >= 3 {
				best, alt = from, w[:len(w)-len(from)]+to
			}
		}
	}
	if alt != "" && !KnownWord(Stem(alt)) {
		return "" // "errour", "lettre": no word of general English
	}
	return alt
}

// CompassAdjective returns the adjective of a compass point ("west" →
// "western"), which WordNet links to it as its attribute and the stemmer
// keeps apart: a question asks how "the west" responded, the article
// says "Western powers imposed…". Not the other way: "western" is the
// articles' own word, and "west" found passages on other things (dev:
// one right answer fewer).
func CompassAdjective(w string) string {
	switch w {
	case "west", "east", "north", "south":
		return w + "ern"
	}
	return ""
}

// Comparatives returns the comparative and superlative WordNet knows for
// a folded adjective ("few" → "fewer", "fewest"; "big" → "bigger",
// "biggest"): a question asks about "a few thousand troops", an article
// says "fewer than 5,000", and the stemmer keeps them apart.
func Comparatives(w string) []string {
	if len(w) < 3 || !strings.Contains(WordClasses(w), "a") {
		return nil
	}
	stem := w
	switch {
	case strings.HasSuffix(w, "y"):
		stem = w[:len(w)-1] + "i"
	case strings.HasSuffix(w, "e"):
		stem = w[:len(w)-1]
	}
	var out []string
	for _, end := range []string{"er", "est"} {
		for _, c := range []string{stem + end, w + w[len(w)-1:] + end} {
			if c != w && strings.Contains(lemmas()[c], "a") && !slices.Contains(out, c) {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// chatOpeners are the words chat puts before a question that say nothing
// about it ("wait whats the plan", "idk but did merz agree"), chatClosers
// those it puts after ("…fr", "…smh"); not "rn", which is a time, nor a
// closing "like", "so" or "and", which belong to the question ("what is
// paris like").
var (
	chatOpeners = wordSet(`yo wait ok okay so like idk but ngl tbh lol lmao lmfao bruh hey hi hello pls plz please btw
		honestly anyway anyways um uh hmm also and omg tbf ofc nvm icl bro bruv dude fam lowkey highkey srsly deadass`)
	chatClosers = wordSet(`ngl tbh lol lmao lmfao bruh fr smh thx thanks ty pls plz please btw lmk omg jk tho though`)
)

// quickQ reports whether toks open with "quick q" or "quick question".
func quickQ(toks []Token) bool {
	return len(toks) > 1 && toks[0].Word == "quick" && (toks[1].Word == "q" || toks[1].Word == "question")
}

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// TrimChat returns s without the chat filler at its start and end ("wait
// whats the plan for the kremlins cash fr?" → "whats the plan for the
// kremlins cash?"), and s itself when nothing would be left. A question
// mark, and a closing quote or bracket, after the last word stay.
func TrimChat(s string) string {
	toks := Tokenize(s)
	i, j := 0, len(toks)
	for i < j && (chatOpeners[toks[i].Word] || quickQ(toks[i:j])) {
		if quickQ(toks[i:j]) {
			i++ // "quick q - …": both words
		}
		i++
	}
	for j > i && chatClosers[toks[j-1].Word] {
		j--
	}
	if i == j || i == 0 && j == len(toks) {
		return s
	}
	start, end := 0, len(s)
	if i > 0 {
		start = toks[i].Start
	}
	if j < len(toks) {
		end = toks[j-1].End
		for end < len(s) && strings.ContainsRune("”’\"')", rune(s[end])) {
			end++
		}
		for _, r := range []string{"”", "’"} { // multi-byte closing quotes
			if strings.HasPrefix(s[end:], r) {
				end += len(r)
			}
		}
		if strings.Contains(s[toks[j-1].End:], "?") {
			return s[start:end] + "?"
		}
	}
	return s[start:end]
}
