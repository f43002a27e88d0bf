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
		regexp.MustCompile(`(?i)\b(pros|advantages|upsides|positives|strengths|good (sides|things|points))\b|\b(?:a|one|the|single|biggest|main|top|best|any)\s+(pro|upside|advantage)\b`),
	},
	{
		regexp.MustCompile(`(?i)^\W*(cons|disadvantages|drawbacks|downsides|risks|weaknesses|threats|challenges)\s*:`),
		regexp.MustCompile(`(?i)\b(cons|disadvantages|drawbacks|downsides|negatives|weaknesses|bad (sides|things|points)|risks)\b|\b(?:a|one|the|single|biggest|main|top|worst|any)\s+(con|downside|disadvantage|drawback)\b`),
	},
}

// labelWords are the words naming one side of a list, for each side of
// labelGroups: a question asking for "the downsides" (or "the downside")
// is asked of the items an article lists under "Cons:". Not "pro" and
// "con", nor "positive" and "negative": as often other words.
var labelWords = [][]string{
	{"pros", "advantages", "upsides", "positives", "advantage", "upside"},
	{"cons", "disadvantages", "drawbacks", "downsides", "negatives", "disadvantage", "drawback", "downside"},
}

// labelled widens a question word naming one side of a list with the
// other words naming that side that the index has (df): "downsides" is
// searched, and counts, as "cons". It reports whether it widened any.
func labelled(q *Query, df map[string]int) bool {
	widened := false
	for i, w := range q.Words {
		for _, side := range labelWords {
			if !slices.Contains(side, w) {
				continue
			}
			var others []string
			for _, o := range side {
				if o != w && df[text.Stem(o)] > 0 {
					others = append(others, o)
				}
			}
			if len(others) == 0 {
				continue
			}
			if df[q.Stems[i]] == 0 {
				// a word the articles don't use weighs as the answer's
				// kind, not its subject: "the downsides of the three seas
				// initiative" is not asked of the cons of engaging Trump;
				// only a labelled list answers it (see Ask)
				if q.context == nil {
					q.context = map[string]bool{}
				}
				q.context[q.Stems[i]] = true
				q.listOnly = append(q.listOnly, w)
			}
			q.widen(i, others, false)
			widened = true
		}
	}
	return widened
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
	if len(groups) == 0 || len(hits) == 0 {
		return nil, nil
	}
	top := hits[:min(len(hits), extractivePassages)]
	out, err := s.sections(ctx, top, groups)
	if err != nil || len(out) > 0 {
		return out, err
	}
	// "what are the cons of going to trump, like could ukraine end up
	// having to give stuff up": the passage ranked first is an item under
	// "Pros:"; the label asked is looked up in its article (not beside a
	// list ranked lower: "the downsides of the three seas initiative")
	first := hits[0]
	if !listPassage(first.Text) {
		return nil, nil
	}
	if other, err := s.sections(ctx, []Hit{first}, otherSides(groups)); err != nil || len(other) == 0 {
		return nil, err
	}
	var words []string
	for _, g := range groups {
		for _, w := range labelWords[g] {
			words = append(words, `"`+w+`"`)
		}
	}
	found, err := s.search.Search(ctx, strings.Join(words, " OR "), Filter{DocID: first.DocID}, candidates(0))
	if err != nil {
		return nil, err
	}
	found = slices.DeleteFunc(found, func(f Hit) bool { return !slices.Contains(groups, labelOf(f.Text)) })
	return s.sections(ctx, found, groups)
}

// otherSides returns the label groups not in groups.
func otherSides(groups []int) []int {
	var out []int
	for g := range labelGroups {
		if !slices.Contains(groups, g) {
			out = append(out, g)
		}
	}
	return out
}

// sections returns the passages of the sections of hits that hold a label
// line of one of groups, in the articles' order.
func (s *Service) sections(ctx context.Context, hits []Hit, groups []int) ([]Hit, error) {
	type section struct{ doc, heading string }
	seen := map[section]bool{}
	var out []Hit
	for _, h := range hits {
		sec := section{h.DocID, strings.TrimSpace(h.Heading)}
		if sec.heading == "" || seen[sec] || !listPassage(h.Text) {
			continue // only a list's passage has list siblings worth a search
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
		if slices.ContainsFunc(found, func(x Hit) bool { return slices.Contains(groups, labelOf(x.Text)) }) {
			out = append(out, found...) // (not the "Pros:" section for "what are the cons")
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

// listPassage reports whether a passage opens with a label line or a list
// item.
func listPassage(passage string) bool {
	if labelOf(passage) >= 0 {
		return true
	}
	loc := bulletRe.FindStringIndex(passage)
	return loc != nil && loc[0] == 0
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
// the first items listed under it in the passages of one section (same
// article and heading, read in order): the items of a label run from its
// label line to the next label line, the first passage that is no item or
// the section's end. Nil when the passages list none.
func listLabelled(passages []Hit, groups []int) []candidate {
	per := max(1, maxLabelItems/len(groups))
	var picked []candidate
	for _, g := range groups {
		n, in := 0, false
		for hi, h := range passages {
			if hi > 0 && (h.DocID != passages[hi-1].DocID || h.Heading != passages[hi-1].Heading) {
				in = false // another section: its items are not this label's
			}
			// a passage's own label lines split it: "Pros:\n- a\nCons:\n- b"
			starts := labelLineRe.FindAllStringIndex(h.Text, -1)
			bounds := append([]int{0}, make([]int, 0, len(starts))...)
			for _, st := range starts {
				if st[0] > 0 {
					bounds = append(bounds, st[0])
				}
			}
			bounds = append(bounds, len(h.Text))
			for b := 0; b+1 < len(bounds); b++ {
				part := h.Text[bounds[b]:bounds[b+1]]
				if l := labelOf(part); l >= 0 {
					in = l == g
				} else if loc := bulletRe.FindStringIndex(part); loc == nil || loc[0] > 0 {
					in = false
				}
				if !in {
					continue
				}
				for _, at := range bulletRe.FindAllStringIndex(part, -1) {
					if n == per {
						break
					}
					start := bounds[b] + at[0]
					for _, sp := range text.Sentences(h.Text) {
						if sp.Start <= start && start < sp.End {
							end := min(sp.End, bounds[b+1])
							picked = append(picked, candidate{hit: hi, span: text.Span{Start: start, End: end},
								sentence: strings.TrimSpace(h.Text[start:end])})
							n++
							break
						}
					}
				}
			}
		}
	}
	return picked
}

// labelLineRe finds a label line anywhere in a passage.
var labelLineRe = regexp.MustCompile(`(?mi)^\W*(pros|advantages|benefits|upsides|strengths|opportunities|cons|disadvantages|drawbacks|downsides|risks|weaknesses|threats|challenges)\s*:`)
