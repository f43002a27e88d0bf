package retrieval

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/docbot/docbot/internal/text"
)

// Completer is a chat model that streams its reply.
type Completer interface {
	// Complete returns the model's reply to msgs, calling onDelta (if not
	// nil) with each piece of text as it arrives. On error the Completion
	// holds whatever text arrived before it.
	Complete(ctx context.Context, msgs []Message, onDelta func(string)) (Completion, error)
	// Model names the model, for display.
	Model() string
}

// Completion is a finished model reply.
type Completion struct {
	Text             string
	FinishReason     string
	PromptTokens     int
	CompletionTokens int
}

// LLMErrorKind classifies a failed model request, for logs and metrics.
type LLMErrorKind string

// The kinds of model failure.
const (
	LLMUnreachable  LLMErrorKind = "unreachable"   // no connection to the server
	LLMRejectedKey  LLMErrorKind = "rejected_key"  // HTTP 401 or 403
	LLMUnknownModel LLMErrorKind = "unknown_model" // HTTP 404
	LLMRateLimited  LLMErrorKind = "rate_limited"  // HTTP 429
	LLMOverloaded   LLMErrorKind = "overloaded"    // HTTP 5xx
	LLMRejected     LLMErrorKind = "rejected"      // another HTTP 4xx
	LLMStreamBroken LLMErrorKind = "stream_broken" // the stream ended early or carried an error
	LLMTimedOut     LLMErrorKind = "timed_out"     // the deadline passed (or the caller cancelled)
	LLMCutOff       LLMErrorKind = "cut_off"       // finish_reason "length": max tokens reached
	LLMBusy         LLMErrorKind = "busy"          // the queue in front of the model is too long
)

// LLMError is a failed model request. Msg is short and safe to show users:
// it never holds a URL, a host, the API key or Go's error text; Detail
// (the server's own message, or the transport error) is for the log.
type LLMError struct {
	Kind      LLMErrorKind
	Status    int // HTTP status, 0 when there was no HTTP error
	Msg       string
	Detail    string
	Retryable bool
	Err       error
}

func (e *LLMError) Error() string {
	s := "llm " + string(e.Kind) + ": " + e.Msg
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}
func (e *LLMError) Unwrap() error { return e.Err }

// LLMAnswerer writes answers with a Completer, verifies their citations,
// and falls back to the extractive answerer when the model fails.
type LLMAnswerer struct {
	llm     Completer
	budget  int           // context tokens for passages
	timeout time.Duration // for one answer, retries and regeneration included
	log     *slog.Logger
}

// NewLLMAnswerer returns an Answerer that uses llm. budget is the token
// budget for passages in the prompt; timeout bounds one answer.
func NewLLMAnswerer(llm Completer, budget int, timeout time.Duration, log *slog.Logger) *LLMAnswerer {
	budget, timeout, log = llmDefaults(budget, timeout, log)
	return &LLMAnswerer{llm: llm, budget: budget, timeout: timeout, log: log}
}

// llmDefaults fills in a zero token budget (3000), timeout (30 s) or logger.
func llmDefaults(budget int, timeout time.Duration, log *slog.Logger) (int, time.Duration, *slog.Logger) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if budget <= 0 {
		budget = 3000
	}
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	return budget, timeout, log
}

