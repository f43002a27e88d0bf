// Package retrieval turns questions into cited answers: it builds safe
// full-text queries, ranks and gates passages, and writes answers through
// an Answerer (extractive offline, or an LLM). It declares the Searcher it
// needs; package store implements it.
package retrieval

import (
	"context"
	"errors"

	"github.com/docbot/docbot/internal/text"
)

// Passage is an indexed chunk of an article.
type Passage struct {
	ID      string `json:"passage_id"` // "<doc id>#<ordinal>"
	DocID   string `json:"doc_id"`
	Title   string `json:"title"`
	URL     string `json:"url,omitempty"`
	Date    string `json:"date,omitempty"` // YYYY-MM-DD or ""
	Heading string `json:"heading,omitempty"`
	Text    string `json:"text"`
	Ordinal int    `json:"-"`
	// Code are the spans of Text that are code blocks: searched like the
	// rest, never quoted as a prose sentence.
	Code []text.Span `json:"-"`
}

// Hit is a passage found for a query; a higher Score is better.
type Hit struct {
	Passage
	Score float64 `json:"score"`
}

// Filter restricts a search to articles dated within [Since, Until]
// (YYYY-MM-DD, either may be empty). A filter excludes undated articles.
type Filter struct {
	Since, Until string
	DocID        string // only this article, when set
	// naming holds the stems of the question's words that name DocID
	// ("the paris article"), set by Ask: true of every passage searched.
	naming []string
	// storyAsks: what the question asks only names the article ("…which
	// is it according to the article about zelensky and trump"): the
	// story told before it is what is asked.
	storyAsks bool
}

// Active reports whether the filter restricts by date.
func (f Filter) Active() bool { return f.Since != "" || f.Until != "" }

// TermStats are document frequencies for query terms.
type TermStats struct {
	Passages int            // passages in the index
	DF       map[string]int // stemmed term → passages containing it
	// AvgLen is the average number of words per passage in its title,
	// heading and body, for the re-ranker's length normalisation.
	AvgLen [3]float64
	// Generation is the index generation the figures belong to: every
	// write to the index bumps it.
	Generation int64
}

// Vocabulary is the index's vocabulary at one generation (a counter that
// every write to the index bumps).
type Vocabulary struct {
	Generation int64
	DF         map[string]int // stemmed term → passages containing it; read-only
	// Aliases maps an acronym the articles define ("icc") to what it
	// stands for ("International Criminal Court"), the most often written
	// spelling when they differ; read-only.
	Aliases map[string]string
	// Acronyms holds every acronym of two to MaxAcronym letters that some
	// passage spells out in capitalised words (text.SpelledOutAcronyms),
	// or is nil when the index is too large to collect them: an acronym
	// the index lacks and not in it has nothing to expand to. Read-only.
	Acronyms map[string]bool
}

// Searcher is the full-text index retrieval reads from.
type Searcher interface {
	// Search runs an FTS5 MATCH expression and returns up to limit hits,
	// best first, scored by weighted bm25 (negated: higher is better).
	Search(ctx context.Context, match string, f Filter, limit int) ([]Hit, error)
	// TermStats returns how many passages contain each stemmed term.
	TermStats(ctx context.Context, stems []string) (TermStats, error)
	// Vocabulary returns every stemmed term of the index with its passage
	// count; it changes only with the index generation.
	Vocabulary(ctx context.Context) (Vocabulary, error)
	// CountUndated returns how many indexed articles have no date.
	CountUndated(ctx context.Context) (int, error)
}

// ErrNoTerms means a question has nothing searchable in it (only stop words,
// punctuation or symbols).
var ErrNoTerms = errors.New("the question has no searchable words")

// Document describes an indexed article.
type Document struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
	Date  string `json:"date"`
	// Labels: what the page shows around the article that a reader may
	// call it by ("Breaking News; Los Angeles"; see corpus.Document).
	Labels    string `json:"labels,omitempty"`
	Hash      string `json:"-"`
	Passages  int    `json:"passages"`
	IndexedAt string `json:"-"`
}
