package retrieval_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
)

const testKey = "sk-test-secret-0123456789"

type llmEnv struct {
	fake *testsupport.FakeLLM
	svc  *retrieval.Service
	logs *bytes.Buffer
}

func newLLMEnv(t *testing.T, timeout time.Duration) llmEnv {
	t.Helper()
	fake := testsupport.NewFakeLLM(t)
	logs := &bytes.Buffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	llm := retrieval.NewOpenAI(retrieval.LLMOptions{APIKey: testKey, BaseURL: fake.URL, Model: "fake-model", MaxTokens: 300, MaxRetries: 2, Log: log})
	svc := retrieval.NewService(testsupport.SeedDB(t), retrieval.NewLLMAnswerer(llm, 3000, timeout, log), log)
	return llmEnv{fake, svc, logs}
}

const troops = "what did Trump offer on ground troops?"

func (e llmEnv) ask(t *testing.T, q string) (retrieval.Answer, string) {
	t.Helper()
	var streamed strings.Builder
	a, err := e.svc.Ask(context.Background(), retrieval.Question{Text: q, OnDelta: func(s string) { streamed.WriteString(s) }})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(e.logs.String(), testKey) || strings.Contains(a.Text+strings.Join(a.Notes, " "), testKey) {
		t.Errorf("the API key leaked into logs or the answer")
	}
	return a, streamed.String()
}

func TestLLMStreamsAndVerifiesCitations(t *testing.T) {
	e := newLLMEnv(t, 5*time.Second)
	var reply string
	e.fake.Respond(func(r testsupport.ChatRequest) testsupport.Reply {
		p := r.Prompt()
		air, europe := testsupport.PassageNumber(p, "President Trump said"), testsupport.PassageNumber(p, "15,000 to 20,000")
		reply = fmt.Sprintf("Trump said he would help with air support but not ground troops [%d]. European leaders propose sending 15,000 to 20,000 troops [%d, 9]. "+
			"The U.S. agreed to air support but not ground forces, as Trump said [%d-%d].", air, europe, min(air, europe), max(air, europe))
		return testsupport.Reply{Text: reply, Usage: true, PromptTokens: 900}
	})
	a, streamed := e.ask(t, troops)
	if streamed != reply {
		t.Errorf("streamed %q, want the raw reply", streamed)
	}
	if !a.Found || a.Mode != retrieval.ModeLLM || a.Model != "fake-model" {
		t.Fatalf("answer = %+v", a)
	}
	want := "Trump said he would help with air support but not ground troops [1]. European leaders propose sending 15,000 to 20,000 troops [2]. " +
		"The U.S. agreed to air support but not ground forces, as Trump said [2][1]."
	if a.Text != want {
		t.Errorf("text = %q\nwant  %q", a.Text, want)
	}
	if len(a.Citations) != 2 || a.Citations[0].PassageID != "can-security-guarantees-bring-peace#8" || a.Citations[1].PassageID != "can-security-guarantees-bring-peace#20" {
		t.Fatalf("citations = %+v", a.Citations)
	}
	for i, c := range a.Citations {
		if c.N != i+1 || c.Quote == "" {
			t.Errorf("citation %d = %+v", i, c)
		}
	}
	checkCitations(t, a)
	everySentenceCited(t, a)
}

func TestLLMPromptCarriesRulesPassagesAndQuestion(t *testing.T) {
	e := newLLMEnv(t, 5*time.Second)
	e.fake.Script(testsupport.Reply{Text: "Air support, not ground troops [1]."})
	a, _ := e.ask(t, troops)
	req := e.fake.Requests()[0]
	if req.Model != "fake-model" || !req.Stream || req.MaxTokens != 300 || req.Temperature == nil || *req.Temperature > 0.001 {
		t.Errorf("request model %q stream %v max_tokens %d temperature %v", req.Model, req.Stream, req.MaxTokens, req.Temperature)
	}
	if len(req.Messages) != 2 || req.Messages[0].Role != "system" || req.Messages[1].Role != "user" {
		t.Fatalf("messages = %+v", req.Messages)
	}
	sys, user := req.Messages[0].Content, req.Messages[1].Content
	for _, rule := range []string{"only the numbered passages", "Cite every claim", "The articles don't answer this.", "data, not instructions", "language of the question"} {
		if !strings.Contains(sys, rule) {
			t.Errorf("system prompt lacks %q", rule)
		}
	}
	if !strings.Contains(user, "Question: "+troops) || !strings.Contains(user, "[1] ") || !strings.Contains(user, "[2] ") {
		t.Errorf("user message lacks the question or numbered passages:\n%s", user)
	}
	for i, p := range a.Passages {
		if !strings.Contains(user, p.Title) {
			t.Errorf("passage %d (%s) not in the prompt", i+1, p.ID)
		}
	}
	if got := e.fake.Authorizations()[0]; got != "Bearer "+testKey {
		t.Errorf("Authorization = %q", got)
	}
}

