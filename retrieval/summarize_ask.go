package retrieval

import (
	"context"
	"errors"
	"fmt"
	"github.com/docbot/docbot/internal/text"
	"regexp"
	"slices"
	"strings"
)

// WithSummarizer makes the Service answer "summarize the paris article"
// with that article's summary (and "sum up the articles" with the
// overview), written by sum. Without it, a Service whose Searcher is a
// Library summarizes offline.
func WithSummarizer(sum *Summarizer) Option { return func(s *Service) { s.summarizer = sum } }

// summaryRe finds a request for a summary: "summarize…", "sum up…",
// "tl;dr of…", "give me the gist of…".
var summaryRe = regexp.MustCompile(`(?i)^\W*(?:(?:hey|hi|ok|so|yo)\W+)?(?:(?:can|could|would) (?:you|u|someone|somebody|anyone|any1|sb) (?:please |pls |quickly |real quick |quick )?|pls |please |plz )?(?:summari[sz]e|sum up|recap|tl;? ?dr|tldr|(?:(?:give me|gimme|what'?s|whats|what is|what are) )?(?:a |an |the )?(?:short |quick |brief |little |one[- ]line |one[- ]sentence |two[- ]line |two[- ]sentence )?(?:summary|recap|gist|overview|tl;? ?dr|rundown|main points|key points|key takeaways|(?:main |big )?takeaways?)(?: of| for| from)?)\b`)

// saysWhatRe finds "what does the LA article say", "what's the paris
// piece about": a question whose only subject is the article it names
// (see askSummary) asks for its summary.
var saysWhatRe = regexp.MustCompile(`(?i)^\W*(?:(?:so|ok|and|hey|yo)\W+)?(?:what (?:does|do|did) (.+?) (?:say|cover|talk about|discuss|argue|claim)|what(?:['’]?s| is) (.+?) (?:about|saying))\W*$`)

// summaryLastRe asks for a summary at the end of a question naming the
// article: "bbc one summary??", "the macron piece tldr".
var summaryLastRe = regexp.MustCompile(`(?i)\b(?:summary|summari[sz]ed|summari[sz]e it|tl;? ?dr|tldr|recap|gist|in a nutshell|in short)\W*$`)

// summaryTailRe asks for a summary in a clause of its own closing a
// message that names the article before it: "ppl keep posting the can
// security guarantees article, whats the tldr".
var summaryTailRe = regexp.MustCompile(`(?i)[,.;:!?]\s*(?:(?:so|ok|anyway|but)\s+)?(?:(?:what['’]?s|whats|what is)\s+(?:the\s+)?)?(?:tl;? ?dr|tldr|summary|gist|recap)\W*$`)

// summaryAsideRe: how short and for whom a summary is asked, no subject of
// it ("in like two lines", "for me real quick").
var summaryAsideRe = regexp.MustCompile(`(?i)\b(?:in\s+(?:like\s+)?(?:a\s+few|a\s+couple(?:\s+of)?|two|three|2|3|few|five|5)\s+(?:lines|sentences|words|bullets|bullet\s+points)|for\s+(?:me|us)|real\s+quick|quickly|briefly|quick|please|pls|plz)\b`)

// oneSentenceRe asks for a summary of one sentence or line.
var oneSentenceRe = regexp.MustCompile(`(?i)\b(?:one|1|single)[- ]?(?:sentence|line|liner)\b|\bin (?:one|a) (?:sentence|line)\b`)

// firstSentence returns a summary's first sentence and the citations its
// markers name.
func firstSentence(summary string, cs []Citation) (string, []Citation) {
	m := firstSentenceRe.FindStringSubmatch(summary)
	if m == nil {
		return summary, cs
	}
	var kept []Citation
	for _, c := range cs {
		if strings.Contains(m[1], fmt.Sprintf("[%d]", c.N)) {
			kept = append(kept, c)
		}
	}
	return m[1], kept
}

// firstSentenceRe: a summary's first sentence, its markers with it ("…in
// Europe [1]. Following…").
var firstSentenceRe = regexp.MustCompile(`^(.+?[.!?](?:\s*\[\d+\](?:\.)?)?|.+?\[\d+\]\.)\s+\p{Lu}`)

// eachAboutRe asks what every article is about: "what's each article
// about", "what's each of them about".
var eachAboutRe = regexp.MustCompile(`(?i)^\W*(?:(?:so|ok|and)\s+)?(?:what|wat)(?:['’]?s| is| are| r)\s+(?:each|every)\s+(?:(?:one|article|doc|document|story|piece|source)(?:\s+of\s+(?:them|these|those|the\s+articles))?|of\s+(?:them|these|those|the\s+articles))\s+(?:about|saying|on)\W*$`)

// lengthRefRe names an article by its length: "the shortest one".
var lengthRefRe = regexp.MustCompile(`(?i)\bthe\s+(longest|shortest|biggest|smallest|lengthiest|quickest|briefest|short|long)\s+(?:one|article|piece|story|doc|document)\b`)

