package retrieval

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"github.com/docbot/docbot/internal/text"
)

// Turn is one exchange of a conversation.
type Turn struct {
	Question string
	Answer   string
	// Sources are the passages the answer cited: Sources[0] is [1].
	Sources []Passage
}

// TurnFrom records an answer as a conversation turn, keeping the passages
// it cited so later questions can refer to them.
func TurnFrom(a Answer) Turn {
	t := Turn{Question: a.Question, Answer: a.Text}
	byID := map[string]Passage{}
	for _, h := range a.Passages {
		byID[h.ID] = h.Passage
	}
	for _, c := range a.Citations {
		p, ok := byID[c.PassageID]
		if !ok {
			p = Passage{ID: c.PassageID, DocID: c.DocID, Title: c.Title, URL: c.URL, Date: c.Date, Text: c.Quote}
		}
		t.Sources = append(t.Sources, p)
	}
	return t
}

var (
	sourceRefRe  = regexp.MustCompile(`(?i)\b(?:source|passage|citation|reference|quote)\s*(?:no\.?|number|#)?\s*(\d{1,2})\b|\[(\d{1,2})\]`)
	ordinalRefRe = regexp.MustCompile(`(?i)\b(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|last)\s+(?:article|source|document|one|story|piece)\b`)
	ordinals     = map[string]int{"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5}
)

// referencedSource resolves "source 2", "passage #2" or "[2]" to the last
// answer's cited passage.
func referencedSource(q string, sources []Passage) (Passage, bool) {
	m := sourceRefRe.FindStringSubmatch(q)
	if m == nil {
		return Passage{}, false
	}
	n, _ := strconv.Atoi(m[1] + m[2])
	if n < 1 || n > len(sources) {
		return Passage{}, false
	}
	return sources[n-1], true
}

// referencedArticle resolves "the first article" or "the last source" to
// the article of the last answer's nth source.
func referencedArticle(q string, sources []Passage) (string, bool) {
	m := ordinalRefRe.FindStringSubmatch(q)
	if m == nil || len(sources) == 0 {
		return "", false
	}
	n := len(sources)
	if w := strings.ToLower(m[1]); w != "last" {
		n = ordinals[w]
	}
	if n < 1 || n > len(sources) {
		return "", false
	}
	return sources[n-1].DocID, true
}

// followUpRe marks questions that lean on the conversation.
var followUpRe = regexp.MustCompile(`(?i)^\s*(and|but|also|so|what about|how about|and what|why|tell me more|more on|same for)\b|\b(it|that|this|those|these|they|them|he|she|his|her|their|there|source|article)\b`)

// standalone rewrites a follow-up into a self-contained search query: with
// the model when one is configured, else by carrying the earlier
// question's key words. A question that stands alone is returned as is.
func (s *Service) standalone(ctx context.Context, q Question) string {
	if s.rewriter != nil {
		msgs := []Message{{Role: "system", Content: rewritePrompt}}
		for _, t := range q.History[max(0, len(q.History)-3):] {
			msgs = append(msgs, Message{Role: "user", Content: t.Question}, Message{Role: "assistant", Content: t.Answer})
		}
		msgs = append(msgs, Message{Role: "user", Content: q.Text})
		c, err := s.rewriter.Complete(ctx, msgs, nil)
		if rewritten := strings.TrimSpace(strings.Trim(c.Text, `"'`)); err == nil && rewritten != "" && len(rewritten) < 500 {
			return rewritten
		}
		s.log.Warn("follow-up rewrite failed: using the offline rule", "error", err)
	}
	return carryTerms(q.Text, q.History)
}

// carryTerms prefixes a follow-up with the key words of the latest earlier
// question, when it reads like a follow-up or has few words of its own.
func carryTerms(question string, history []Turn) string {
	own := 0
	for _, t := range text.Tokenize(question) {
		if !text.IsStopWord(t.Word) {
			own++
		}
	}
	if own > 4 && !followUpRe.MatchString(question) {
		return question
	}
	prev := history[len(history)-1].Question
	var carried []string
	for _, t := range text.Tokenize(prev) {
		if !text.IsStopWord(t.Word) && len(t.Word) > 1 {
			carried = append(carried, prev[t.Start:t.End])
		}
	}
	if len(carried) == 0 {
		return question
	}
	return strings.Join(carried, " ") + " " + question
}

// translatePrompt asks for the search query in the articles' language.
const translatePrompt = `Translate the user's question into English, as one standalone search query for a collection of English articles. Keep names and numbers as they are. Reply with the query only, no quotes, no explanation.`

// translate turns a question asked in another language than the
// articles' into an English search query with the model; on failure the
// question is searched as it is.
func (s *Service) translate(ctx context.Context, question string) string {
	c, err := s.rewriter.Complete(ctx, []Message{{Role: "system", Content: translatePrompt}, {Role: "user", Content: question}}, nil)
	if t := strings.TrimSpace(strings.Trim(c.Text, `"'`)); err == nil && t != "" && len(t) < 500 {
		return t
	}
	s.log.Warn("question translation failed: searching it as asked", "error", err)
	return question
}
