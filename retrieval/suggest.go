package retrieval

import (
	"context"
	"fmt"
	"strings"
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

// Suggester proposes follow-up questions for an answer, offline: the
// questions members already had answered from the passages next to the
// cited ones (or the cited ones themselves), then the neighbours'
// section headings as questions. Each is kept only when the relevance
// gate finds it answerable now, so no suggestion leads to "not found".
type Suggester struct {
	src  SuggestSources
	gate Gate
}

// NewSuggester returns a Suggester.
func NewSuggester(src SuggestSources, gate Gate) *Suggester {
	return &Suggester{src: src, gate: gate}
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