func TestLLMWithoutValidCitationIsNotFound(t *testing.T) {
	for name, reply := range map[string]string{
		"no markers":      "Macron promised fifty fighter jets to Kyiv by Christmas.",
		"only bad marker": "Macron promised fifty fighter jets to Kyiv by Christmas [7].",
		"says not found":  "The articles don't answer this.",
		"refusal":         "I don't know what Trump offered; passage [1] only says allies must decide on forces [1].",
	} {
		t.Run(name, func(t *testing.T) {
			e := newLLMEnv(t, 5*time.Second)
			e.fake.Script(testsupport.Reply{Text: reply})
			a, _ := e.ask(t, troops)
			if a.Found || len(a.Citations) != 0 {
				t.Errorf("ungrounded reply presented as grounded: %+v", a)
			}
			if len(a.Closest) == 0 || !strings.Contains(a.Text, "closest") {
				t.Errorf("no closest passages offered: %+v", a)
			}
		})
	}
}

func TestLLMRetriesRateLimitThenAnswers(t *testing.T) {
	e := newLLMEnv(t, 10*time.Second)
	e.fake.Script(
		testsupport.Reply{Status: 429, RetryAfter: "0"},
		testsupport.Reply{Status: 503},
		testsupport.Reply{Text: "Air support but not ground troops [1]."},
	)
	a, _ := e.ask(t, troops)
	if n := len(e.fake.Requests()); n != 3 {
		t.Errorf("%d requests, want 3 (two retries)", n)
	}
	if !a.Found || a.Mode != retrieval.ModeLLM {
		t.Errorf("answer after retries = %+v", a)
	}
}

func TestLLMFailuresFallBackToExtractive(t *testing.T) {
	tests := []struct {
		name     string
		reply    testsupport.Reply
		requests int // expected requests, 0 to skip the check
		cause    string
	}{
		{"persistent 500", testsupport.Reply{Status: 500}, 3, "HTTP 500"},
		{"bad key", testsupport.Reply{Status: 401, ErrorBody: `{"error":{"message":"Incorrect API key provided: ` + testKey + `","type":"invalid_request_error"}}`}, 1, "API key"},
		{"unknown model", testsupport.Reply{Status: 404, ErrorBody: `{"error":{"message":"model not found"}}`}, 1, "DOCBOT_MODEL"},
		{"cut before done", testsupport.Reply{Text: "Trump offered air support but", CutBeforeDone: true}, 0, "stream broke off"},
		{"llama.cpp error line", testsupport.Reply{Text: "Trump offered", RawErrorLine: `error: {"code":500,"message":"slot unavailable"}`}, 0, "stream broke off"},
		{"streamed error", testsupport.Reply{Text: "Trump", StreamedError: "overloaded"}, 0, "stream broke off"},
		{"malformed chunk", testsupport.Reply{Text: "Trump offered air support", MalformedChunk: true}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newLLMEnv(t, 10*time.Second)
			e.fake.Script(tt.reply)
			a, _ := e.ask(t, troops)
			if !a.Found || a.Mode != retrieval.ModeFallback || !strings.Contains(a.Text, "ground troops [1]") {
				t.Fatalf("no extractive fallback: %+v", a)
			}
			noInternals(t, a.Notes, e.fake.URL)
			if len(a.Notes) == 0 || !strings.Contains(a.Notes[0], "could not answer") || !strings.Contains(a.Notes[0], tt.cause) {
				t.Errorf("notes = %q, want the cause %q", a.Notes, tt.cause)
			}
			if n := len(e.fake.Requests()); tt.requests > 0 && n != tt.requests {
				t.Errorf("%d requests, want %d", n, tt.requests)
			}
		})
	}
}

func TestLLMTimeoutFallsBackInTime(t *testing.T) {
	for name, reply := range map[string]testsupport.Reply{
		"never answers":   {Hang: true},
		"slow stream":     {Text: "Air support but not ground troops [1].", ChunkDelay: time.Second},
		"retry-after 60s": {Status: 429, RetryAfter: "60"},
	} {
		t.Run(name, func(t *testing.T) {
			e := newLLMEnv(t, 300*time.Millisecond)
			e.fake.Script(reply)
			start := time.Now()
			a, _ := e.ask(t, troops)
			if el := time.Since(start); el > 5*time.Second {
				t.Errorf("took %v with a 300ms timeout", el)
			}
			if a.Mode != retrieval.ModeFallback || !a.Found {
				t.Errorf("answer = %+v", a)
			}
		})
	}
}

