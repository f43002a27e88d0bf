package retrieval

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/docbot/docbot/internal/text"
)

// markerRe matches one citation bracket: [2], [2, 3], [2-3], [2–4, 6].
var markerRe = regexp.MustCompile(`\[\s*\d{1,4}(?:\s*[-–,;]\s*\d{1,4})*\s*\]`)

// maxRange bounds the numbers a range like [1-9999] expands to.
const maxRange = 50

// verified is an answer text whose markers have been checked.
type verified struct {
	Text  string
	Cited []int // indices into the passages given, in order of first use
}

// verifyMarkers parses the citation markers in an answer written from n
// numbered passages: markers naming no passage are removed, the rest are
// renumbered by first use ([3] first becomes [1]) and written one number a
// bracket: "[2, 3]" becomes "[1][2]".
func verifyMarkers(answer string, n int) verified {
	var v verified
	newNum := map[int]int{} // 1-based passage number → citation number
	var out strings.Builder
	answer = strings.Map(dropSentinels, answer)
	last := 0
	for _, loc := range markerRe.FindAllStringIndex(answer, -1) {
		nums := parseMarker(answer[loc[0]:loc[1]])
		var group strings.Builder
		seen := map[int]bool{}
		for _, x := range nums {
			if x < 1 || x > n || seen[x] {
				continue
			}
			seen[x] = true
			c, ok := newNum[x]
			if !ok {
				c = len(newNum) + 1
				newNum[x] = c
				v.Cited = append(v.Cited, x-1)
			}
			group.WriteString(sentinelOpen + strconv.Itoa(c) + sentinelClose)
		}
		prefix := answer[last:loc[0]]
		if group.Len() == 0 {
			prefix = strings.TrimRightFunc(prefix, unicode.IsSpace) // drop the space before a removed marker
		}
		out.WriteString(prefix)
		out.WriteString(group.String())
		last = loc[1]
	}
	out.WriteString(answer[last:])
	// Removing a marker can join its neighbours into a new one ("[[5]1]"
	// becomes "[1]"). The verified markers are still sentinels, so any
	// marker now in the text was never checked: remove those until none is left.
	text := out.String()
	for markerRe.MatchString(text) {
		text = markerRe.ReplaceAllString(text, "")
	}
	text = strings.NewReplacer(sentinelOpen, "[", sentinelClose, "]").Replace(text)
	v.Text = strings.TrimSpace(text)
	return v
}

// Verified markers are held between these private-use characters until
// every unverified bracket is gone.
const (
	sentinelOpen  = "\uE000"
	sentinelClose = "\uE001"
)

func dropSentinels(r rune) rune {
	if r == '\uE000' || r == '\uE001' {
		return -1
	}
	return r
}

// parseMarker returns the numbers in one bracket, ranges expanded.
func parseMarker(m string) []int {
	var nums []int
	for _, part := range strings.FieldsFunc(strings.Trim(m, "[] "), func(r rune) bool { return r == ',' || r == ';' }) {
		lo, hi, isRange := strings.Cut(strings.ReplaceAll(part, "–", "-"), "-")
		a, err := strconv.Atoi(strings.TrimSpace(lo))
		if err != nil {
			continue
		}
		if !isRange {
			nums = append(nums, a)
			continue
		}
		b, err := strconv.Atoi(strings.TrimSpace(hi))
		if err != nil || b < a || b-a > maxRange {
			continue
		}
		for x := a; x <= b; x++ {
			nums = append(nums, x)
		}
	}
	return nums
}

// quoteRe finds spans the model put in quotation marks.
var quoteRe = regexp.MustCompile(`“([^”]{3,})”|"([^"]{3,})"`)

// badQuotes returns the quoted spans of text that occur in none of the
// cited passages (whitespace, case and typographic quotes normalised).
func badQuotes(answer string, cited []Passage) []string {
	var bad []string
	var norm []string // the cited passages normalised, computed on first use
	for _, m := range quoteRe.FindAllStringSubmatch(answer, -1) {
		q := m[1] + m[2]
		nq := normalizeQuote(q)
		if len(strings.Fields(nq)) < 2 { // a quoted single word is emphasis, not a quotation
			continue
		}
		if norm == nil {
			norm = make([]string, len(cited))
			for i, p := range cited {
				norm[i] = normalizeQuote(p.Text)
			}
		}
		found := false
		for _, p := range norm {
			if strings.Contains(p, nq) {
				found = true
				break
			}
		}
		if !found {
			bad = append(bad, q)
		}
	}
	return bad
}

var quoteFolder = strings.NewReplacer("“", `"`, "”", `"`, "‘", "'", "’", "'", "«", `"`, "»", `"`, "–", "-", "—", "-")

func normalizeQuote(s string) string {
	s = quoteFolder.Replace(s)
	s = strings.Trim(s, ` "'.,;:`)
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// unquote removes the quotation marks around spans that occur in none of
// the cited passages, so the answer no longer presents them as quotations.
// Removing one pair can expose another (`""a b""`), so it repeats until no
// unverified quotation is left; each round removes at least one pair.
func unquote(answer string, cited []Passage) string {
	for bad := badQuotes(answer, cited); len(bad) > 0; bad = badQuotes(answer, cited) {
		for _, q := range bad {
			answer = strings.Replace(answer, "“"+q+"”", q, 1)
			answer = strings.Replace(answer, `"`+q+`"`, q, 1)
		}
	}
	return answer
}

// bestSentence returns the sentence of p that shares the most words with
// the claims that cite it: the quote shown with the source.
func bestSentence(p Passage, claims string) string {
	want := map[string]bool{}
	for _, s := range stemSeq(claims) {
		if !text.IsStopWord(s) {
			want[s] = true
		}
	}
	best, bestScore := "", -1
	for _, sp := range text.Sentences(p.Text) {
		s := p.Text[sp.Start:sp.End]
		score := 0
		seen := map[string]bool{}
		for _, st := range stemSeq(s) {
			if want[st] && !seen[st] {
				seen[st] = true
				score++
			}
		}
		if score > bestScore {
			best, bestScore = s, score
		}
	}
	return best
}

// claimsCiting returns the sentences of an answer that carry marker [n].
func claimsCiting(answer string, n int) string {
	marker := "[" + strconv.Itoa(n) + "]"
	var out []string
	for _, sp := range text.Sentences(answer) {
		if s := answer[sp.Start:sp.End]; strings.Contains(s, marker) {
			out = append(out, s)
		}
	}
	return strings.Join(out, " ")
}

// saysNotFound reports whether the model said the passages don't answer.
func saysNotFound(answer string) bool {
	a := normalizeQuote(answer)
	return strings.HasPrefix(a, normalizeQuote(notFoundReply)) ||
		strings.Contains(a, "passages do not answer") || strings.Contains(a, "passages don't answer") ||
		strings.Contains(a, "passages do not contain") || strings.Contains(a, "passages don't contain")
}
