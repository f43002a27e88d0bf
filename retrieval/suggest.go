package retrieval

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// SuggestSources are what suggested follow-ups are drawn from: the
// articles' passages and the questions already answered in a server.
type SuggestSources interface {
	Passages(ctx context.Context, docID string) ([]Passage, error)
	// AnsweredWith lists public questions of the server answered citing
	// the passage, most asked first.
	AnsweredWith(ctx context.Context, guild, passageID string, limit int) ([]string, error)
}

// Gate tells whether the articles answer a question (Service.Answerable).
type Gate interface {
	Answerable(ctx context.Context, text string) (bool, error)
}

// Suggester proposes follow-up questions for an answer: the questions
// members already had answered from the passages next to the cited ones
// (or the cited ones themselves), then, with a model, the questions the
// model proposes from those passages, then the neighbours' section
// headings as questions. Each is kept only when the relevance gate finds
// it answerable now, so no suggestion leads to "not found".
type Suggester struct {
	src   SuggestSources
	gate  Gate
	model Completer // nil: offline suggestions only
}

// NewSuggester returns a Suggester.
func NewSuggester(src SuggestSources, gate Gate) *Suggester {
	return &Suggester{src: src, gate: gate}
}

// WithModel makes the Suggester ask a model for follow-up questions too.
func (s *Suggester) WithModel(c Completer) *Suggester {
	s.model = c
	return s
}

// proposeBudget bounds the model's proposal: suggestions come under an
// answer already written, and a slow model must not hold its last edit.
const proposeBudget = 4 * time.Second

const proposePrompt = `You suggest follow-up questions. Given a question, its answer and passages from the articles, write up to three short questions (under 15 words each) a reader might ask next that these passages answer. Do not repeat the question. One question per line, nothing else: no numbering, no quotes.`

// propose asks the model for follow-up questions answered by passages.
func (s *Suggester) propose(ctx context.Context, asked string, a Answer, passages []Passage) []string {
	var b strings.Builder
	fmt.Fprintf(&b, "Question: %s\nAnswer: %s\n\nPassages:\n", asked, a.Text)
	for i, p := range passages {
		fmt.Fprintf(&b, "[%d] %s\n", i+1, p.Text)
	}
	ctx, cancel := context.WithTimeout(ctx, proposeBudget)
	defer cancel()
	c, err := s.model.Complete(ctx, []Message{{Role: "system", Content: proposePrompt}, {Role: "user", Content: b.String()}}, nil)
	if err != nil {
		return nil // the offline suggestions stand
	}
	var out []string
	for _, line := range strings.Split(c.Text, "\n") {
		q := strings.TrimSpace(strings.Trim(strings.TrimSpace(strings.TrimLeft(line, "-*•0123456789.) ")), `"“”`))
		if q != "" && len(q) <= 200 && strings.HasSuffix(q, "?") {
			out = append(out, q)
		}
	}
	return out
}

// maxSuggestions is how many follow-ups are shown at most; maxTries
// bounds the searches spent checking candidates.
const (
	maxSuggestions = 3
	maxTries       = 8
)

// Suggest returns up to three follow-up questions for a found answer to
// asked, in guild ("" in DMs: no journal); none when nothing qualifies.
func (s *Suggester) Suggest(ctx context.Context, guild, asked string, a Answer) ([]string, error) {
	if !a.Found || len(a.Citations) == 0 {
		return nil, nil
	}
	cited, citedHeadings := map[string]bool{}, map[string]bool{}
	for _, c := range a.Citations {
		cited[c.PassageID] = true
	}
	tries := 0 // searches spent on checking candidates
	seen := map[string]bool{norm(asked): true}
	if a.Standalone != "" {
		seen[norm(a.Standalone)] = true
	}
	var out []string
	try := func(q string) error {
		if len(out) == maxSuggestions || tries == maxTries || q == "" || seen[norm(q)] {
			return nil
		}
		seen[norm(q)] = true
		tries++
		ok, err := s.gate.Answerable(ctx, q)
		if ok {
			out = append(out, q)
		}
		return err
	}
	var neighbours []Passage
	docs := map[string][]Passage{}
	for _, c := range a.Citations {
		ps, ok := docs[c.DocID]
		if !ok {
			var err error
			if ps, err = s.src.Passages(ctx, c.DocID); err != nil {
				return out, fmt.Errorf("suggest: %w", err)
			}
			docs[c.DocID] = ps
		}
		for k, p := range ps {
			if p.ID != c.PassageID {
				continue
			}
			citedHeadings[norm(p.Heading)] = true
			for _, n := range []int{k + 1, k - 1} {
				if n >= 0 && n < len(ps) && !cited[ps[n].ID] {
					neighbours = append(neighbours, ps[n])
				}
			}
		}
	}
	if guild != "" {
		ids := make([]string, 0, len(neighbours)+len(a.Citations))
		for _, n := range neighbours {
			ids = append(ids, n.ID)
		}
		for _, c := range a.Citations {
			ids = append(ids, c.PassageID)
		}
		for _, id := range ids {
			qs, err := s.src.AnsweredWith(ctx, guild, id, maxSuggestions)
			if err != nil {
				return out, fmt.Errorf("suggest: %w", err)
			}
			for _, q := range qs {
				if err := try(q); err != nil {
					return out, fmt.Errorf("suggest: %w", err)
				}
			}
		}
	}
	if s.model != nil && len(out) < maxSuggestions {
		var cited []Passage
		for _, ps := range docs {
			for _, p := range ps {
				if a.cites(p.ID) {
					cited = append(cited, p)
				}
			}
		}
		for _, q := range s.propose(ctx, asked, a, append(cited, neighbours...)) {
			if err := try(q); err != nil {
				return out, fmt.Errorf("suggest: %w", err)
			}
		}
	}
	for _, n := range neighbours {
		if h := strings.TrimSpace(n.Heading); h != "" && !citedHeadings[norm(h)] {
			h = strings.TrimRight(h, ".:?!")
			for _, article := range []string{"The ", "A ", "An "} {
				if rest, ok := strings.CutPrefix(h, article); ok {
					h = strings.ToLower(article) + rest
				}
			}
			if err := try(fmt.Sprintf("What does “%s” say about %s?", n.Title, h)); err != nil {
				return out, fmt.Errorf("suggest: %w", err)
			}
		}
	}
	return out, nil
}

func norm(q string) string { return strings.ToLower(strings.Join(strings.Fields(q), " ")) }

// cites reports whether the answer cites the passage.
func (a Answer) cites(id string) bool {
	for _, c := range a.Citations {
		if c.PassageID == id {
			return true
		}
	}
	return false
}
