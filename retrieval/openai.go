package retrieval

// This is the only file that imports go-openai: it adapts any
// OpenAI-compatible chat completion server (OpenAI, Ollama, vLLM,
// llama.cpp's llama-server) to the Completer interface.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// LLMOptions configure an OpenAI-compatible server.
type LLMOptions struct {
	APIKey      string
	BaseURL     string // "" means https://api.openai.com/v1
	Model       string
	Temperature float64
	MaxTokens   int
	// MaxRetries bounds retries of 429 and 5xx responses; 0 means 3.
	MaxRetries int
	// HTTPClient, if set, is used instead of a default client; its
	// transport is wrapped with retries.
	HTTPClient *http.Client
	Log        *slog.Logger
	// Observe, if set, is told about every completion request (for metrics).
	Observe func(LLMCall)
}

// LLMCall describes one completion request.
type LLMCall struct {
	Model            string
	Duration         time.Duration
	PromptTokens     int
	CompletionTokens int
	Err              error
}

// OpenAI is a Completer backed by an OpenAI-compatible chat API.
type OpenAI struct {
	client *openai.Client
	opts   LLMOptions
	log    *slog.Logger
}

// NewOpenAI returns a Completer for the server in opts.
func NewOpenAI(opts LLMOptions) *OpenAI {
	if opts.MaxRetries == 0 {
		opts.MaxRetries = 3
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg := openai.DefaultConfig(opts.APIKey)
	if opts.BaseURL != "" {
		cfg.BaseURL = strings.TrimRight(opts.BaseURL, "/")
	}
	base := http.DefaultTransport
	if opts.HTTPClient != nil && opts.HTTPClient.Transport != nil {
		base = opts.HTTPClient.Transport
	}
	// The library never retries and its default client has no timeout:
	// callers pass a context with a deadline, and this transport retries.
	cfg.HTTPClient = &http.Client{Transport: &retryTransport{base: base, max: opts.MaxRetries, log: log}}
	return &OpenAI{client: openai.NewClientWithConfig(cfg), opts: opts, log: log}
}

// Model returns the configured model name.
func (o *OpenAI) Model() string { return o.opts.Model }

// Complete streams a chat completion, calling onDelta with each piece of
// text as it arrives. A stream that ends without a finish_reason (cut
// before [DONE], or a server error the library dropped) is an error that
// still returns the text received so far.
func (o *OpenAI) Complete(ctx context.Context, msgs []Message, onDelta func(string)) (c Completion, err error) {
	if o.opts.Observe != nil {
		start := time.Now()
		defer func() {
			o.opts.Observe(LLMCall{Model: o.opts.Model, Duration: time.Since(start), PromptTokens: c.PromptTokens, CompletionTokens: c.CompletionTokens, Err: err})
		}()
	}
	req := openai.ChatCompletionRequest{
		Model:         o.opts.Model,
		MaxTokens:     o.opts.MaxTokens, // max_tokens: llama.cpp-style servers ignore max_completion_tokens
		Temperature:   float32(o.opts.Temperature),
		Stream:        true,
		StreamOptions: &openai.StreamOptions{IncludeUsage: true},
	}
	if req.Temperature == 0 {
		// temperature is omitempty: 0 would be dropped and the server's
		// default (often 0.8 or 1) used instead.
		req.Temperature = math.SmallestNonzeroFloat32
	}
	for _, m := range msgs {
		req.Messages = append(req.Messages, openai.ChatCompletionMessage{Role: m.Role, Content: m.Content})
	}
	stream, err := o.client.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return Completion{}, o.classify(ctx, err)
	}
	defer stream.Close()
	var b strings.Builder
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			c.Text = b.String()
			return c, o.classify(ctx, err)
		}
		if chunk.Usage != nil {
			c.PromptTokens, c.CompletionTokens = chunk.Usage.PromptTokens, chunk.Usage.CompletionTokens
		}
		for _, ch := range chunk.Choices { // the usage chunk has no choices
			if ch.Index != 0 {
				continue
			}
			if ch.Delta.Content != "" {
				b.WriteString(ch.Delta.Content)
				if onDelta != nil {
					onDelta(ch.Delta.Content)
				}
			}
			if ch.FinishReason != "" {
				c.FinishReason = string(ch.FinishReason)
			}
		}
	}
	c.Text = b.String()
	if c.FinishReason == "" {
		if err := ctx.Err(); err != nil {
			return c, &LLMError{Msg: "the request was cancelled or timed out", Err: err}
		}
		return c, &LLMError{Msg: "the answer stream ended before it was complete", Retryable: true}
	}
	return c, nil
}