// Answer implements Answerer. A model failure (after the transport's
// retries), a timeout or a broken stream without supported sentences gives
// the extractive answer with a note saying why; cancellation of ctx by the
// caller returns ctx's error at once. A reply that declines to answer, or
// in which no sentence is supported by a passage, is not found.
func (l *LLMAnswerer) Answer(ctx context.Context, r Request) (Answer, error) {
	actx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	msgs, sent := answerMessages(r.Question, r.Passages, l.budget)
	start := time.Now()
	c, err := l.llm.Complete(actx, msgs, r.OnDelta)
	if err != nil && ctx.Err() != nil {
		return Answer{}, ctx.Err() // the caller gave up: stop at once
	}
	checkPromptSeen(l.log, msgs, c)
	reply := c.Text
	cutOff := err == nil && c.FinishReason == "length"
	if err != nil || cutOff {
		reply = completeSentences(reply) // an unfinished sentence is no claim
	}
	if cutOff {
		logLLMError(l.log, "llm answer cut off", &LLMError{Kind: LLMCutOff, Msg: "the answer reached the token limit"})
	}
	a, g, ok := l.build(reply, sent)
	if err != nil && !(ok && a.Found) {
		return l.fallback(ctx, r, err)
	}
	if err != nil { // a broken stream whose sentences are supported is kept
		logLLMError(l.log, "llm stream broke: keeping the supported part", err)
		a.Notes = append(a.Notes, "The model's answer was cut off; this is what arrived.")
		a.CutOff = true
	}
	if cutOff {
		a.Notes = append(a.Notes, "The model's answer was cut off at its length limit; this is what it wrote before.")
		a.CutOff = true
	}
	regenerated := false
	if bad := badQuotes(a.Text, citedPassages(a, sent)); len(bad) > 0 && err == nil && a.Found && g.Attributed == 0 {
		// The model cited its own sentences but misquoted: ask once more.
		l.log.Info("llm quoted text not in passages: regenerating", "quotes", len(bad))
		fix := append(msgs, Message{Role: "assistant", Content: c.Text}, Message{Role: "user", Content: "Some quoted words are not in the passages: " +
			strings.Join(bad, "; ") + ". Answer again, putting in quotation marks only words copied exactly from a passage."})
		if c2, err2 := l.llm.Complete(actx, fix, nil); err2 == nil {
			if a2, g2, ok2 := l.build(c2.Text, sent); ok2 && a2.Found {
				a, g, regenerated = a2, g2, true
				c.CompletionTokens += c2.CompletionTokens
			}
		}
	}
	a.Text = unquote(a.Text, citedPassages(a, sent)) // never present invented words as a quotation
	l.log.Debug("llm answer", "model", l.llm.Model(), "latency", time.Since(start), "found", a.Found,
		"kept", g.Kept, "dropped", g.Dropped, "recited", g.Recited, "attributed", g.Attributed,
		"prompt_tokens", c.PromptTokens, "completion_tokens", c.CompletionTokens)
	if !a.Found {
		return l.notGrounded(ctx, r, a)
	}
	if note := checkedNote(g, regenerated); note != "" {
		a.Notes = append(a.Notes, note)
	}
	return a, nil
}

// checkPromptSeen warns when the server reports fewer prompt tokens than
// any tokenizer would give the prompt sent: it silently dropped part of it
// (llama.cpp's context shift drops the front). Raise the server's context
// size or lower DOCBOT_CONTEXT_TOKENS.
func checkPromptSeen(log *slog.Logger, msgs []Message, c Completion) {
	if c.PromptTokens <= 0 {
		return
	}
	low := 0
	for _, m := range msgs {
		low += minTokens(m.Content)
	}
	if c.PromptTokens < low {
		log.Warn("llm server saw less of the prompt than was sent: raise its context size or lower DOCBOT_CONTEXT_TOKENS",
			"prompt_tokens", c.PromptTokens, "sent_at_least", low)
	}
}

