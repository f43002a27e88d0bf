package testsupport

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// FakeLLM is an OpenAI-compatible chat completion server speaking the real
// wire format: JSON responses, and for "stream": true, server-sent events
// (`data: {chunk}` lines, a chunk with finish_reason, `data: [DONE]`). It
// can play the shapes and faults of real servers (OpenAI, Ollama, vLLM,
// llama.cpp) that each Reply describes. It uses its own wire structs, not
// go-openai's, so the real client is tested against the protocol.
type FakeLLM struct {
	URL string // base URL, ending in /v1

	srv     *httptest.Server
	mu      sync.Mutex
	script  []Reply
	respond func(ChatRequest) Reply
	reqs    []ChatRequest
	auth    []string

	slots    chan struct{} // nil: unlimited; else one token per request served at once
	inFlight int           // requests being served now
	peak     int           // most requests served at once
	waiting  int           // requests queued for a slot
	context  int           // tokens the "model" sees; 0: unlimited
	models   []string      // listed by GET /v1/models
}

// ChatRequest is a recorded chat completion request.
type ChatRequest struct {
	Model       string        `json:"model"`
	Messages    []ChatMessage `json:"messages"`
	Stream      bool          `json:"stream"`
	Temperature *float64      `json:"temperature"`
	MaxTokens   int           `json:"max_tokens"`
	// StreamOptions.IncludeUsage asks for a final usage chunk, as OpenAI,
	// vLLM and llama.cpp send it.
	StreamOptions *struct {
		IncludeUsage bool `json:"include_usage"`
	} `json:"stream_options"`

	// Truncated is set when the prompt was longer than the fake's context
	// (SetContext): Messages then hold only what the "model" saw, the
	// front of the prompt having been dropped, as llama.cpp's context
	// shift does silently.
	Truncated bool `json:"-"`
	// SentTokens is the prompt's size in the fake's tokens, before any truncation.
	SentTokens int `json:"-"`
}

// ChatMessage is one message of a request.
type ChatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Prompt returns all message contents joined, for assertions.
func (r ChatRequest) Prompt() string {
	var b strings.Builder
	for _, m := range r.Messages {
		b.WriteString(m.Content + "\n")
	}
	return b.String()
}

// Reply describes how the fake answers one request.
type Reply struct {
	Status     int    // non-2xx: an error response with ErrorBody (JSON error by default)
	RetryAfter string // Retry-After header on an error response
	ErrorBody  string

	Text       string          // the reply content, streamed in small chunks
	ChunkSize  int             // characters a chunk; 0 means 8
	Delay      time.Duration   // before the response headers
	ChunkDelay time.Duration   // between chunks
	Hang       bool            // accept the request and never answer (until the client gives up)
	Gate       <-chan struct{} // if set, answer only once it is closed (the slot stays taken meanwhile)

	CutBeforeDone  bool   // end the stream after the content: no finish_reason, no [DONE]
	DropConnection bool   // after the content, drop the connection mid-body (the client sees an unexpected EOF)
	OmitRole       bool   // chunks without "role" (some servers)
	EmptyChunks    bool   // empty-content chunks between the real ones
	Usage          bool   // a final usage chunk with no choices, even when not asked for
	RawErrorLine   string // after the content, a non-"data:" error line (llama.cpp), then end
	StreamedError  string // after the content, data: {"error": …} with HTTP 200 already sent
	MalformedChunk bool   // a chunk that is not valid JSON
	PromptTokens   int    // usage.prompt_tokens; 0 means the tokens the fake saw
	FinishReason   string // "" means "stop"; "length" plays a reply cut at max_tokens
}

// FakeTokens is the fake's tokenizer: a token is four characters, about
// what real tokenizers give for English.
func FakeTokens(s string) int { return (utf8.RuneCountInString(s) + 3) / 4 }

