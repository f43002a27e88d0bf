package testsupport

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// CiteStyle is a way real models write citations.
type CiteStyle int

// The citation styles the fake can write.
const (
	Brackets      CiteStyle = iota // claim [1]. (several: [1][2])
	Grouped                        // claim [1, 2].
	Range                          // claim [1-3]. (a run of numbers)
	Lenticular                     // claim 【1】. (OpenAI's file search)
	Paren                          // claim (1).
	SourceParen                    // claim (Source 1).
	SourceBracket                  // claim [Source 1].
	Footnote                       // claim [^1]. and "[^1]: Passage 1" lines at the end
	SourcesList                    // no inline marker; "Sources: [1], [2]" at the end
	Unmarked                       // no citation at all
)

// Styles lists every style, for table tests.
var Styles = map[string]CiteStyle{"brackets": Brackets, "grouped": Grouped, "range": Range, "lenticular": Lenticular,
	"paren": Paren, "source-paren": SourceParen, "source-bracket": SourceBracket, "footnote": Footnote,
	"sources-list": SourcesList, "unmarked": Unmarked}

// Claim is one sentence of a scripted answer and what it cites: the
// passages of the prompt holding the phrases in Cite (numbered as the
// prompt numbers them), and the literal numbers in N (to play markers
// naming no passage, like [9]).
type Claim struct {
	Text string
	Cite []string
	N    []int
}

// PassageNumber returns the number the prompt gives the passage holding
// phrase ("[3] Title\ntext…"), or 0.
func PassageNumber(prompt, phrase string) int {
	i := strings.Index(prompt, phrase)
	if i < 0 {
		return 0
	}
	j := strings.LastIndex(prompt[:i], "\n[")
	if j < 0 {
		if !strings.HasPrefix(prompt, "[") {
			return 0
		}
		j = -1
	}
	k := strings.IndexByte(prompt[j+2:], ']')
	if k < 0 {
		return 0
	}
	n, _ := strconv.Atoi(prompt[j+2 : j+2+k])
	return n
}

// Answer returns a responder that writes the claims in a citation style,
// each citing the prompt's numbers of its passages.
func Answer(style CiteStyle, claims ...Claim) func(ChatRequest) Reply {
	return func(r ChatRequest) Reply { return Reply{Text: Write(style, r.Prompt(), claims...)} }
}

// firstPassageRe finds the prompt's passage [1]: its "[1] title" line,
// then its text on the next line.
var firstPassageRe = regexp.MustCompile(`(?m)^\[1\] .*\n(.+)`)

// QuoteFirst writes what a model answering from its sources would: the
// first sentence of the prompt's passage [1], cited "[1]", which every
// claim check accepts. It returns "" when the prompt has no passage.
func QuoteFirst(prompt string) string {
	m := firstPassageRe.FindStringSubmatch(prompt)
	if m == nil {
		return ""
	}
	sentence := strings.TrimSpace(m[1])
	if i := strings.Index(sentence, ". "); i >= 0 {
		sentence = sentence[:i+1]
	}
	return mark(Brackets, sentence, []int{1})
}

// Write writes the claims in a citation style for a prompt.
func Write(style CiteStyle, prompt string, claims ...Claim) string {
	var body []string
	var all []int
	for _, c := range claims {
		nums := append([]int(nil), c.N...)
		for _, phrase := range c.Cite {
			if n := PassageNumber(prompt, phrase); n > 0 {
				nums = append(nums, n)
			}
		}
		for _, n := range nums {
			if !contains(all, n) {
				all = append(all, n)
			}
		}
		body = append(body, mark(style, strings.TrimSpace(c.Text), nums))
	}
	text := strings.Join(body, " ")
	switch style {
	case Footnote:
		var defs []string
		for _, n := range all {
			defs = append(defs, fmt.Sprintf("[^%d]: Passage %d", n, n))
		}
		text += "\n\n" + strings.Join(defs, "\n")
	case SourcesList:
		var list []string
		for _, n := range all {
			list = append(list, fmt.Sprintf("[%d]", n))
		}
		text += "\n\nSources: " + strings.Join(list, ", ")
	}
	return text
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// mark puts a claim's markers before its final full stop.
func mark(style CiteStyle, s string, nums []int) string {
	if len(nums) == 0 || style == SourcesList || style == Unmarked {
		return s
	}
	strs := make([]string, len(nums))
	for i, n := range nums {
		strs[i] = strconv.Itoa(n)
	}
	var m string
	switch style {
	case Grouped:
		m = "[" + strings.Join(strs, ", ") + "]"
	case Range:
		m = "[" + strs[0] + "]"
		if len(nums) > 1 {
			m = "[" + strconv.Itoa(minInt(nums)) + "-" + strconv.Itoa(maxInt(nums)) + "]"
		}
	case Lenticular:
		m = "【" + strings.Join(strs, "】【") + "】"
	case Paren:
		m = "(" + strings.Join(strs, ", ") + ")"
	case SourceParen:
		m = "(Source " + strings.Join(strs, ", ") + ")"
	case SourceBracket:
		m = "[Source " + strings.Join(strs, ", Source ") + "]"
	case Footnote:
		m = "[^" + strings.Join(strs, "][^") + "]"
	default:
		m = "[" + strings.Join(strs, "][") + "]"
	}
	if k := len(s) - 1; k >= 0 && strings.ContainsRune(".!?", rune(s[k])) {
		return s[:k] + " " + m + s[k:]
	}
	return s + " " + m
}

func minInt(xs []int) int {
	m := xs[0]
	for _, x := range xs {
		m = min(m, x)
	}
	return m
}

func maxInt(xs []int) int {
	m := xs[0]
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}
