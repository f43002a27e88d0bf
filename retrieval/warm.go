package retrieval

import (
	"context"
	"math"
	"runtime/debug"

	"github.com/docbot/docbot/internal/text"
)

// A generation's first questions used to pay for what every later question
// finds in memory: the embedded tables (background model, WordNet), the
// index's vocabulary (and the acronym set and speller buckets drawn from
// it), WordNet's names the index holds, the stems of a small index's
// passages, and, in a fresh process, the stem of every word of the
// candidates (the process-wide stem cache). Warm does that work ahead, when
// a generation is opened, so that a question arriving after it pays none
// of it and one arriving during it waits for nothing it would not have
// done itself (see docs/BENCHMARKS.md, "Session 10, issue 19").

// PassageWalker is what a Searcher may also offer: the passages of the
// index one at a time, at most limit of them, each as Search returns it
// (Score aside), so that Warm can stem a large index's words without
// holding its passages.
type PassageWalker interface {
	// WalkPassages calls fn with each passage, at most limit of them.
	WalkPassages(ctx context.Context, limit int, fn func(*Hit)) error
}

// warmAheadPassages bounds the index whose passages Warm stems and keeps
// (warmPassages bounds the one a generation's first question stems itself,
// where it would wait for it), and so does half the process's soft memory
// limit (see warmAheadLimit): each costs about passageBytes with its row
// in the Searcher's cache (85 MB at 10,000 passages), which the caches
// would reach anyway as the passages turn up among the candidates, and
// about 100 µs of a background goroutine's time.
const (
	warmAheadPassages = 20_000
	passageBytes      = 8_500
)

// warmAheadLimit is the largest index whose passages Warm keeps the stems
// of: warmAheadPassages, or fewer when half the soft memory limit (192 MiB
// in docbot unless GOMEMLIMIT says otherwise: some 11,800 passages) would
// not hold them.
func warmAheadLimit() int {
	n := warmAheadPassages
	if limit := debug.SetMemoryLimit(-1); limit < math.MaxInt64 {
		n = min(n, int(limit/2/passageBytes))
	}
	return n
}

// warmWordPassages bounds the passages whose words Warm stems when the
// index is too large for its passages' stems to be kept (warmAheadLimit):
// tokenizing and stemming costs about 10 µs a passage with most words
// already cached, and the process-wide stem cache stops growing at its own
// bound, so memory is bounded whatever the index.
const warmWordPassages = 50_000

// Warm fills the caches of the index's current generation: the embedded
// tables, the vocabulary, the speller's buckets, the names WordNet defines
// that the index holds, and the stems of its passages (all of them, kept,
// for an index of up to warmAheadLimit; else the words of up to
// warmWordPassages, in the process-wide stem cache). Every cache is one
// a question fills the same way, so answers do not depend on whether or
// when Warm ran; it is safe to run while questions are asked, and a
// question never waits for it (a question that needs the vocabulary while
// Warm reads it waits for that read only, which it would otherwise make
// itself). It returns when done or when ctx ends; run it on a goroutine
// whose ctx ends when the generation is replaced or the process stops.
func (s *Service) Warm(ctx context.Context) error {
	ts, err := s.search.TermStats(ctx, nil)
	if err != nil || ts.Passages == 0 {
		return err
	}
	// Claimed first, so that a question asked meanwhile does not stem a
	// small index's passages itself; they are stemmed last.
	l, lists := s.search.(PassageLister)
	ahead := warmAheadLimit()
	small := lists && ts.Passages <= ahead && s.passages.claim(ts.Generation)
	text.Preload()
	nameKinds()
	stopStems()
	longStopWords()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	v, err := s.vocabulary(ctx, ts.Generation)
	if err != nil {
		return err
	}
	s.spell.get(v)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	s.names.get(v)
	switch w, walks := s.search.(PassageWalker); {
	case small:
		s.passages.fill(ctx, l, ts.Generation, ahead)
	case walks && ts.Passages > ahead:
		err = w.WalkPassages(ctx, warmWordPassages, func(h *Hit) {
			stemWords(h.Title)
			stemWords(h.Heading)
			stemWords(h.Text)
		})
	}
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// stemWords enters the stem of each word of s in the process-wide stem
// cache.
func stemWords(s string) {
	for _, t := range text.Tokenize(s) {
		text.Stem(t.Word)
	}
}

// claim marks gen's passages as stemmed ahead (by whoever claims them),
// so that warm does not stem them again; it reports false when they were
// claimed already.
func (c *passageCache) claim(gen int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.warmed == gen && c.m != nil {
		return false
	}
	if c.gen != gen || c.m == nil {
		c.gen, c.m, c.arts = gen, map[string]*passageTerms{}, map[string]*articleTerms{}
	}
	c.warmed = gen
	return true
}

// fill stems every passage l lists, for generation gen, unless there are
// more than limit or ctx ends first.
func (c *passageCache) fill(ctx context.Context, l PassageLister, gen int64, limit int) {
	hits, err := l.AllPassages(ctx)
	if err != nil || len(hits) > limit {
		return
	}
	for i := range hits {
		if ctx.Err() != nil {
			return
		}
		c.terms(&hits[i], gen)
	}
}
