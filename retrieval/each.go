package retrieval

import (
	"context"
	"errors"
	"fmt"
)

// askEach answers a question that names several articles ("how do the
// paris article and the bring peace article each describe what the us
// brings"): each article is searched on its own, and the answer quotes
// every one that answers, saying which don't. ok is false when none does
// (the question is then searched in all articles, as any other).
func (s *Service) askEach(ctx context.Context, q Question, docs []Document, naming []string) (Answer, bool, error) {
	var (
		found   []Retrieval
		answers []string // the IDs of the articles that answer
		silent  []string // the titles of those that don't
		notes   []string
	)
	// each article is searched for what is asked of it, not for the words
	// naming it or the others
	search := withoutRefs(q.Text, false)
	for _, d := range docs {
		// "does the macron article expect a treaty, and what does the faq
		// piece say": each article for the part naming it
		asked, err := s.partNaming(ctx, q.Text, d)
		if err != nil {
			return Answer{}, false, err
		}
		if asked == "" {
			asked = search
		}
		r, err := s.Retrieve(ctx, asked, Filter{DocID: d.ID}, q.K)
		if errors.Is(err, ErrNoTerms) {
			return Answer{}, false, nil
		}
		if err != nil {
			return Answer{}, false, fmt.Errorf("ask each article: %w", err)
		}
		unweigh(&r, naming)
		if !r.Found {
			silent = append(silent, d.Title)
			continue
		}
		found = append(found, r)
		answers = append(answers, d.ID)
		notes = append(notes, r.Notes...)
	}
	if len(found) == 0 {
		return Answer{}, false, nil
	}
	// the articles' passages in turn, best first: the extractive answerer
	// quotes from the first few
	var hits []Hit
	for i := 0; ; i++ {
		added := false
		for _, r := range found {
			if h := distinctHits(r.Hits); i < len(h) {
				hits, added = append(hits, h[i]), true
			}
		}
		if !added {
			break
		}
	}
	// the answer is to the whole question, whatever part each article
	// was searched for
	aq, ts, err := s.parse(ctx, search)
	if err != nil {
		return Answer{}, false, nil
	}
	whole := Retrieval{Query: aq}
	whole.Weights, _ = termWeights(aq, ts)
	unweigh(&whole, naming)
	a, err := s.answerer.Answer(ctx, Request{Question: q.Text, Query: aq, Weights: whole.Weights, Passages: hits, OnDelta: q.OnDelta, Each: answers})
	if err != nil {
		return Answer{}, true, fmt.Errorf("answer: %w", err)
	}
	if !a.Found && a.Text == "" {
		return Answer{}, false, nil
	}
	a.Question, a.Passages = q.Text, hits
	a.Notes = append(notes, a.Notes...)
	switch len(silent) {
	case 0:
	case 1:
		a.Notes = append(a.Notes, quoteList(silent)+" doesn't answer this.")
	default:
		a.Notes = append(a.Notes, quoteList(silent)+" don't answer this.")
	}
	return a, true, nil
}

// partNaming returns the part of a question of several parts that names
// article d and no other, without the words naming it; "" when none does.
func (s *Service) partNaming(ctx context.Context, question string, d Document) (string, error) {
	for _, part := range questionParts(question) {
		named, _, err := s.namedArticles(ctx, part.text)
		if err != nil {
			return "", err
		}
		if len(named) == 1 && named[0].ID == d.ID {
			if _, err := BuildQuery(withoutRefs(part.text, false)); err == nil {
				return withoutRefs(part.text, false), nil
			}
		}
	}
	return "", nil
}
