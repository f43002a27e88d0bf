package bot_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docbot/docbot/bot"
	"github.com/docbot/docbot/internal/testsupport"
)

// groundedModel answers like a small local model that gets it right: the
// first sentence of the first passage, cited, streamed at about 50 tokens
// a second after 300 ms (llama.cpp on a laptop).
func groundedModel(r testsupport.ChatRequest) testsupport.Reply {
	p := r.Prompt()
	i := strings.Index(p, "\n[1] ")
	first := p[i+1:]
	first = first[strings.IndexByte(first, '\n')+1:]
	if j := strings.Index(first, ". "); j > 0 {
		first = first[:j]
	}
	return testsupport.Reply{Text: strings.TrimSuffix(first, ".") + " [1].", Delay: 300 * time.Millisecond, ChunkSize: 4, ChunkDelay: 20 * time.Millisecond}
}

// BenchmarkCapacity asks 20 questions at once of a bot whose model is a
// single-slot server (llama.cpp's default) that takes 300 ms to the first
// token and then streams 50 tokens/s, with a 10 s LLM timeout and a 30 s
// answer deadline; with and without docbot's queue in front of the model
// (DOCBOT_LLM_CONCURRENCY=1). It reports answer latency percentiles, the
// share answered by the model, and that every asker got a final answer.
//
//	go test -tags sqlite_fts5 -run '^$' -bench Capacity -benchtime 1x ./bot
func BenchmarkCapacity(b *testing.B) {
	questions := []string{}
	for _, q := range []string{"ground troops", "air support", "security guarantees", "NATO membership", "Article 5", "peace deal",
		"coalition of the willing", "Cold War troops", "Baltic states", "European leaders", "Russia attack", "Zelensky allies",
		"Macron diplomacy", "Paris summit", "Trump envoy", "weapons and training", "boots on the ground", "tripwire forces",
		"deterrence", "ceasefire monitoring"} {
		questions = append(questions, "what do the articles say about "+q+"?")
	}
	for _, variant := range []struct {
		name  string
		slots int
	}{{"no-queue", 0}, {"queue-1", 1}} {
		b.Run(variant.name, func(b *testing.B) {
			var all []time.Duration
			byModel, total := 0, 0
			for range b.N {
				llm := testsupport.NewFakeLLM(b)
				llm.SetSlots(1)
				llm.Respond(groundedModel)
				e := start(b, setup{llm: llm, llmLimit: 10 * time.Second, llmSlots: variant.slots,
					cfg: bot.Config{Workers: 20, Queue: 64, Deadline: 30 * time.Second, EditInterval: time.Second}})
				var wg sync.WaitGroup
				var mu sync.Mutex
				t0 := time.Now()
				for i, q := range questions {
					wg.Add(1)
					go func() {
						defer wg.Done()
						user := &testsupport.Member{UserID: fmt.Sprint(20000 + i), Permissions: "0"}
						_, token := e.fake.Command(b, guild, user, "ask", map[string]any{"question": q})
						m := finalEditWithin(b, e, token, time.Minute)
						mu.Lock()
						defer mu.Unlock()
						all = append(all, time.Since(t0))
						total++
						if len(m.Embeds) > 0 && strings.HasPrefix(m.Embeds[0].Footer.Text, "fake-model") {
							byModel++
						}
					}()
				}
				wg.Wait()
			}
			report(b, "answer", all)
			b.ReportMetric(float64(byModel)/float64(total)*100, "%-by-model")
			b.ReportMetric(float64(total)/float64(b.N), "final-answers")
		})
	}
}

// finalEditWithin waits up to d for the final edit of token's response.
func finalEditWithin(t testing.TB, e *env, token string, d time.Duration) message {
	t.Helper()
	var got message
	e.fake.WaitFor(t, d, "the final edit of "+token, func(rs []testsupport.Request) bool {
		for _, r := range findAll(rs, "PATCH", "/webhooks/1000/"+token+"/messages/@original") {
			var m message
			if json.Unmarshal(r.Body, &m) == nil && answered(m) {
				got = m
				return true
			}
		}
		return false
	})
	return got
}

// BenchmarkCachedAnswer asks the same question again and again (each time
// from another user): after the first, every answer comes from the answer
// cache. It reports the time from the command to the final edit and the
// model calls made after the first answer.
//
//	go test -tags sqlite_fts5 -run '^$' -bench CachedAnswer -benchtime 200x ./bot
func BenchmarkCachedAnswer(b *testing.B) {
	llm := testsupport.NewFakeLLM(b)
	llm.Respond(groundedModel)
	e := start(b, setup{llm: llm, cache: true})
	_, token := e.fake.Command(b, guild, member, "ask", map[string]any{"question": troops})
	finalEditWithin(b, e, token, time.Minute)
	calls := len(llm.Requests())
	var dones []time.Duration
	b.ResetTimer()
	for i := range b.N {
		user := &testsupport.Member{UserID: fmt.Sprint(900000 + i), Permissions: "0"}
		t0 := time.Now()
		_, token := e.fake.Command(b, guild, user, "ask", map[string]any{"question": troops})
		m := finalEdit(b, e, token, answered)
		dones = append(dones, time.Since(t0))
		if len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Footer.Text, "from cache") {
			b.Fatalf("not from cache: %+v", m)
		}
	}
	b.StopTimer()
	report(b, "done", dones)
	b.ReportMetric(float64(len(llm.Requests())-calls), "model-calls")
}