// classify turns a go-openai error into an LLMError with a short cause.
// HTTP status comes from *RequestError (any non-2xx response) before
// *APIError (a JSON error body, or one streamed after HTTP 200, status 0).
func (o *OpenAI) classify(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return &LLMError{Msg: "the request was cancelled or timed out", Err: cerr}
	}
	var reqErr *openai.RequestError
	var apiErr *openai.APIError
	status, msg := 0, ""
	switch {
	case errors.As(err, &reqErr):
		status, msg = reqErr.HTTPStatusCode, reqErr.Error()
	case errors.As(err, &apiErr):
		status, msg = apiErr.HTTPStatusCode, apiErr.Message
	default:
		msg = err.Error()
	}
	msg = o.redact(msg)
	e := &LLMError{Status: status, Msg: describeStatus(status, msg), Retryable: status == 429 || status >= 500}
	return e
}

func describeStatus(status int, msg string) string {
	switch {
	case status == 401 || status == 403:
		return fmt.Sprintf("the server rejected the API key (HTTP %d): check OPENAI_API_KEY", status)
	case status == 404:
		return "the server does not know this model or URL (HTTP 404): check DOCBOT_MODEL and OPENAI_BASE_URL"
	case status == 429:
		return "the server is rate limiting requests (HTTP 429)"
	case status >= 500:
		return fmt.Sprintf("the server failed (HTTP %d)", status)
	case status >= 400:
		return fmt.Sprintf("the server refused the request (HTTP %d): %s", status, shorten(msg, 200))
	}
	return "cannot reach the LLM server: " + shorten(msg, 200)
}

// redact removes the API key from text that may echo it.
func (o *OpenAI) redact(s string) string {
	if k := o.opts.APIKey; len(k) >= 4 {
		s = strings.ReplaceAll(s, k, "[redacted]")
	}
	return s
}

func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// retryTransport retries 429 and 5xx responses with exponential backoff and
// full jitter, honouring Retry-After, as long as the request's context
// leaves time for the wait.
type retryTransport struct {
	base http.RoundTripper
	max  int
	log  *slog.Logger
}

const (
	retryBase = 250 * time.Millisecond
	retryCap  = 8 * time.Second
)

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body.Close()
	}
	for attempt := 0; ; attempt++ {
		r := req.Clone(req.Context())
		if body != nil {
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		resp, err := t.base.RoundTrip(r)
		if err != nil || !retryable(resp.StatusCode) || attempt >= t.max {
			return resp, err
		}
		wait := backoff(attempt, resp.Header.Get("Retry-After"))
		if dl, ok := req.Context().Deadline(); ok && time.Until(dl) < wait {
			return resp, nil // no time left to wait: report this response
		}
		t.log.Warn("llm retry", "status", resp.StatusCode, "attempt", attempt+1, "wait", wait)
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		timer := time.NewTimer(wait)
		select {
		case <-req.Context().Done():
			timer.Stop()
			return nil, req.Context().Err()
		case <-timer.C:
		}
	}
}

func retryable(status int) bool {
	return status == http.StatusTooManyRequests || status >= 500
}

// backoff is the wait before retry attempt+1: Retry-After when the server
// gives one (seconds or an HTTP date), else exponential with full jitter.
func backoff(attempt int, retryAfter string) time.Duration {
	if retryAfter != "" {
		if s, err := strconv.ParseFloat(retryAfter, 64); err == nil && s >= 0 {
			return min(time.Duration(s*float64(time.Second)), 60*time.Second)
		}
		if t, err := http.ParseTime(retryAfter); err == nil {
			return min(max(time.Until(t), 0), 60*time.Second)
		}
	}
	d := min(retryBase<<attempt, retryCap)
	return d/2 + rand.N(d/2+1)
}