// SetSlots makes the fake serve at most n requests at once (llama.cpp's
// parallel slots; its default is one); the others wait their turn in
// arrival order, or until their client gives up. 0 means unlimited.
func (f *FakeLLM) SetSlots(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.slots = nil
	if n > 0 {
		f.slots = make(chan struct{}, n)
	}
}

// SetContext makes the fake's "model" see at most n tokens of the prompt:
// a longer prompt loses its front (system message first) without any
// error, and usage.prompt_tokens reports what was kept. 0 means unlimited.
func (f *FakeLLM) SetContext(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.context = n
}

// Load reports the requests being served now, the most served at once so
// far, and the requests waiting for a slot.
func (f *FakeLLM) Load() (inFlight, peak, waiting int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.inFlight, f.peak, f.waiting
}

// truncate drops the front of the prompt beyond n tokens.
func truncate(req *ChatRequest, n int) {
	for _, m := range req.Messages {
		req.SentTokens += FakeTokens(m.Content)
	}
	if n <= 0 || req.SentTokens <= n {
		return
	}
	req.Truncated = true
	drop := req.SentTokens - n
	var kept []ChatMessage
	for _, m := range req.Messages {
		t := FakeTokens(m.Content)
		switch {
		case drop >= t:
			drop -= t
		case drop > 0:
			r := []rune(m.Content)
			m.Content = string(r[min(len(r), drop*4):])
			drop = 0
			kept = append(kept, m)
		default:
			kept = append(kept, m)
		}
	}
	req.Messages = kept
}

// seen is the number of prompt tokens the fake's model saw.
func (r ChatRequest) seen() int {
	n := 0
	for _, m := range r.Messages {
		n += FakeTokens(m.Content)
	}
	return n
}

// NewFakeLLM starts a fake server, closed when the test ends. Without a
// script it answers "I have no script." to everything.
func NewFakeLLM(tb testing.TB) *FakeLLM {
	f := &FakeLLM{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", f.chat)
	mux.HandleFunc("GET /v1/models", f.listModels)
	f.srv = httptest.NewServer(mux)
	tb.Cleanup(f.srv.Close)
	f.URL = f.srv.URL + "/v1"
	return f
}

// SetModels sets the models GET /v1/models lists (none by default).
func (f *FakeLLM) SetModels(ids ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.models = ids
}

func (f *FakeLLM) listModels(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	data := []map[string]any{}
	for _, id := range f.models {
		data = append(data, map[string]any{"id": id, "object": "model", "owned_by": "fake"})
	}
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"object": "list", "data": data})
}

// Script sets the replies to the next requests, in order; the last one
// repeats.
func (f *FakeLLM) Script(replies ...Reply) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.script, f.respond = replies, nil
}

// Respond makes the fake compute each reply from the request.
func (f *FakeLLM) Respond(fn func(ChatRequest) Reply) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.respond, f.script = fn, nil
}

// Requests returns the requests received so far.
func (f *FakeLLM) Requests() []ChatRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]ChatRequest(nil), f.reqs...)
}

// Authorizations returns the Authorization headers received.
func (f *FakeLLM) Authorizations() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.auth...)
}

func (f *FakeLLM) next(req ChatRequest) Reply {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reqs = append(f.reqs, req)
	if f.respond != nil {
		return f.respond(req)
	}
	if len(f.script) == 0 {
		return Reply{Text: "I have no script."}
	}
	r := f.script[0]
	if len(f.script) > 1 {
		f.script = f.script[1:]
	}
	return r
}

