package bot_test

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docbot/docbot/internal/testsupport"
)

func user(id string) *testsupport.Member { return &testsupport.Member{UserID: id, Permissions: "0"} }

// syncBuffer is a log destination the bot's goroutines may share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A network error on a request to Discord is logged without the URL's
// interaction token (valid 15 minutes: it lets anyone edit the reply).
func TestNetworkErrorsNeverLogTokens(t *testing.T) {
	t.Parallel() // its time is mostly discordgo's 1 s sleep in Close; nothing timed, nothing process-wide
	var logs syncBuffer
	e := start(t, setup{log: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	e.fake.Fail("POST /interactions/", testsupport.Fault{Hangup: true})
	id, token2 := e.fake.Command(t, guild, member, "docs", nil)
	e.fake.WaitFor(t, 15*time.Second, "the failed reply", func(rs []testsupport.Request) bool {
		return find(rs, "POST", "/interactions/"+id) != nil
	})
	e.fake.Fail("PATCH /webhooks/", testsupport.Fault{Hangup: true}, testsupport.Fault{Hangup: true}, testsupport.Fault{Hangup: true})
	_, token := e.fake.Command(t, guild, member, "ask", map[string]any{"question": troops})
	e.fake.WaitFor(t, 15*time.Second, "the failed edits", func(rs []testsupport.Request) bool {
		return len(findAll(rs, "PATCH", "/webhooks/1000/"+token)) > 0
	})
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(logs.String(), "discord request failed") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	out := logs.String()
	if !strings.Contains(out, "discord request failed") {
		t.Fatalf("no failure logged: %s", out)
	}
	for _, secret := range []string{token, token2, "itoken-"} {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds the interaction token %q:\n%s", secret, out)
		}
	}
}
