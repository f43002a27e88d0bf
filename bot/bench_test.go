package bot_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/docbot/docbot/internal/benchdata"
	"github.com/docbot/docbot/internal/testsupport"
)

// BenchmarkAsk measures a full /ask through the fake Discord gateway and
// REST API: dispatch → deferral (ack) → final edit (done), on the seed
// corpus and on generated corpora of DOCBOT_BENCH_SIZES passages (default
// 1k, 10k, 100k; internal/benchdata) asked SciFact's claims. The "llm"
// variant answers through the fake OpenAI server with no model delay, so
// the LLM's own time is subtracted; the rest is docbot's and the wire's.
//
//	go test -tags sqlite_fts5 -run '^$' -bench Ask -benchtime 100x ./bot
func BenchmarkAsk(b *testing.B) {
	sizes := append([]int{0}, benchdata.Sizes()...) // 0: the seed corpus
	claims, err := benchdata.Queries()
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range sizes {
		for _, variant := range []string{"extractive", "llm"} {
			name, questions := variant+"/seeds", []string{troops}
			if n > 0 {
				name, questions = fmt.Sprintf("%s/%d", variant, n), claims
			}
			b.Run(name, func(b *testing.B) {
				s := setup{}
				if n > 0 {
					s.db = testsupport.BenchDB(b, n)
				}
				if variant == "llm" {
					s.llm = testsupport.NewFakeLLM(b)
					s.llm.Respond(func(r testsupport.ChatRequest) testsupport.Reply {
						return testsupport.Reply{Text: "The first passage answers this [1].", ChunkSize: 64}
					})
				}
				e := start(b, s)
				var acks, dones []time.Duration
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					user := &testsupport.Member{UserID: fmt.Sprint(700000 + i), Permissions: "0"}
					t0 := time.Now()
					id, token := e.fake.Command(b, guild, user, "ask", map[string]any{"question": questions[i%len(questions)]})
					e.fake.WaitFor(b, 10*time.Second, "ack", func(rs []testsupport.Request) bool { return find(rs, "POST", "/interactions/"+id) != nil })
					acks = append(acks, time.Since(t0))
					finalEdit(b, e, token, answered)
					dones = append(dones, time.Since(t0))
				}
				b.StopTimer()
				report(b, "ack", acks)
				report(b, "done", dones)
			})
		}
	}
}

func report(b *testing.B, name string, d []time.Duration) {
	b.ReportMetric(float64(percentile(d, 50).Microseconds())/1000, name+"-p50-ms")
	b.ReportMetric(float64(percentile(d, 99).Microseconds())/1000, name+"-p99-ms")
}
