package retrieval_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
)

// limitedEnv is a Service whose model sits behind a Limiter of n slots.
func limitedEnv(t *testing.T, n int, estimate, timeout time.Duration) (*testsupport.FakeLLM, *retrieval.Limiter, *retrieval.Service) {
	t.Helper()
	fake := testsupport.NewFakeLLM(t)
	fake.SetSlots(1) // llama.cpp's default: one request at a time
	lim := retrieval.NewLimiter(retrieval.NewOpenAI(retrieval.LLMOptions{BaseURL: fake.URL, Model: "fake-model", MaxRetries: 1}), n, estimate)
	return fake, lim, retrieval.NewService(testsupport.SeedDB(t), retrieval.NewLLMAnswerer(lim, 3000, timeout, nil), nil)
}

// waitFor polls cond (a state, not a duration) until it holds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
	}
}

func TestLimiterAnswersExtractivelyAtOnceWhenTheWaitCannotFit(t *testing.T) {
	// Requests take about 10 s and the slot is taken: a question with a 2 s
	// budget cannot be answered by the model in time.
	fake, _, svc := limitedEnv(t, 1, 10*time.Second, 2*time.Second)
	gate := make(chan struct{})
	defer close(gate)
	fake.Script(testsupport.Reply{Gate: gate, Text: "unused"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go svc.Ask(ctx, retrieval.Question{Text: troops}) // holds the only slot
	waitFor(t, "the first request", func() bool { in, _, _ := fake.Load(); return in == 1 })

	a, err := svc.Ask(context.Background(), retrieval.Question{Text: "what did Trump say about air support?"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Mode != retrieval.ModeFallback || !a.Found || !strings.Contains(strings.Join(a.Notes, " "), "busy") {
		t.Errorf("answer = %s %v %q", a.Mode, a.Found, a.Notes)
	}
	if n := len(fake.Requests()); n != 1 {
		t.Errorf("%d requests reached the model, want 1 (the busy question never queued there)", n)
	}
}

func TestLimiterKeepsRequestsWithinTheSlots(t *testing.T) {
	fake, _, svc := limitedEnv(t, 1, 0, 30*time.Second)
	fake.Respond(testsupport.Answer(testsupport.Brackets, airClaim))
	var wg sync.WaitGroup
	questions := []string{troops, "what did Trump offer on air support?", "did Trump promise ground troops?", "what help did Trump offer Ukraine?"}
	answers := make([]retrieval.Answer, len(questions))
	for i, q := range questions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i], _ = svc.Ask(context.Background(), retrieval.Question{Text: q})
		}()
	}
	wg.Wait()
	if _, peak, _ := fake.Load(); peak != 1 {
		t.Errorf("%d requests at once at a one-slot server behind a one-slot limiter", peak)
	}
	for i, a := range answers {
		if a.Mode != retrieval.ModeLLM {
			t.Errorf("question %d: mode %q, notes %q", i, a.Mode, a.Notes)
		}
		everySentenceCited(t, a)
	}
}

func TestLimiterSharesOneCallBetweenIdenticalQuestions(t *testing.T) {
	fake, lim, svc := limitedEnv(t, 4, 0, 30*time.Second)
	gate := make(chan struct{})
	fake.Respond(func(r testsupport.ChatRequest) testsupport.Reply {
		return testsupport.Reply{Gate: gate, Text: testsupport.Write(testsupport.Brackets, r.Prompt(), airClaim)}
	})
	var wg sync.WaitGroup
	answers := make([]retrieval.Answer, 2)
	streamed := make([]strings.Builder, 2)
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i], _ = svc.Ask(context.Background(), retrieval.Question{Text: troops, OnDelta: func(s string) { streamed[i].WriteString(s) }})
		}()
		if i == 0 {
			waitFor(t, "the first request", func() bool { return len(fake.Requests()) == 1 })
		}
	}
	waitFor(t, "the second question to join", func() bool { _, sharing := lim.Queued(); return sharing == 1 })
	close(gate)
	wg.Wait()
	if n := len(fake.Requests()); n != 1 {
		t.Errorf("%d model calls for two identical questions, want 1", n)
	}
	for i, a := range answers {
		if a.Mode != retrieval.ModeLLM || a.Text != answers[0].Text {
			t.Errorf("answer %d = %q (%s)", i, a.Text, a.Mode)
		}
		if streamed[i].String() == "" {
			t.Errorf("asker %d saw nothing stream in", i)
		}
	}
}