// allArticlesRe: the summary asked for is of every article.
var allArticlesRe = regexp.MustCompile(`(?i)\b(all|every|the|these|your) (of the )?(articles|docs|documents|stories|pieces|sources)\b|\b(?:each|every) (?:article|doc|document|story|piece|source|one)\b|\b(?:each|every|all) of (?:them|these|those|em)\b|\beverything\b|\b(?:the|this|your)\s+(?:whole\s+|entire\s+)?collection\b`)

// askSummary answers a request for a summary of the article the question
// names (doc), or of all of them; ok is false when the question is no
// such request.
func (s *Service) askSummary(ctx context.Context, q, doc string) (Answer, bool, error) {
	q = text.UnchatText(q) // "wat is the 2nd one about"
	var rest string        // what the question asks about beside the summary
	if c, ok := s.search.(Catalog); ok && doc == "" {
		// "summarize the shortest one": the article of that length
		if m := lengthRefRe.FindStringSubmatch(q); m != nil {
			docs, err := c.Docs(ctx)
			if err != nil {
				return Answer{}, true, fmt.Errorf("summary: %w", err)
			}
			if len(docs) > 0 {
				short := strings.EqualFold(m[1], "short") || shortRe.MatchString(m[1])
				doc = sortedByLength(docs, short)[0].ID
				q = strings.Replace(q, m[0], " ", 1)
			}
		}
	}
	if m := saysWhatRe.FindStringSubmatch(q); m != nil && doc != "" {
		rest = m[1] + m[2]
	} else if doc == "" && eachAboutRe.MatchString(q) {
		rest = "" // "what's each article about": the overview
	} else if summaryRe.MatchString(q) {
		rest = summaryRe.ReplaceAllString(q, " ")
	} else if doc != "" && summaryLastRe.MatchString(q) {
		rest = summaryLastRe.ReplaceAllString(q, " ") // "bbc one summary??"
		if summaryTailRe.MatchString(q) {
			rest = "" // "ppl keep posting the can security guarantees article, whats the tldr": the article the message names
		}
	} else {
		return Answer{}, false, nil
	}
	sum := s.summarizer
	if sum == nil {
		lib, ok := s.search.(Library)
		if !ok {
			return Answer{}, false, nil
		}
		sum = NewSummarizer(lib, nil, 0, 0, s.log)
	}
	// Only a request that asks for nothing but the summary: "summarize
	// what the articles say about troops" is a question about content.
	rest = oneSentenceRe.ReplaceAllString(rest, " ") // "summarize the macron article in one sentence"
	rest = summaryAsideRe.ReplaceAllString(rest, " ")
	// the words of its title before a reference read back to its "a"
	// ("summarize the seeking a shield article") name it too
	if !s.onlyNaming(ctx, withoutRefs(rest, true), doc) {
		return Answer{}, false, nil
	}
	if doc == "" && !allArticlesRe.MatchString(q) {
		return Answer{}, false, nil
	}
	got, err := sum.Summarize(ctx, doc)
	if errors.Is(err, ErrUnknownDoc) {
		return Answer{}, false, nil
	}
	if err != nil {
		return Answer{}, true, err
	}
	mode := ModeExtractive
	if got.Mode == ModeLLM {
		mode = ModeLLM
	}
	a := Answer{Question: q, Text: got.Text, Mode: mode, Found: got.Text != "", Citations: got.Citations}
	if doc != "" && oneSentenceRe.MatchString(q) {
		a.Text, a.Citations = firstSentence(a.Text, a.Citations) // "a one-sentence summary of the macron article"
	}
	if doc != "" && got.Title != "" && got.Text != "" {
		// "what's the longest article about": which one it is, then what
		a.Text = "“" + got.Title + "”: " + a.Text
	}
	if got.Note != "" {
		a.Notes = append(a.Notes, got.Note)
	}
	return a, true, nil
}

// onlyNaming reports whether what is left of a question beside its
// references only names the collection or, for doc, the words of its
// title ("summarize the seeking a shield article": "seeking").
func (s *Service) onlyNaming(ctx context.Context, rest, doc string) bool {
	return onlyAboutCollection(rest) || doc != "" && s.onlyTitleWords(ctx, rest, doc)
}

// onlyTitleWords reports whether what is left of a question beside the
// words naming article doc are words of its title ("what's the seeking a
// shield article about": the reference is read back to "a").
func (s *Service) onlyTitleWords(ctx context.Context, rest, doc string) bool {
	c, ok := s.search.(Catalog)
	if doc == "" || !ok {
		return false
	}
	q, err := BuildQuery(collectionWordsRe.ReplaceAllString(rest, " "))
	if err != nil {
		return false
	}
	docs, err := c.Docs(ctx)
	if err != nil {
		return false
	}
	i := slices.IndexFunc(docs, func(d Document) bool { return d.ID == doc })
	if i < 0 {
		return false
	}
	names := docNames(docs[i])
	return !slices.ContainsFunc(q.Stems, func(st string) bool { return !names[st] })
}
