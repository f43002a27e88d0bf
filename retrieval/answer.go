package retrieval

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
)

// Question is what a user asks.
type Question struct {
	Text   string
	Filter Filter
	K      int // passages to retrieve; 0 means DefaultK
	// OnDelta, if set, receives the answer text as a model streams it.
	// The final Answer may differ: markers are verified and renumbered.
	OnDelta func(string)
}

// DefaultK is the number of passages an answer is written from.
const DefaultK = 5

// Citation is a source an answer cites as [N].
type Citation struct {
	N         int    `json:"n"`
	DocID     string `json:"doc_id"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	PassageID string `json:"passage_id"`
	Date      string `json:"date"`
	Quote     string `json:"quote"` // verbatim from the passage
}

// Answer is a cited answer, or an honest "not found".
type Answer struct {
	Question  string
	Text      string
	Found     bool
	Citations []Citation // exactly the cited passages, numbered in order of first use
	Mode      string     // "extractive", or the model that wrote the answer
	Passages  []Hit      // the passages retrieved for the question, best first
	Nearest   []string   // when not found: titles of the closest articles
	Closest   []Citation // when a model found no grounded answer: the best extractive passages
	Notes     []string   // things the user should know (e.g. undated articles filtered out)
}

// Request is what an Answerer writes an answer from.
type Request struct {
	Question string
	Query    Query
	Weights  map[string]float64 // query stem → weight (rarer is heavier)
	Passages []Hit              // ranked, relevant passages
	OnDelta  func(string)       // receives streamed text; may be nil
}

// Answerer writes a cited answer from retrieved passages. The extractive
// answerer and the LLM answerer both implement it.
type Answerer interface {
	Answer(ctx context.Context, r Request) (Answer, error)
}

// Service answers questions from a Searcher with an Answerer.
type Service struct {
	search   Searcher
	answerer Answerer
	log      *slog.Logger
}

// NewService returns a Service. With a nil answerer it answers extractively.
func NewService(s Searcher, a Answerer, log *slog.Logger) *Service {
	if a == nil {
		a = Extractive{}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{search: s, answerer: a, log: log}
}

// Retrieval is the outcome of searching for a question.
type Retrieval struct {
	Query    Query
	Hits     []Hit
	Weights  map[string]float64
	Coverage float64 // best weighted share of query terms in a top passage
	Found    bool    // the relevance gate's verdict: the corpus covers the question
	Notes    []string
}

// Retrieve searches for text and ranks the passages, returning at most k.
// It returns ErrNoTerms (wrapped) for text with nothing searchable.
func (s *Service) Retrieve(ctx context.Context, text string, f Filter, k int) (Retrieval, error) {
	if k <= 0 {
		k = DefaultK
	}
	q, err := BuildQuery(text)
	if err != nil {
		return Retrieval{}, err
	}
	r := Retrieval{Query: q}
	if f.Active() {
		n, err := s.search.CountUndated(ctx)
		if err != nil {
			return r, fmt.Errorf("retrieve: %w", err)
		}
		if n > 0 {
			r.Notes = append(r.Notes, fmt.Sprintf("%d undated article(s) were left out by the date filter.", n))
		}
	}
	hits, err := s.search.Search(ctx, q.Match, f, max(50, 5*k))
	if err != nil {
		return r, fmt.Errorf("retrieve: %w", err)
	}
	ts, err := s.search.TermStats(ctx, q.Stems)
	if err != nil {
		return r, fmt.Errorf("retrieve: %w", err)
	}
	r.Weights = termWeights(q, ts)
	hits = rerank(hits, q)
	if len(hits) > k {
		hits = hits[:k]
	}
	r.Hits = hits
	for _, h := range hits[:min(3, len(hits))] {
		r.Coverage = max(r.Coverage, coverage(h.Passage, r.Weights))
	}
	r.Found = r.Coverage >= minCoverage
	return r, nil
}

// Ask answers a question: retrieve, gate, then write with the Answerer.
// When the corpus does not cover the question the answer says so, names
// the nearest articles and has Found false. It returns ErrNoTerms
// (wrapped) for a question with nothing searchable.
func (s *Service) Ask(ctx context.Context, q Question) (Answer, error) {
	r, err := s.Retrieve(ctx, q.Text, q.Filter, q.K)
	if err != nil {
		return Answer{}, err
	}
	if !r.Found {
		return notFound(q.Text, r), nil
	}
	a, err := s.answerer.Answer(ctx, Request{Question: q.Text, Query: r.Query, Weights: r.Weights, Passages: r.Hits, OnDelta: q.OnDelta})
	if err != nil {
		return Answer{}, fmt.Errorf("answer: %w", err)
	}
	a.Question, a.Passages, a.Notes = q.Text, r.Hits, append(r.Notes, a.Notes...)
	return a, nil
}

func notFound(question string, r Retrieval) Answer {
	a := Answer{Question: question, Mode: "extractive", Passages: r.Hits, Notes: r.Notes}
	seen := map[string]bool{}
	for _, h := range r.Hits {
		if !seen[h.DocID] && len(a.Nearest) < 3 {
			seen[h.DocID] = true
			a.Nearest = append(a.Nearest, h.Title)
		}
	}
	if len(a.Nearest) == 0 {
		a.Text = "The articles don't cover this. Try other words, or list the articles with `docs`."
		return a
	}
	a.Text = "The articles don't answer this. The closest ones are: " + quoteList(a.Nearest) + "."
	return a
}

func quoteList(titles []string) string {
	q := make([]string, len(titles))
	for i, t := range titles {
		q[i] = "“" + t + "”"
	}
	return strings.Join(q, "; ")
}
