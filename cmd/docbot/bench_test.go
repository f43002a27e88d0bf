package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/docbot/docbot/internal/testsupport"
)

// BenchmarkServeMemory runs `docbot serve` on the embedded seed corpus as
// a separate process against the fake Discord, asks b.N questions, and
// reports the process's resident memory afterwards (rss-MB) and at its
// peak (peak-rss-MB). Set DOCBOT_BIN to measure a release build instead of
// this test binary:
//
//	scripts/build.sh && DOCBOT_BIN=$PWD/docbot go test -tags sqlite_fts5 -run '^$' -bench ServeMemory -benchtime 200x ./cmd/docbot
func BenchmarkServeMemory(b *testing.B) {
	fake := testsupport.NewFakeDiscord(b)
	b.Setenv("DISCORD_TOKEN", fake.Token)
	b.Setenv("DOCBOT_DISCORD_URL", fake.URL)
	b.Setenv("DOCBOT_DB", filepath.Join(b.TempDir(), "docbot.db"))
	b.Setenv("DOCBOT_HTTP_ADDR", "127.0.0.1:0")
	// The next question goes out as soon as the final edit is seen, which can
	// be before the job that sent it has ended: don't meet the guild limit.
	b.Setenv("DOCBOT_GUILD_CONCURRENCY", "1000")
	for _, k := range []string{"OPENAI_API_KEY", "OPENAI_BASE_URL", "DOCBOT_CORPUS", "DOCBOT_CONFIG"} {
		b.Setenv(k, "")
	}
	cmd := docbotProcess(b, "serve")
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	fake.WaitConnected(b, 1, 30*time.Second)
	fake.WaitFor(b, 30*time.Second, "command registration", func(rs []testsupport.Request) bool {
		for _, r := range rs {
			if r.Method == "PUT" {
				return true
			}
		}
		return false
	})
	questions := []string{troopsQuestion, "how many soldiers would Europe send?", "what is Article 5?", "who met in Paris?", "what did Macron say?"}
	b.ResetTimer()
	for i := range b.N {
		user := &testsupport.Member{UserID: fmt.Sprint(90000 + i), Permissions: "0"}
		_, token := fake.Command(b, "5000", user, "ask", map[string]any{"question": questions[i%len(questions)]})
		fake.WaitFor(b, 30*time.Second, "the answer", func(rs []testsupport.Request) bool {
			for _, r := range rs {
				if r.Method == "PATCH" && strings.Contains(r.Path, token) && strings.Contains(string(r.Body), `"components"`) {
					return true
				}
			}
			return false
		})
	}
	b.StopTimer()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
	if err != nil {
		b.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		for field, metric := range map[string]string{"VmRSS:": "rss-MB", "VmHWM:": "peak-rss-MB"} {
			if rest, ok := strings.CutPrefix(line, field); ok {
				var kb float64
				fmt.Sscanf(strings.TrimSpace(rest), "%f", &kb)
				b.ReportMetric(kb/1024, metric)
			}
		}
	}
}
