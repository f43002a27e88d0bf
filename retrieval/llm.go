package retrieval

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
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

// LLMError is a failed model request with a short, user-presentable cause.
// It never contains the API key.
type LLMError struct {
	Status    int // HTTP status, 0 when there was no HTTP error
	Msg       string
	Retryable bool
	Err       error
}

func (e *LLMError) Error() string { return "llm: " + e.Msg }
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
// retries), a timeout or a broken stream without valid citations gives the
// extractive answer with a note saying why; cancellation of ctx by the
// caller returns ctx's error at once.
func (l *LLMAnswerer) Answer(ctx context.Context, r Request) (Answer, error) {
	actx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	msgs, sent := answerMessages(r.Question, r.Passages, l.budget)
	start := time.Now()
	c, err := l.llm.Complete(actx, msgs, r.OnDelta)
	if err != nil && ctx.Err() != nil {
		return Answer{}, ctx.Err() // the caller gave up: stop at once
	}
	a, ok := l.build(c.Text, sent)
	if err != nil && !(ok && a.Found) {
		return l.fallback(ctx, r, err)
	}
	if err != nil { // a broken stream whose text carries valid citations is kept
		a.Notes = append(a.Notes, "The model's answer was cut off; this is what arrived.")
	}
	if bad := badQuotes(a.Text, citedPassages(a, sent)); len(bad) > 0 && err == nil {
		l.log.Info("llm quoted text not in passages: regenerating", "quotes", len(bad))
		fix := append(msgs, Message{Role: "assistant", Content: c.Text}, Message{Role: "user", Content: "Some quoted words are not in the passages: " +
			strings.Join(bad, "; ") + ". Answer again, putting in quotation marks only words copied exactly from a passage."})
		if c2, err2 := l.llm.Complete(actx, fix, nil); err2 == nil {
			if a2, ok2 := l.build(c2.Text, sent); ok2 && a2.Found {
				a, c.CompletionTokens = a2, c.CompletionTokens+c2.CompletionTokens
			}
		}
		a.Text = unquote(a.Text, citedPassages(a, sent)) // never present invented words as a quotation
	}
	l.log.Debug("llm answer", "model", l.llm.Model(), "latency", time.Since(start), "found", a.Found,
		"prompt_tokens", c.PromptTokens, "completion_tokens", c.CompletionTokens)
	if !a.Found {
		return l.notGrounded(ctx, r, a)
	}
	return a, nil
}

// build verifies a model reply against the passages it was given. ok is
// false when the reply has no text at all.
func (l *LLMAnswerer) build(reply string, sent []Hit) (Answer, bool) {
	a := Answer{Mode: l.llm.Model()}
	reply = strings.TrimSpace(reply)
	if reply == "" {
		return a, false
	}
	v := verifyMarkers(reply, len(sent))
	a.Text = v.Text
	if len(v.Cited) == 0 || saysNotFound(v.Text) {
		return a, true
	}
	a.Found = true
	for i, idx := range v.Cited {
		h := sent[idx]
		a.Citations = append(a.Citations, Citation{N: i + 1, DocID: h.DocID, Title: h.Title, URL: h.URL,
			PassageID: h.ID, Date: h.Date, Quote: bestSentence(h.Passage, claimsCiting(v.Text, i+1))})
	}
	return a, true
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
	l.log.Warn("llm failed: answering extractively", "error", cause)
	a, err := Extractive{}.Answer(ctx, r)
	if err != nil {
		return a, err
	}
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
	out := Answer{Mode: a.Mode, Text: notFoundReply, Closest: ex.Citations}
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

func userCause(err error) string {
	var le *LLMError
	if errors.As(err, &le) {
		return le.Msg
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "it took too long"
	}
	return fmt.Sprintf("%.120s", err.Error())
}