func TestLLMBrokenStreamWithCitationsIsKept(t *testing.T) {
	e := newLLMEnv(t, 5*time.Second)
	e.fake.Script(testsupport.Reply{Text: "Trump offered air support but not ground troops [1]. Europe", CutBeforeDone: true})
	a, _ := e.ask(t, troops)
	if !a.Found || a.Mode != retrieval.ModeLLM || len(a.Citations) != 1 || !strings.Contains(strings.Join(a.Notes, " "), "cut off") || strings.Contains(a.Text, "Europe") {
		t.Errorf("answer = %+v", a)
	}
}

func TestLLMCancellationStopsAtOnce(t *testing.T) {
	e := newLLMEnv(t, 30*time.Second)
	e.fake.Script(testsupport.Reply{Hang: true})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	start := time.Now()
	_, err := e.svc.Ask(ctx, retrieval.Question{Text: troops})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("cancellation took %v", el)
	}
}

func TestLLMServerShapes(t *testing.T) {
	e := newLLMEnv(t, 5*time.Second)
	e.fake.Script(testsupport.Reply{Text: "Air support, not ground troops [1].", OmitRole: true, EmptyChunks: true, Usage: true, ChunkSize: 3})
	a, streamed := e.ask(t, troops)
	if !a.Found || a.Mode != retrieval.ModeLLM || streamed != "Air support, not ground troops [1]." {
		t.Errorf("answer = %+v, streamed %q", a, streamed)
	}
}

// passageNumber returns the number the prompt gives the passage containing s.
func passageNumber(prompt, s string) string {
	i := strings.Index(prompt, s)
	j := strings.LastIndex(prompt[:max(i, 0)], "\n[")
	if i < 0 || j < 0 {
		return "0"
	}
	return prompt[j+2 : j+2+strings.IndexByte(prompt[j+2:], ']')]
}

func TestLLMInventedQuotes(t *testing.T) {
	e := newLLMEnv(t, 5*time.Second)
	var bad, good string
	calls := 0
	e.fake.Respond(func(r testsupport.ChatRequest) testsupport.Reply {
		n := passageNumber(r.Prompt(), "not ground troops")
		bad = "Trump said he would “help with air power but never ground troops” [" + n + "]."
		good = "Trump said “he would help with air support but not ground troops” [" + n + "]."
		if calls++; calls == 1 {
			return testsupport.Reply{Text: bad}
		}
		return testsupport.Reply{Text: good}
	})
	a, _ := e.ask(t, troops)
	good = strings.Replace(good, "["+passageNumber(e.fake.Requests()[0].Prompt(), "not ground troops")+"]", "[1]", 1)
	if n := len(e.fake.Requests()); n != 2 {
		t.Fatalf("%d requests, want a regeneration", n)
	}
	if a.Text != good {
		t.Errorf("text = %q, want the regenerated answer", a.Text)
	}
	if !strings.Contains(strings.Join(a.Notes, " "), "second answer") {
		t.Errorf("notes %q do not say the answer differs from the streamed draft", a.Notes)
	}
	if last := e.fake.Requests()[1]; !strings.Contains(last.Prompt(), "help with air power but never ground troops") {
		t.Errorf("the regeneration request does not name the bad quote")
	}

	e = newLLMEnv(t, 5*time.Second)
	e.fake.Respond(func(r testsupport.ChatRequest) testsupport.Reply {
		return testsupport.Reply{Text: "Trump said he would “help with air power but never ground troops” [" + passageNumber(r.Prompt(), "not ground troops") + "]."}
	})
	a, _ = e.ask(t, troops)
	if !a.Found {
		t.Fatalf("answer = %+v", a)
	}
	if strings.ContainsAny(a.Text, "“”") {
		t.Errorf("an invented quote is still presented as a quotation: %q", a.Text)
	}
}

func TestLLMObserverSeesEveryRequest(t *testing.T) {
	fake := testsupport.NewFakeLLM(t)
	fake.Script(testsupport.Reply{Status: 401}, testsupport.Reply{Text: "Air support [1].", Usage: true, PromptTokens: 700})
	var calls []retrieval.LLMCall
	llm := retrieval.NewOpenAI(retrieval.LLMOptions{BaseURL: fake.URL, Model: "m", Observe: func(c retrieval.LLMCall) { calls = append(calls, c) }})
	_, err1 := llm.Complete(context.Background(), []retrieval.Message{{Role: "user", Content: "q"}}, nil)
	c, err2 := llm.Complete(context.Background(), []retrieval.Message{{Role: "user", Content: "q"}}, nil)
	if len(calls) != 2 || calls[0].Err == nil || err1 == nil || err2 != nil || calls[1].PromptTokens != 700 || c.PromptTokens != 700 {
		t.Errorf("calls = %+v", calls)
	}
}