// checkedNote tells the reader how the checked answer differs from the
// draft they watched stream in, when it does materially.
func checkedNote(g grounding, regenerated bool) string {
	var parts []string
	if regenerated {
		parts = append(parts, "the model's first draft misquoted a passage, so this is its second answer")
	}
	if g.Dropped > 0 {
		parts = append(parts, fmt.Sprintf("%d %s no passage supports %s removed", g.Dropped, plural(g.Dropped, "sentence", "sentences"), plural(g.Dropped, "was", "were")))
	}
	if g.Recited > 0 {
		parts = append(parts, fmt.Sprintf("%d %s cited to the wrong passage %s corrected", g.Recited, plural(g.Recited, "sentence", "sentences"), plural(g.Recited, "was", "were")))
	}
	if len(parts) == 0 {
		return ""
	}
	return "Checked against the sources: " + strings.Join(parts, "; ") + "."
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// completeSentences drops an unfinished last sentence (a reply cut off at
// max tokens ends mid-sentence).
func completeSentences(reply string) string {
	reply = strings.TrimSpace(reply)
	if reply == "" || strings.ContainsRune(".!?…]", rune(reply[len(reply)-1])) {
		return reply
	}
	spans := text.Sentences(reply)
	if len(spans) <= 1 {
		return ""
	}
	return reply[:spans[len(spans)-2].End]
}

// build checks a model reply against the passages it was given: refusals
// are not found; citation styles are normalised; every sentence must be
// supported by the passage it cites (re-cited or removed otherwise), and
// unmarked sentences are attributed to their best passage. ok is false
// when the reply has no text at all.
func (l *LLMAnswerer) build(reply string, sent []Hit) (Answer, grounding, bool) {
	a := Answer{Mode: ModeLLM, Model: l.llm.Model()}
	reply = strings.TrimSpace(reply)
	if reply == "" {
		return a, grounding{}, false
	}
	if isRefusal(reply) {
		a.Refused = true
		return a, grounding{}, true
	}
	norm, listed := normalizeCitations(reply, len(sent))
	g := ground(norm, sent, listed)
	if g.Kept == 0 {
		return a, g, true
	}
	v := verifyMarkers(g.Text, len(sent))
	a.Text = v.Text
	if len(v.Cited) == 0 {
		return a, g, true
	}
	a.Found = true
	for i, idx := range v.Cited {
		h := sent[idx]
		a.Citations = append(a.Citations, Citation{N: i + 1, DocID: h.DocID, Title: h.Title, URL: h.URL,
			PassageID: h.ID, Date: h.Date, Quote: bestSentence(h.Passage, claimsCiting(v.Text, i+1))})
	}
	return a, g, true
}

// citedPassages returns the passages an answer cites, in full.
func citedPassages(a Answer, sent []Hit) []Passage {
	byID := make(map[string]Passage, len(sent))
	for _, h := range sent {
		byID[h.ID] = h.Passage
	}
	ps := make([]Passage, 0, len(a.Citations))
	for _, c := range a.Citations {
		ps = append(ps, byID[c.PassageID])
	}
	return ps
}

// fallback answers extractively and says why the model was not used.
func (l *LLMAnswerer) fallback(ctx context.Context, r Request, cause error) (Answer, error) {
	logLLMError(l.log, "llm failed: answering extractively", cause)
	a, err := Extractive{}.Answer(ctx, r)
	if err != nil {
		return a, err
	}
	a.Mode = ModeFallback
	a.Notes = append(a.Notes, "The language model could not answer ("+userCause(cause)+"); this answer is quoted from the articles.")
	return a, nil
}

// notGrounded reports an answer without valid citations as not found,
// offering the extractive answer's passages as the closest ones.
func (l *LLMAnswerer) notGrounded(ctx context.Context, r Request, a Answer) (Answer, error) {
	ex, err := Extractive{}.Answer(ctx, r)
	if err != nil {
		return a, err
	}
	out := Answer{Mode: a.Mode, Model: a.Model, Text: notFoundReply, Closest: ex.Citations, Refused: a.Refused}
	seen := map[string]bool{}
	for _, c := range ex.Citations {
		if !seen[c.DocID] {
			seen[c.DocID] = true
			out.Nearest = append(out.Nearest, c.Title)
		}
	}
	if len(out.Nearest) > 0 {
		out.Text += " The closest articles are: " + quoteList(out.Nearest) + "."
	}
	return out, nil
}

// userCause is the short reason shown to users for a failed model
// request: never a URL, a host or Go's error text.
func userCause(err error) string {
	var le *LLMError
	if errors.As(err, &le) {
		return le.Msg
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "it took too long"
	}
	if errors.Is(err, errUnsupported) {
		return "nothing it wrote was supported by a cited passage"
	}
	return "an unexpected error"
}

// logLLMError logs a model failure with its kind, status and detail.
func logLLMError(log *slog.Logger, msg string, err error) {
	var le *LLMError
	if errors.As(err, &le) {
		log.Warn(msg, "kind", string(le.Kind), "status", le.Status, "detail", le.Detail)
		return
	}
	kind := "other"
	if errors.Is(err, context.DeadlineExceeded) {
		kind = string(LLMTimedOut)
	}
	log.Warn(msg, "kind", kind, "error", err)
}
