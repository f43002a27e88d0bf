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
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/docbot/docbot/internal/retry"
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
		Temperature:   float32(o.opts.Temperature),
		Stream:        true,
		StreamOptions: &openai.StreamOptions{IncludeUsage: true},
	}
	//lint:ignore SA1019 max_tokens on purpose: llama.cpp-style servers ignore max_completion_tokens
	req.MaxTokens = o.opts.MaxTokens
	if req.Temperature == 0 {
		// temperature is omitempty: 0 would be dropped and the server's
		// default (often 0.8 or 1) used instead.
		req.Temperature = math.SmallestNonzeroFloat32
	}
	for _, m := range msgs {
		req.Messages = append(req.Messages, openai.ChatCompletionMessage{Role: m.Role, Content: m.Content})
	}
	tap := &streamTap{}
	stream, err := o.client.CreateChatCompletionStream(context.WithValue(ctx, streamTapKey{}, tap), req)
	if err != nil {
		return Completion{}, o.classify(ctx, err, false, tap)
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
			return c, o.classify(ctx, err, true, tap)
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
			return c, &LLMError{Kind: LLMTimedOut, Msg: "it took too long", Err: err}
		}
		return c, &LLMError{Kind: LLMStreamBroken, Msg: "the answer stream broke off", Detail: o.redact(tap.errorLine()), Retryable: true}
	}
	return c, nil
}

// classify turns a go-openai error into an LLMError: a kind, a short cause
// for users, and the detail (server message or transport error) for the
// log. HTTP status comes from *RequestError (any non-2xx response) before
// *APIError (a JSON error body, or one streamed after HTTP 200, status 0).
// inStream says the response had begun: a failure then is a broken stream,
// not an unreachable server.
func (o *OpenAI) classify(ctx context.Context, err error, inStream bool, tap *streamTap) error {
	if cerr := ctx.Err(); cerr != nil {
		return &LLMError{Kind: LLMTimedOut, Msg: "it took too long", Err: cerr}
	}
	var reqErr *openai.RequestError
	var apiErr *openai.APIError
	status, detail := 0, ""
	switch {
	case errors.As(err, &reqErr):
		status, detail = reqErr.HTTPStatusCode, string(reqErr.Body)
		if detail == "" && reqErr.Err != nil {
			detail = reqErr.Err.Error()
		}
	case errors.As(err, &apiErr):
		status, detail = apiErr.HTTPStatusCode, apiErr.Message
	default:
		detail = err.Error()
	}
	if line := tap.errorLine(); line != "" && !strings.Contains(detail, line) {
		detail = strings.TrimSpace(detail + " " + line)
	}
	e := &LLMError{Status: status, Detail: shorten(o.redact(detail), 300), Err: err}
	switch {
	case status == 401 || status == 403:
		e.Kind, e.Msg = LLMRejectedKey, fmt.Sprintf("the server rejected the API key (HTTP %d): check OPENAI_API_KEY", status)
	case status == 404:
		e.Kind, e.Msg = LLMUnknownModel, "the server does not know this model (HTTP 404): check DOCBOT_MODEL and OPENAI_BASE_URL"
	case status == 429:
		e.Kind, e.Msg, e.Retryable = LLMRateLimited, "the server is rate limiting requests (HTTP 429)", true
	case status >= 500:
		e.Kind, e.Msg, e.Retryable = LLMOverloaded, fmt.Sprintf("the server failed or is overloaded (HTTP %d)", status), true
	case status >= 400:
		e.Kind, e.Msg = LLMRejected, fmt.Sprintf("the server refused the request (HTTP %d)", status)
	case inStream || apiErr != nil:
		e.Kind, e.Msg, e.Retryable = LLMStreamBroken, "the answer stream broke off", true
	default:
		e.Kind, e.Msg = LLMUnreachable, "the model server could not be reached"
	}
	return e
}

// streamTap keeps the last line of a streamed response that is not an SSE
// data line (or is an error frame): llama.cpp reports errors as
// "error: {…}", which the client library drops, so a broken stream would
// otherwise lose the server's own message.
type streamTap struct {
	mu   sync.Mutex
	last string
}

type streamTapKey struct{}

func (t *streamTap) errorLine() string {
	if t == nil {
		return ""
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.last
}

func (t *streamTap) saw(line []byte) {
	line = bytes.TrimSpace(line)
	isData := bytes.HasPrefix(line, []byte("data:")) || bytes.HasPrefix(line, []byte(":"))
	if len(line) == 0 || (isData && !bytes.Contains(line, []byte(`{"error"`))) {
		return
	}
	t.mu.Lock()
	t.last = shorten(string(line), 300)
	t.mu.Unlock()
}

// tappedBody passes a response body through, showing each line to a tap.
type tappedBody struct {
	io.ReadCloser
	tap  *streamTap
	line []byte
}

func (b *tappedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	for _, c := range p[:n] {
		if c == '\n' {
			b.tap.saw(b.line)
			b.line = b.line[:0]
		} else if len(b.line) < 4096 {
			b.line = append(b.line, c)
		}
	}
	if err != nil && len(b.line) > 0 {
		b.tap.saw(b.line)
		b.line = b.line[:0]
	}
	return n, err
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

// retryTransport retries 429 and 5xx responses under the shared retry
// policy (exponential backoff with jitter, honouring Retry-After), as long
// as the request's context leaves time for the wait.
type retryTransport struct {
	base http.RoundTripper
	max  int
	log  *slog.Logger
}

// errRetryStatus marks a response worth retrying; the response itself is
// returned when the retries end.
var errRetryStatus = errors.New("retryable status")

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body.Close()
	}
	var resp *http.Response
	policy := retry.Policy{Retries: t.max, Base: 250 * time.Millisecond, Cap: 8 * time.Second,
		OnRetry: func(n int, wait time.Duration, _ error) {
			t.log.Warn("llm retry", "status", resp.StatusCode, "attempt", n, "wait", wait)
			io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
		}}
	err := retry.Do(req.Context(), policy, func(ctx context.Context) error {
		r := req.Clone(ctx)
		if body != nil {
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		var err error
		if resp, err = t.base.RoundTrip(r); err != nil {
			return err
		}
		if retryable(resp.StatusCode) {
			return retry.After(errRetryStatus, retryAfter(resp.Header.Get("Retry-After")))
		}
		return nil
	})
	switch {
	case errors.Is(err, errRetryStatus):
		// no retry left, or no time for one: report this response
	case err != nil:
		return nil, err
	}
	if tap, ok := req.Context().Value(streamTapKey{}).(*streamTap); ok {
		resp.Body = &tappedBody{ReadCloser: resp.Body, tap: tap}
	}
	return resp, nil
}

func retryable(status int) bool {
	return status == http.StatusTooManyRequests || status >= 500
}

// retryAfter is the server's Retry-After (seconds or an HTTP date), at
// most a minute; 0 when it gives none.
func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return min(time.Duration(s*float64(time.Second)), 60*time.Second)
	}
	if t, err := http.ParseTime(v); err == nil {
		return min(max(time.Until(t), 0), 60*time.Second)
	}
	return 0
}
