package bot_test

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/docbot/docbot/internal/testsupport"
)

// BenchmarkAsk measures a full /ask through the fake Discord gateway and
// REST API: dispatch → deferral (ack) → final edit (done). The "llm"
// variant answers through the fake OpenAI server with no model delay, so
// the LLM's own time is subtracted; the rest is docbot's and the wire's.
//
//	go test -tags sqlite_fts5 -run '^$' -bench Ask -benchtime 100x ./bot
func BenchmarkAsk(b *testing.B) {
	for _, variant := range []string{"extractive", "llm"} {
		b.Run(variant, func(b *testing.B) {
			s := setup{}
			if variant == "llm" {
				s.llm = testsupport.NewFakeLLM(b)
				s.llm.Respond(func(r testsupport.ChatRequest) testsupport.Reply {
					return testsupport.Reply{Text: "Air support but not ground troops [1].", ChunkSize: 64}
				})
			}
			e := start(b, s)
			var acks, dones []time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				user := &testsupport.Member{UserID: fmt.Sprint(700000 + i), Permissions: "0"}
				t0 := time.Now()
				id, token := e.fake.Command(b, guild, user, "ask", map[string]any{"question": troops})
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

func report(b *testing.B, name string, d []time.Duration) {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	b.ReportMetric(float64(d[len(d)/2].Microseconds())/1000, name+"-p50-ms")
	b.ReportMetric(float64(d[min(len(d)-1, len(d)*99/100)].Microseconds())/1000, name+"-p99-ms")
}
