package corpus

import (
	"regexp"
	"strings"

	"github.com/docbot/docbot/internal/text"
)

// Passage size bounds, in words.
const (
	minPassageWords = 40
	maxPassageWords = 150
	// maxParagraphWords: a paragraph of up to this many words is one
	// passage, not cut at sentence ends into pieces of maxPassageWords
	// (a paper's abstract, a long answer in an FAQ): cut, the half that
	// states the finding loses the words of the half that names the
	// subject. Measured with the query's hyphen-joined forms: SciFact
	// train nDCG@10 0.7043 → 0.7129, test 0.6964 → 0.7035, every QA set
	// unchanged, but ArguAna 0.5645 → 0.5640 (300 words: 0.5634).
	maxParagraphWords = 400
)

// unit is an indivisible span of the cleaned text: a paragraph, or a group
// of sentences of a long one.
type unit struct {
	start, end, words int
}

// chunk joins blocks into the cleaned text (paragraphs separated by blank
// lines) and cuts it into passages: short paragraphs are merged until a
// passage has about 40 words, paragraphs over 400 words are split at
// sentence ends into pieces of at most 150. A heading starts a new
// passage unless the one being built is still short (and the heading
// short enough to join it), and is recorded as the passage's section. A
// PDF page's heading always starts a new passage, so that every passage
// lies on one page.
func chunk(blocks []block) (string, []Passage) {
	var sb strings.Builder
	size := 0
	for _, b := range blocks {
		size += len(b.text) + len("\n\n")
	}
	sb.Grow(size) // one allocation of the final size, not a doubling series
	type placed struct {
		block
		start, end int
	}
	placedBlocks := make([]placed, 0, len(blocks))
	for _, b := range blocks {
		if sb.Len() > 0 {
			sb.WriteString("\n\n")
		}
		start := sb.Len()
		sb.WriteString(b.text)
		placedBlocks = append(placedBlocks, placed{b, start, sb.Len()})
	}
	doc := sb.String()

	var passages []Passage
	var cur *Passage
	curWords := 0
	heading := ""
	type pathHeading struct {
		level int
		text  string
	}
	var path []pathHeading // the run of headings no text has followed yet (a PDF page is none)
	var code []text.Span   // the code blocks' spans in doc, in order
	for _, pb := range placedBlocks {
		if pb.code {
			code = append(code, text.Span{Start: pb.start, End: pb.end})
		}
	}
	closeCur := func() {
		if cur != nil {
			cur.Text = doc[cur.Start:cur.End]
			cur.Code = codeWithin(code, cur.Start, cur.End)
			passages = append(passages, *cur)
			cur, curWords = nil, 0
		}
	}
	label := "" // the lead-in of the list being chunked ("Pros:"), "" outside one
	for i, pb := range placedBlocks {
		switch {
		case pb.heading || pb.code:
			label = ""
		case i+1 < len(placedBlocks) && isListLabel(pb.text, placedBlocks[i+1].block):
			label = strings.TrimSpace(strings.TrimSuffix(pb.text, ":"))
		case !isListItem(pb.text):
			label = ""
		}
		if pb.heading {
			if hw := text.WordCount(pb.text); !pb.page && cur != nil && curWords < minPassageWords && curWords+hw <= maxPassageWords {
				// A short passage absorbs the heading and runs on: it is
				// now in both sections, and the passages after it are in
				// the new one.
				curWords += hw
				cur.Heading = joinHeadings(cur.Heading, pb.text)
				heading = pb.text
				continue
			}
			if cur == nil && len(path) > 0 && !pb.page {
				// a heading right under another ("Frequently Asked
				// Questions", then its first question): the passage is in
				// both, but not in a sibling the format's levels tell
				// ("## Setup", "### Deprecated" empty, "### Installation":
				// "Setup · Installation")
				for len(path) > 0 && pb.level > 0 && path[len(path)-1].level >= pb.level {
					path = path[:len(path)-1]
				}
				path = append(path, pathHeading{pb.level, pb.text})
				heading = ""
				for _, h := range path {
					heading = joinHeadings(heading, h.text)
				}
				continue
			}
			closeCur()
			heading, path = pb.text, path[:0]
			if !pb.page { // a PDF page is no section
				path = append(path, pathHeading{pb.level, pb.text})
			}
			continue
		}
		path = path[:0]
		for _, u := range splitLong(doc, pb.start, pb.end) {
			if cur != nil && curWords+u.words > maxPassageWords {
				closeCur()
			}
			if cur == nil {
				cur = &Passage{Ordinal: len(passages), Heading: heading, Start: u.start}
				if lh, ll := strings.ToLower(heading), strings.ToLower(label); label != "" && lh != ll && !strings.HasSuffix(lh, " · "+ll) {
					// an item of a labelled list is in the label's
					// section too: "Pros and Cons · Pros"
					cur.Heading = joinHeadings(heading, label)
				}
			}
			cur.End = u.end
			curWords += u.words
			if curWords >= minPassageWords {
				closeCur()
			}
		}
	}
	if cur != nil && len(passages) > 0 {
		last := &passages[len(passages)-1]
		if text.WordCount(last.Text)+curWords <= maxPassageWords && (last.Heading == cur.Heading || strings.HasSuffix(last.Heading, " · "+cur.Heading) || strings.HasPrefix(last.Heading, cur.Heading+" · ")) {
			last.End = cur.End // a short tail joins the passage before it
			last.Text = doc[last.Start:last.End]
			last.Code = codeWithin(code, last.Start, last.End)
			cur = nil
		}
	}
	closeCur()
	return doc, passages
}

