package retrieval

import (
	"context"
	"encoding/json"
	"log/slog"
	"strconv"
	"strings"
	"unicode"
)

// AnswerCache stores answers written by a model, keyed by the question and
// everything that could change its answer.
type AnswerCache interface {
	// Generation is the index's generation; every write bumps it.
	Generation(ctx context.Context) (int64, error)
	// CachedAnswer returns the value saved under key, or "".
	CachedAnswer(ctx context.Context, key string) (string, error)
	SaveAnswer(ctx context.Context, key, value string) error
}

// CachedAsker answers like its Service, but answers a question asked
// before (the same words, ignoring case, spacing and final punctuation,
// with the same filter) on the same index generation, model and prompt
// version from the cache, with the original citations and without calling
// the model. Only whole, verified model answers are cached; follow-ups
// (which depend on the conversation) never are.
type CachedAsker struct {
	*Service
	cache AnswerCache
	model string
	log   *slog.Logger
}

// NewCachedAsker wraps svc with cache for answers by model.
func NewCachedAsker(svc *Service, cache AnswerCache, model string, log *slog.Logger) *CachedAsker {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &CachedAsker{Service: svc, cache: cache, model: model, log: log}
}

// cachedAnswer is what the cache keeps of an answer.
type cachedAnswer struct {
	Text      string     `json:"text"`
	Citations []Citation `json:"citations"`
	Model     string     `json:"model"`
	Passages  []Hit      `json:"passages"`
}

// Ask implements the Service's Ask through the cache.
func (c *CachedAsker) Ask(ctx context.Context, q Question) (Answer, error) {
	if len(q.History) > 0 {
		return c.Service.Ask(ctx, q)
	}
	gen, err := c.cache.Generation(ctx)
	if err != nil {
		c.log.Warn("answer cache: generation", "error", err)
		return c.Service.Ask(ctx, q)
	}
	key := cacheKey("answer", normalizeQuestion(q.Text), q.Filter.Since, q.Filter.Until, q.Filter.DocID, strconv.Itoa(q.K),
		strconv.FormatInt(gen, 10), c.model, PromptVersion)
	if v, err := c.cache.CachedAnswer(ctx, key); err == nil && v != "" {
		var ca cachedAnswer
		if json.Unmarshal([]byte(v), &ca) == nil {
			return Answer{Question: q.Text, Text: ca.Text, Found: true, Citations: ca.Citations, Mode: ModeLLM,
				Model: ca.Model, Passages: ca.Passages, Cached: true}, nil
		}
	}
	a, err := c.Service.Ask(ctx, q)
	if err != nil || !a.Found || a.Mode != ModeLLM || a.CutOff || a.Standalone != "" {
		return a, err
	}
	b, _ := json.Marshal(cachedAnswer{Text: a.Text, Citations: a.Citations, Model: a.Model, Passages: a.Passages})
	if err := c.cache.SaveAnswer(ctx, key, string(b)); err != nil {
		c.log.Warn("answer cache: save", "error", err)
	}
	return a, nil
}

// normalizeQuestion folds what does not change a question's meaning: case,
// spacing and final punctuation.
func normalizeQuestion(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	return strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
}
