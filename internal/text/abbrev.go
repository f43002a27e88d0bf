package text

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Abbreviation is an acronym a text defines, with what it stands for.
type Abbreviation struct {
	Acronym string // lower case, singular: "icc"
	Name    string // as written: "International Criminal Court"
}

// acronymConnectors may stand inside a spelled-out name without an initial.
var acronymConnectors = map[string]bool{"of": true, "for": true, "and": true, "the": true, "on": true, "in": true, "de": true, "to": true}

var (
	// "the International Criminal Court (ICC)", "non-governmental organisations (NGOs)"
	nameThenAcronymRe = regexp.MustCompile(`\(([A-Z][A-Za-z]{1,5}?)s?\)`)
	// "the ICC (International Criminal Court)"
	acronymThenNameRe = regexp.MustCompile(`\b([A-Z][A-Z]{1,5})s?\s+\(([^()]{3,100})\)`)
)

// Abbreviations returns the acronyms s defines by spelling them out next to
// them, in either order: "the International Criminal Court (ICC)" or "the
// ICC (International Criminal Court)". The name's capitalised words
// (joined by small words such as "of") must give the acronym's letters.
func Abbreviations(s string) []Abbreviation {
	var out []Abbreviation
	for _, m := range nameThenAcronymRe.FindAllStringSubmatchIndex(s, -1) {
		acr := strings.ToLower(s[m[2]:m[3]])
		if !upperInitial(s[m[2]:m[3]]) {
			continue
		}
		before := s[max(0, m[0]-200):m[0]]
		names := SpelledOut(before, acr)
		if len(names) == 0 {
			continue
		}
		name := names[len(names)-1]
		if strings.TrimSpace(before[strings.LastIndex(before, name)+len(name):]) != "" {
			continue // the name must stand right before the parenthesis
		}
		out = append(out, Abbreviation{Acronym: acr, Name: name})
	}
	if !acronymBeforeParen(s) {
		return out
	}
	for _, m := range acronymThenNameRe.FindAllStringSubmatch(s, -1) {
		acr := strings.ToLower(m[1])
		names := SpelledOut(m[2], acr)
		if len(names) > 0 && strings.HasPrefix(strings.TrimSpace(m[2]), names[0]) {
			out = append(out, Abbreviation{Acronym: acr, Name: names[0]})
		}
	}
	return out
}

// acronymBeforeParen reports whether s holds what every match of
// acronymThenNameRe does: two capitals, an optional "s", white space, then
// "(". Most passages have none, and there the regexp's backtracking search
// was 9 % of BenchmarkIndex's CPU profile; this scan is a
// necessary condition only, so the regexp still decides.
func acronymBeforeParen(s string) bool {
	for i := 0; ; i++ {
		k := strings.IndexByte(s[i:], '(')
		if k < 0 {
			return false
		}
		i += k
		j := i
		for j > 0 && isRESpace(s[j-1]) {
			j--
		}
		if j == i {
			continue
		}
		if j > 0 && s[j-1] == 's' {
			j--
		}
		if j >= 2 && 'A' <= s[j-1] && s[j-1] <= 'Z' && 'A' <= s[j-2] && s[j-2] <= 'Z' {
			return true
		}
	}
}

// isRESpace is the regexp package's \s: [\t\n\f\r ].
func isRESpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// upperInitial: "ICC", "NGO" (from "NGOs"), not "Paris".
func upperInitial(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n >= 2 && n*2 > utf8.RuneCountInString(s)
}

// SpelledOut returns the runs of capitalised words in s whose initials
// spell acr ("International Criminal Court" for "icc"); small words such
// as "of" may stand inside a run without an initial.
func SpelledOut(s, acr string) []string {
	toks := Tokenize(s)
	var out []string
	for i := range toks {
		var initials strings.Builder
		j := i
		for ; j < len(toks) && initials.Len() < len(acr); j++ {
			w := s[toks[j].Start:toks[j].End]
			r, _ := utf8.DecodeRuneInString(w)
			switch {
			case unicode.IsUpper(r):
				initials.WriteString(strings.ToLower(string(r)))
			case j > i && acronymConnectors[toks[j].Word]:
			default:
				j = len(toks) + 1 // not a name: stop
			}
		}
		if j <= len(toks) && initials.String() == acr {
			out = append(out, s[toks[i].Start:toks[j-1].End])
		}
	}
	return out
}

// WrittenAs returns the span of s that writes phrase with other spacing or
// hyphens ("non -governmental organizations" for "nongovernmental
// organization"): the words from a word start whose letters, run
// together, begin with phrase's letters, plurals allowed. "" when none.
func WrittenAs(s, phrase string) string {
	want := lettersOf(phrase)
	if want == "" {
		return ""
	}
	toks := Tokenize(s)
	for i := range toks {
		var got strings.Builder
		for j := i; j < len(toks) && got.Len() < len(want); j++ {
			got.WriteString(lettersOf(toks[j].Word))
			if g := got.String(); g == want || g == want+"s" || g == want+"es" {
				return s[toks[i].Start:toks[j].End]
			} else if !strings.HasPrefix(want, g) {
				break
			}
		}
	}
	return ""
}

func lettersOf(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// SpelledOutAcronyms adds to set every acronym of two to maxLen bytes for
// which SpelledOut(s, acronym) is not empty: the initials of each run of
// capitalised words, at each of its lengths. It walks the tokens as
// SpelledOut does, so the two agree; an index can collect these once and
// skip looking up an acronym no passage spells out.
func SpelledOutAcronyms(s string, maxLen int, set map[string]bool) {
	toks := tokenize(s, false) // words folded only where a connector may stand
	var buf []byte
	for i := range toks {
		buf = buf[:0]
		for j := i; j < len(toks) && len(buf) < maxLen; j++ {
			w := s[toks[j].Start:toks[j].End]
			r, _ := utf8.DecodeRuneInString(w)
			if unicode.IsUpper(r) {
				if r < utf8.RuneSelf {
					buf = append(buf, byte(r)+'a'-'A')
				} else {
					buf = append(buf, strings.ToLower(string(r))...)
				}
				if len(buf) >= 2 && len(buf) <= maxLen && !set[string(buf)] {
					set[string(buf)] = true
				}
			} else if j == i || len(w) > 12 || !acronymConnectors[Fold(w)] {
				break // not a name (a connector is three letters at most)
			}
		}
	}
}
