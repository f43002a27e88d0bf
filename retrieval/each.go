package retrieval

import (
	"context"
	"errors"
	"fmt"
	"slices"
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
	// "does the macron article expect a treaty, and what does the faq
	// piece say": each article for the part naming it
	parts, err := s.partsNaming(ctx, q.Text)
	if err != nil {
		return Answer{}, false, err
	}
	for _, d := range docs {
		asked := parts[d.ID]
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
		for _, n := range r.Notes {
			if !slices.Contains(notes, n) { // each search says what it respelled
				notes = append(notes, n)
			}
		}
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
	if errors.Is(err, ErrNoTerms) {
		return Answer{}, false, nil
	}
	if err != nil {
		return Answer{}, false, fmt.Errorf("ask each article: %w", err)
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

// partsNaming maps each article that one part of a question of several
// parts names alone to that part, without the words naming it.
func (s *Service) partsNaming(ctx context.Context, question string) (map[string]string, error) {
	parts := map[string]string{}
	for _, part := range questionParts(question) {
		named, _, err := s.namedArticles(ctx, part.text)
		if err != nil {
			return nil, err
		}
		asked := withoutRefs(part.text, false)
		if _, err := BuildQuery(asked); len(named) == 1 && err == nil && parts[named[0].ID] == "" {
			parts[named[0].ID] = asked
		}
	}
	return parts, nil
}
