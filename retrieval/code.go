package retrieval

import (
	"strings"

	"github.com/docbot/docbot/internal/text"
)

// inCode reports whether the sentence at sp overlaps a code block of the
// passage (Passage.Code, marked at index time): a line of code is found by
// a search but is no prose answer ("var once sync.Once" does not say what
// sync.Once guarantees).
func inCode(code []text.Span, sp text.Span) bool {
	for _, c := range code {
		if sp.Start < c.End && c.Start < sp.End {
			return true
		}
	}
	return false
}

// codePenalty is taken from the score of a sentence that is a line of a
// code block. A line that reads as a row of a table (a run of several
// plain words: "%%  a literal percent sign; consumes no value") loses
// little; a line of code ("var once sync.Once") loses enough that it is
// quoted only when no prose sentence matches nearly as well.
func codePenalty(code []text.Span, sp text.Span, s string) float64 {
	if !inCode(code, sp) {
		return 0
	}
	if wordRun(s) >= tableRowWords {
		return tableRowPenalty
	}
	return codeLinePenalty
}

// The penalties: tried on eval/godocs-qa.jsonl, a single 0.5 cost fmt's
// verb table its answer, 0.1 left code lines winning (docs/BENCHMARKS.md).
const (
	tableRowPenalty = 0.2
	codeLinePenalty = 0.6
)

// tableRowWords plain words in a row make a line of a code block read as
// prose.
const tableRowWords = 4

// wordRun is the longest run of plain lower-case words separated by single
// spaces in s: prose has them, code rarely ("var once sync.Once": 3).
func wordRun(s string) int {
	best, run := 0, 0
	for f := range strings.SplitSeq(s, " ") {
		plain := f != ""
		for _, r := range strings.TrimRight(f, ",;") {
			if r < 'a' || r > 'z' {
				plain = false
				break
			}
		}
		if plain {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}

// codeShare is the share of the passage's text that is code blocks.
func codeShare(p Passage) float64 {
	if len(p.Code) == 0 || len(p.Text) == 0 {
		return 0
	}
	n := 0
	for _, c := range p.Code {
		n += c.End - c.Start
	}
	return min(1, float64(n)/float64(len(p.Text)))
}

// proseFactor scales a passage's ranking score by how much of it is prose:
// a question is answered in sentences, and a passage that is mostly code
// (the examples that follow a rule, a listing of names) matches a
// question's words without saying anything about them. Passages without
// code (every news article, every BEIR document) keep their score.
func proseFactor(p Passage) float64 {
	return 1 - codeDemotion*codeShare(p)
}

const codeDemotion = 0.5

// proseFirst drops the lines of code from the candidates (sorted best
// first) when the best one is prose: an answer that has a sentence to
// quote does not go on with the example's lines. When a line of code is
// the best candidate (a row of a preformatted table of verbs or flags),
// the candidates are left as they are.
func proseFirst(cands []candidate, hits []Hit) []candidate {
	if len(cands) == 0 || cands[0].heading || inCode(hits[cands[0].hit].Code, cands[0].span) {
		return cands
	}
	out := cands[:0:0]
	for _, c := range cands {
		if c.heading || !inCode(hits[c.hit].Code, c.span) {
			out = append(out, c)
		}
	}
	return out
}
