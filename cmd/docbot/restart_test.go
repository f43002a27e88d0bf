package main

import (
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/docbot/docbot/internal/testsupport"
)

// threadAnswer waits for the bot's final message with sources in a
// thread the fake created (ids from 900000), after the first `after`
// requests, and returns the thread and the passage ids of its sources.
func threadAnswer(t *testing.T, fake *testsupport.FakeDiscord, after int) (thread string, sources []string, content string) {
	t.Helper()
	fake.WaitFor(t, 20*time.Second, "an answer in a thread", func(rs []testsupport.Request) bool {
		for _, r := range rs[min(after, len(rs)):] {
			parts := strings.Split(strings.Trim(r.Path, "/"), "/")
			if r.Method != "PATCH" || len(parts) != 4 || parts[0] != "channels" || !strings.HasPrefix(parts[1], "9") {
				continue
			}
			var m struct {
				Content string `json:"content"`
				Embeds  []struct {
					Footer struct {
						Text string `json:"text"`
					} `json:"footer"`
				} `json:"embeds"`
			}
			if json.Unmarshal(r.Body, &m) != nil || len(m.Embeds) == 0 {
				continue
			}
			thread, content, sources = parts[1], m.Content, nil
			for _, e := range m.Embeds { // "extractive · <passage id> · <date>"
				if f := strings.Split(e.Footer.Text, " · "); len(f) > 1 {
					sources = append(sources, f[1])
				}
			}
			return true
		}
		return false
	})
	return thread, sources, content
}

// A follow-up in a thread after docbot serve restarts still sees the
// conversation: "source 2" is the second source of the answer before.
func TestFollowUpSurvivesARestart(t *testing.T) {
	fake := testsupport.NewFakeDiscord(t)
	env := map[string]string{"DISCORD_TOKEN": fake.Token, "DOCBOT_DISCORD_URL": fake.URL, "DOCBOT_DB": filepath.Join(t.TempDir(), "x.db")}
	serve := func() (stop func()) {
		ctx, cancel := context.WithCancel(context.Background())
		logs := &syncBuffer{}
		done := make(chan int, 1)
		go func() { done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, io.Discard, logs) }()
		return func() {
			cancel()
			select {
			case code := <-done:
				if code != 0 {
					t.Errorf("serve exited %d: %s", code, logs.String())
				}
			case <-time.After(30 * time.Second):
				t.Fatal("serve did not stop")
			}
		}
	}
	registered := func(n int) {
		fake.WaitFor(t, 20*time.Second, "command registration", func(rs []testsupport.Request) bool {
			puts := 0
			for _, r := range rs {
				if r.Method == "PUT" {
					puts++
				}
			}
			return puts >= n
		})
	}

	stop := serve()
	registered(1)
	fake.Message(t, "5000", "3000", "4001", "how many troops could europe send", true)
	thread, first, _ := threadAnswer(t, fake, 0)
	if len(first) < 2 {
		t.Fatalf("the first answer cites %v: want two sources", first)
	}
	stop()

	stop = serve()
	defer stop()
	registered(2)
	before := len(fake.Requests())
	fake.Message(t, "5000", thread, "4002", "what does source 2 say?", false)
	again, second, content := threadAnswer(t, fake, before)
	if again != thread || len(second) == 0 || second[0] != first[1] {
		t.Errorf("after the restart, \"source 2\" cites %v in %s (%q); want %s, the first answer's second source, in %s", second, again, content, first[1], thread)
	}
}
