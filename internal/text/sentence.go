package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) of a text.
type Span struct{ Start, End int }

// abbreviations never end a sentence, even before a capital letter.
var abbreviations = map[string]bool{
	"u.s": true, "u.k": true, "u.n": true, "e.u": true, "mr": true, "mrs": true, "ms": true,
	"dr": true, "prof": true, "st": true, "jr": true, "sr": true, "vs": true, "etc": true,
	"e.g": true, "i.e": true, "gen": true, "gov": true, "sen": true, "rep": true,
	"inc": true, "ltd": true, "co": true, "corp": true, "jan": true, "feb": true, "mar": true,
	"apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true,
	"nov": true, "dec": true, "fig": true, "approx": true, "a.m": true, "p.m": true,
}

// Sentences splits s into sentence spans. A sentence ends at '.', '!' or '?'
// (optionally followed by closing quotes or brackets) when whitespace and an
// upper-case letter, digit or opening quote follow, unless the word before
// the full stop is a known abbreviation ("U.S.") or a single initial. A line
// break always ends a sentence, and so does a Chinese or Japanese full
// stop, exclamation or question mark ("。", "！", "？"), which no space follows.
// Spans are trimmed of surrounding white space and cover s in order.
func Sentences(s string) []Span {
	var spans []Span
	start := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '\n' { // a line break ends a sentence: headings and list items have no full stop
			if sp, ok := trimSpan(s, start, i); ok {
				spans = append(spans, sp)
			}
			start = i + size
			i = start
			continue
		}
		if r == '。' || r == '！' || r == '？' { // Chinese and Japanese: no space follows
			end := i + size
			for end < len(s) {
				r2, sz := utf8.DecodeRuneInString(s[end:])
				if !strings.ContainsRune("。！？」』”’）】", r2) {
					break
				}
				end += sz
			}
			if sp, ok := trimSpan(s, start, end); ok {
				spans = append(spans, sp)
			}
			start, i = end, end
			continue
		}
		if r != '.' && r != '!' && r != '?' && r != '…' {
			i += size
			continue
		}
		end := i + size
		for end < len(s) { // swallow repeated punctuation and closing quotes
			r2, sz := utf8.DecodeRuneInString(s[end:])
			if !strings.ContainsRune(".!?…\"'”’)]", r2) {
				break
			}
			end += sz
		}
		if end < len(s) && !boundaryFollows(s[end:]) {
			i = end
			continue
		}
		if r == '.' && isAbbreviation(s[start:i]) {
			i = end
			continue
		}
		if sp, ok := trimSpan(s, start, end); ok {
			spans = append(spans, sp)
		}
		start = end
		i = end
	}
	if sp, ok := trimSpan(s, start, len(s)); ok {
		spans = append(spans, sp)
	}
	return spans
}

// boundaryFollows reports whether rest starts with white space and then a
// character that can open a sentence.
func boundaryFollows(rest string) bool {
	r, size := utf8.DecodeRuneInString(rest)
	if !unicode.IsSpace(r) {
		return false
	}
	rest = strings.TrimLeftFunc(rest[size:], unicode.IsSpace)
	if rest == "" {
		return true
	}
	r, _ = utf8.DecodeRuneInString(rest)
	// a script without capitals (Korean, Chinese, Japanese) may open a
	// sentence with any of its letters
	return unicode.IsUpper(r) || unicode.IsDigit(r) || IsCJK(r) || strings.ContainsRune("\"'“‘([*•-", r)
}

// IsAbbreviation reports whether the text before a full stop ends with an
// abbreviation ("U.S", "Mr") or a single-letter initial: the stop ends no
// sentence.
func IsAbbreviation(before string) bool { return isAbbreviation(before) }

// isAbbreviation reports whether the text before a full stop ends with an
// abbreviation or a single-letter initial.
func isAbbreviation(before string) bool {
	j := strings.LastIndexFunc(before, func(r rune) bool { return unicode.IsSpace(r) || r == '(' || r == '"' || r == '“' })
	word := strings.ToLower(before[j+1:])
	if abbreviations[word] {
		return true
	}
	n := utf8.RuneCountInString(word)
	if n == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		return unicode.IsLetter(r)
	}
	return false
}

func trimSpan(s string, start, end int) (Span, bool) {
	for start < end {
		r, size := utf8.DecodeRuneInString(s[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += size
	}
	for end > start {
		r, size := utf8.DecodeLastRuneInString(s[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= size
	}
	return Span{start, end}, end > start
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// WordCount counts the whitespace-separated words of s (what
// strings.Fields would return) without allocating them, counting every
// Chinese or Japanese character as a word (see IsCJK): those languages
// write no spaces, and their words are one to three characters long.
func WordCount(s string) int {
	n, inWord := 0, false
	for i := 0; i < len(s); {
		var space bool
		if c := s[i]; c < utf8.RuneSelf {
			space = asciiSpace[c]
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
			i += size
			if IsCJK(r) && !IsHangul(r) { // Korean counts its words by spaces
				n++
				inWord = false
				continue
			}
		}
		if space {
			inWord = false
		} else if !inWord {
			inWord = true
			n++
		}
	}
	return n
}
