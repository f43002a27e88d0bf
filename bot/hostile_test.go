package bot_test

import (
	"bytes"
	"context"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docbot/docbot/internal/testsupport"
)

const otherGuild = "6000"

// ask asks in guild as m and waits for the final answer.
func ask(t *testing.T, e *env, g string, m *testsupport.Member, question string, private bool) message {
	t.Helper()
	opts := map[string]any{"question": question}
	if private {
		opts["private"] = true
	}
	_, token := e.fake.Command(t, g, m, "ask", opts)
	return finalEdit(t, e, token, answered)
}

func user(id string) *testsupport.Member { return &testsupport.Member{UserID: id, Permissions: "0"} }

var feedbackID = regexp.MustCompile(`fb:down:([^"]+)`)

// vote clicks a feedback button and reports whether it was accepted.
func vote(t *testing.T, e *env, g, channel string, m *testsupport.Member, customID string) bool {
	t.Helper()
	id, _ := e.fake.ButtonIn(t, g, channel, m, customID)
	return strings.Contains(ephemeralReply(t, e, id).Data.Content, "Thanks")
}

// Feedback counts only from people who could see the answer, once each.
func TestFeedbackCannotBeForged(t *testing.T) {
	e := start(t, setup{})
	m := ask(t, e, guild, user("4201"), troops, false)
	sub := feedbackID.FindStringSubmatch(string(m.Components))
	if sub == nil {
		t.Fatalf("no feedback button in %s", m.Components)
	}
	down := "fb:down:" + sub[1]
	if len(sub[1]) < 32 {
		t.Errorf("question id %q is short enough to guess", sub[1])
	}
	stranger := user("4202")
	for _, forged := range []string{"fb:down:1", "fb:down:2", "fb:up:1"} {
		if vote(t, e, guild, "3000", stranger, forged) {
			t.Errorf("a guessed id %s was accepted", forged)
		}
	}
	if vote(t, e, otherGuild, "3000", stranger, down) {
		t.Error("a vote from another guild was accepted")
	}
	if vote(t, e, guild, "3999", stranger, down) {
		t.Error("a vote from another channel was accepted")
	}
	if !vote(t, e, guild, "3000", stranger, down) {
		t.Error("a vote from the channel the answer is in was refused")
	}

	// A private answer: only its asker saw it.
	p := ask(t, e, guild, user("4203"), troops, true)
	private := "fb:down:" + feedbackID.FindStringSubmatch(string(p.Components))[1]
	if vote(t, e, guild, "3000", stranger, private) {
		t.Error("a vote on someone else's private answer was accepted")
	}
	if !vote(t, e, guild, "3000", user("4203"), private) {
		t.Error("the asker's vote on their private answer was refused")
	}

	// One person's 👎 counts once, however many copies of the question
	// they vote on; the private vote is not listed.
	for range 3 {
		m := ask(t, e, guild, stranger, troops, false)
		vote(t, e, guild, "3000", stranger, "fb:down:"+feedbackID.FindStringSubmatch(string(m.Components))[1])
	}
	gaps, err := e.db.Gaps(context.Background(), guild, time.Now().Add(-time.Hour), 10)
	if err != nil || len(gaps) != 1 || gaps[0].Disliked != 1 {
		t.Errorf("gaps = %+v, %v; want the question once with 👎 ×1 (one person)", gaps, err)
	}
}

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
