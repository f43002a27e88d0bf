package retrieval

import (
	"context"
	"regexp"
	"slices"
	"strings"

	"github.com/docbot/docbot/internal/text"
)

// A labelled list is a section that lists items under a label line:
//
//	Pros:
//	- Demonstrating European Unity: …
//	Cons:
//	- Risk of False Promises: …
//
// Its items are often passages of their own, so a question asking for
// the cons finds one or two of them and quotes whatever else ranks near.
// Asked for the items of a label, the answer lists the section's items
// under it, in order.

// labelGroups are the labels that name the same side of a list, each
// with the question words that ask for it.
var labelGroups = []struct {
	label *regexp.Regexp // the label line opening the items
	asked *regexp.Regexp // a question asking for them
}{
	{
		regexp.MustCompile(`(?i)^\W*(pros|advantages|benefits|upsides|strengths|opportunities)\s*:`),
		regexp.MustCompile(`(?i)\b(pros?|advantages?|benefits|upsides?|positives|strengths|plus(es)?|good (sides?|things|points))\b`),
	},
	{
		regexp.MustCompile(`(?i)^\W*(cons|disadvantages|drawbacks|downsides|risks|weaknesses|threats|challenges)\s*:`),
		regexp.MustCompile(`(?i)\b(cons?|disadvantages?|drawbacks?|downsides?|negatives|weaknesses|minus(es)?|bad (sides?|things|points)|risks)\b`),
	},
}

// prosAndConsRe names a section of both sides.
var prosAndConsRe = regexp.MustCompile(`(?i)\bpros\s*(and|&|n|\+|/)\s*cons\b`)

// bulletRe opens a list item.
var bulletRe = regexp.MustCompile(`(?m)^[ \t]*(?:[-*•]|\d+[.)])[ \t]+`)

// maxLabelItems bounds the items quoted from one label.
const maxLabelItems = 4

// askedLabels returns the label groups a question asks for, in the order
// it names them ("one pro and one con": both).
func askedLabels(question string) []int {
	// "the pros and cons list… what were the downsides": the pair names
	// the section; what else the question names is what it asks for
	if q := prosAndConsRe.ReplaceAllString(question, " "); q != question && (labelGroups[0].asked.MatchString(q) || labelGroups[1].asked.MatchString(q)) {
		question = q
	}
	type at struct{ group, pos int }
	var found []at
	for g, lg := range labelGroups {
		if loc := lg.asked.FindStringIndex(question); loc != nil {
			found = append(found, at{g, loc[0]})
		}
	}
	slices.SortFunc(found, func(a, b at) int { return a.pos - b.pos })
	out := make([]int, len(found))
	for i, f := range found {
		out[i] = f.group
	}
	return out
}

// labelledSections returns, for a question asking for a label's items, the
// passages of the sections of the top hits that hold such a label line, in
// the articles' order, so that the answerer can list them; nil otherwise.
func (s *Service) labelledSections(ctx context.Context, question string, hits []Hit) ([]Hit, error) {
	groups := askedLabels(question)
	if len(groups) == 0 {
		return nil, nil
	}
	type section struct{ doc, heading string }
	seen := map[section]bool{}
	var out []Hit
	for _, h := range hits[:min(len(hits), extractivePassages)] {
		sec := section{h.DocID, strings.TrimSpace(h.Heading)}
		if sec.heading == "" || seen[sec] {
			continue
		}
		seen[sec] = true
		words := text.Tokenize(sec.heading)
		if len(words) == 0 {
			continue
		}
		phrase := make([]string, len(words))
		for i, w := range words {
			phrase[i] = w.Word
		}
		match := `heading : "` + strings.Join(phrase, " ") + `"`
		found, err := s.search.Search(ctx, match, Filter{DocID: h.DocID}, 64)
		if err != nil {
			return nil, err
		}
		found = slices.DeleteFunc(found, func(x Hit) bool { return strings.TrimSpace(x.Heading) != sec.heading })
		slices.SortFunc(found, func(a, b Hit) int { return a.Ordinal - b.Ordinal })
		if slices.ContainsFunc(found, func(x Hit) bool { return labelOf(x.Text) >= 0 }) {
			out = append(out, found...)
		}
	}
	return out, nil
}

// withSection puts a labelled section's passages first, in the articles'
// order, and the other hits after them.
func withSection(hits, section []Hit) []Hit {
	ids := map[string]bool{}
	for _, h := range section {
		ids[h.ID] = true
	}
	out := slices.Clone(section)
	for _, h := range hits {
		if !ids[h.ID] {
			out = append(out, h)
		}
	}
	return out
}

// labelOf returns the label group whose label line opens a passage, or -1.
func labelOf(passage string) int {
	for g, lg := range labelGroups {
		if lg.label.MatchString(passage) {
			return g
		}
	}
	return -1
}

// listLabelled picks, for each label group asked, the first sentence of
// the first items listed under it in the passages (a section's, in order):
// the items of a label run from its label line to the next label line or
// the first passage that is no item. Nil when the passages list none.
func listLabelled(passages []Hit, groups []int) []candidate {
	per := max(1, maxLabelItems/len(groups))
	var picked []candidate
	for _, g := range groups {
		n, in := 0, false
		for hi, h := range passages {
			if l := labelOf(h.Text); l >= 0 {
				in = l == g
			} else if loc := bulletRe.FindStringIndex(h.Text); loc == nil || loc[0] > 0 {
				in = false
			}
			if !in {
				continue
			}
			spans := text.Sentences(h.Text)
			for _, at := range bulletRe.FindAllStringIndex(h.Text, -1) {
				if n == per || at[0] > 0 && h.Text[at[0]-1] != '\n' {
					continue // only a bullet opening a line
				}
				for _, sp := range spans {
					if sp.Start <= at[0] && at[0] < sp.End {
						c := candidate{hit: hi, span: text.Span{Start: at[0], End: sp.End}, sentence: h.Text[at[0]:sp.End]}
						picked = append(picked, c)
						n++
						break
					}
				}
			}
		}
	}
	return picked
}
