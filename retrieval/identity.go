package retrieval

import (
	"regexp"
	"unicode"
	"unicode/utf8"

	"github.com/docbot/docbot/internal/text"
)

// identityRe finds a question asking who someone the articles describe
// is: "who was the senior diplomat…", "whats the name of trumps envoy…".
// The words after it name the person asked about.
var identityRe = regexp.MustCompile(`(?i)\b(?:who(?:'s|\s+is|\s+was|\s+are|\s+were)\s+(?:the|this|that|trump'?s|his|her|their)|the\s+names?\s+of(?:\s+(?:the|that|this|trump'?s|his|her|their))?)\s+(.*)$`)

// identityWindow: a name stands at most this many words from the words
// naming who is asked about ("his envoy, Steve Witkoff").
const identityWindow = 4

// identityHead returns the stem of the noun naming who is asked about
// ("diplomat" in "who was the senior diplomat that talked…"), or "".
func identityHead(question string) string {
	m := identityRe.FindStringSubmatch(question)
	if m == nil {
		return ""
	}
	head := ""
	for _, t := range text.Tokenize(m[1]) {
		if text.IsStopWord(t.Word) {
			break
		}
		head = text.Stem(t.Word)
	}
	return head
}

// identified reports whether a top passage names who a question asks
// about: a name the question doesn't hold within identityWindow words of
// the noun describing them, or of a synonym of it. "One senior diplomat,
// speaking anonymously…" says what the diplomat did, not who they are.
func identified(top []Hit, q Query, head string, question map[string]bool) bool {
	heads := stemAndSynonyms(q, head)
	for _, h := range top {
		for _, sp := range text.Sentences(h.Text) {
			s := h.Text[sp.Start:sp.End]
			toks := text.Tokenize(s)
			for i, t := range toks {
				if !heads[text.Stem(t.Word)] {
					continue
				}
				for j := max(0, i-identityWindow); j <= min(len(toks)-1, i+identityWindow); j++ {
					w := toks[j]
					if j == i || question[w.Word] || text.IsStopWord(w.Word) || len(w.Word) < 2 || sentenceInitial(s[:w.Start]) {
						continue
					}
					if r, _ := utf8.DecodeRuneInString(s[w.Start:]); unicode.IsUpper(r) {
						return true
					}
				}
			}
		}
	}
	return false
}