// maxLabelWords bounds a list's lead-in: "Pros:", "Steps to follow:".
const maxLabelWords = 6

// isListLabel reports a short paragraph ending in a colon that a list
// follows ("Pros:", "Key risks:"): the list's items, however many
// passages they fill, are about what it names, as a heading's section is.
func isListLabel(s string, next block) bool {
	return strings.HasSuffix(s, ":") && !isListItem(s) && text.WordCount(s) <= maxLabelWords &&
		!leadInVerbRe.MatchString(s) && !next.heading && !next.code && isListItem(next.text)
}

// leadInVerbRe finds a verb in a lead-in: "Zelensky told reporters:", "The
// main points are:" introduce a list as a sentence does, naming no section.
var leadInVerbRe = regexp.MustCompile(`(?i)\b(?:is|are|was|were|has|have|had|said|says|told|tells|wrote|writes|added|adds|explained|noted|stated|include[sd]?|including|following)\b`)

// codeWithin returns the parts of the code spans that lie in
// [start, end), relative to start.
func codeWithin(code []text.Span, start, end int) []text.Span {
	var out []text.Span
	for _, c := range code {
		if c.End <= start || c.Start >= end {
			continue
		}
		out = append(out, text.Span{Start: max(c.Start, start) - start, End: min(c.End, end) - start})
	}
	return out
}

// joinHeadings names the sections a passage spans.
func joinHeadings(a, b string) string {
	if a == "" {
		return b
	}
	return a + " · " + b
}

// splitLong returns the paragraph doc[start:end] as one unit, or as groups
// of whole sentences of at most maxPassageWords when it is longer than
// maxParagraphWords.
func splitLong(doc string, start, end int) []unit {
	para := doc[start:end]
	words := text.WordCount(para)
	if words <= maxParagraphWords {
		return []unit{{start, end, words}}
	}
	var units []unit
	var cur *unit
	for _, s := range text.Sentences(para) {
		for _, piece := range splitWords(para, s) {
			w := text.WordCount(para[piece.Start:piece.End])
			if cur != nil && cur.words+w > maxPassageWords {
				units = append(units, *cur)
				cur = nil
			}
			if cur == nil {
				cur = &unit{start: start + piece.Start}
			}
			cur.end = start + piece.End
			cur.words += w
		}
	}
	if cur != nil {
		if n := len(units); n > 0 && cur.words < minPassageWords && units[n-1].words+cur.words <= maxPassageWords+minPassageWords {
			units[n-1].end, units[n-1].words = cur.end, units[n-1].words+cur.words
		} else {
			units = append(units, *cur)
		}
	}
	return units
}

// splitWords cuts a sentence longer than maxPassageWords at word boundaries.
func splitWords(s string, sp text.Span) []text.Span {
	var out []text.Span
	start, words := sp.Start, 0
	inWord := false
	for i := sp.Start; i < sp.End; i++ {
		space := s[i] == ' ' || s[i] == '\n' || s[i] == '\t'
		if !space && !inWord {
			if words == maxPassageWords {
				end := start + len(strings.TrimRight(s[start:i], " \n\t"))
				out = append(out, text.Span{Start: start, End: end})
				start, words = i, 0
			}
			words++
		}
		inWord = !space
	}
	return append(out, text.Span{Start: start, End: sp.End})
}