func (f *FakeLLM) chat(w http.ResponseWriter, r *http.Request) {
	var req ChatRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, `{"error":{"message":"invalid JSON body","type":"invalid_request_error"}}`, http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.auth = append(f.auth, r.Header.Get("Authorization"))
	slots, ctxTokens := f.slots, f.context
	f.waiting++
	f.mu.Unlock()
	if slots != nil {
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
		case <-r.Context().Done():
			f.mu.Lock()
			f.waiting--
			f.mu.Unlock()
			return
		}
	}
	f.mu.Lock()
	f.waiting--
	f.inFlight++
	f.peak = max(f.peak, f.inFlight)
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inFlight--
		f.mu.Unlock()
	}()
	truncate(&req, ctxTokens)
	rep := f.next(req)
	if rep.PromptTokens == 0 {
		rep.PromptTokens = req.seen()
	}
	finish := rep.FinishReason
	if finish == "" {
		finish = "stop"
	}
	if rep.Hang {
		<-r.Context().Done()
		return
	}
	if rep.Gate != nil {
		select {
		case <-rep.Gate:
		case <-r.Context().Done():
			return
		}
	}
	if !sleep(r, rep.Delay) {
		return
	}
	if rep.Status >= 300 {
		if rep.RetryAfter != "" {
			w.Header().Set("Retry-After", rep.RetryAfter)
		}
		body := rep.ErrorBody
		if body == "" {
			body = fmt.Sprintf(`{"error":{"message":"fake error %d","type":"server_error","code":null}}`, rep.Status)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rep.Status)
		fmt.Fprint(w, body)
		return
	}
	const id, created = "chatcmpl-fake", 1700000000
	if !req.Stream {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"id": id, "object": "chat.completion", "created": created, "model": req.Model,
			"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": rep.Text}, "finish_reason": finish}},
			"usage":   map[string]any{"prompt_tokens": rep.PromptTokens, "completion_tokens": len(rep.Text) / 4, "total_tokens": rep.PromptTokens + len(rep.Text)/4},
		})
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	flusher, _ := w.(http.Flusher)
	send := func(line string) bool {
		if _, err := fmt.Fprint(w, line); err != nil {
			return false
		}
		if flusher != nil {
			flusher.Flush()
		}
		return true
	}
	chunk := func(delta map[string]any, finish any) string {
		b, _ := json.Marshal(map[string]any{"id": id, "object": "chat.completion.chunk", "created": created, "model": req.Model,
			"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}}})
		return "data: " + string(b) + "\n\n"
	}
	size := rep.ChunkSize
	if size <= 0 {
		size = 8
	}
	runes := []rune(rep.Text)
	for i := 0; i < len(runes); i += size {
		delta := map[string]any{"content": string(runes[i:min(i+size, len(runes))])}
		if i == 0 && !rep.OmitRole {
			delta["role"] = "assistant"
		}
		if !send(chunk(delta, nil)) || !sleep(r, rep.ChunkDelay) {
			return
		}
		if rep.EmptyChunks && !send(chunk(map[string]any{"content": ""}, nil)) {
			return
		}
		if rep.MalformedChunk && i == 0 && !send("data: {\"choices\": [{\"delta\": {\"content\": \n\n") {
			return
		}
	}
	switch {
	case rep.RawErrorLine != "":
		send(rep.RawErrorLine + "\n\n")
		return
	case rep.StreamedError != "":
		send(`data: {"error":{"message":` + jsonString(rep.StreamedError) + `,"type":"server_error"}}` + "\n\n")
		return
	case rep.CutBeforeDone:
		return
	case rep.DropConnection:
		panic(http.ErrAbortHandler) // net/http closes the connection without ending the chunked body
	}
	send(chunk(map[string]any{}, finish))
	if rep.Usage || (req.StreamOptions != nil && req.StreamOptions.IncludeUsage) {
		b, _ := json.Marshal(map[string]any{"id": id, "object": "chat.completion.chunk", "created": created, "model": req.Model, "choices": []any{},
			"usage": map[string]any{"prompt_tokens": rep.PromptTokens, "completion_tokens": len(runes) / 4, "total_tokens": rep.PromptTokens + len(runes)/4}})
		send("data: " + string(b) + "\n\n")
	}
	send("data: [DONE]\n\n")
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// sleep waits d unless the client goes away; it reports whether to go on.
func sleep(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}
