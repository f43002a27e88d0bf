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

	"github.com/docbot/docbot/bot"
	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
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

// /gaps shows a guild's moderators only what was asked in public in their
// guild: not other guilds' questions, not DMs, not private answers.
func TestGapsAreScopedToTheGuild(t *testing.T) {
	e := start(t, setup{})
	ask(t, e, guild, user("4101"), "How do I bake sourdough bread?", false)
	ask(t, e, guild, user("4102"), "How do I knit a woolen scarf?", true)
	ask(t, e, otherGuild, user("4103"), "How do I tune a banjo?", false)
	e.fake.Message(t, "", "7000", "4104", "How do I grow tomatoes on a balcony?", false)
	e.fake.WaitFor(t, 15*time.Second, "the DM answer", func(rs []testsupport.Request) bool {
		return find(rs, "POST", "/channels/7000/messages") != nil
	})

	id, _ := e.fake.Command(t, guild, moderator, "gaps", nil)
	got := ephemeralReply(t, e, id).Data.Content
	if !strings.Contains(got, "sourdough") {
		t.Errorf("/gaps misses the guild's own unanswered question: %q", got)
	}
	for _, leak := range []string{"scarf", "banjo", "tomatoes"} {
		if strings.Contains(got, leak) {
			t.Errorf("/gaps in guild %s shows %q, asked privately, in another guild or in a DM: %q", guild, leak, got)
		}
	}
	id, _ = e.fake.Command(t, otherGuild, &testsupport.Member{UserID: "4105", Permissions: permMod}, "gaps", nil)
	if got := ephemeralReply(t, e, id).Data.Content; !strings.Contains(got, "banjo") || strings.Contains(got, "sourdough") {
		t.Errorf("/gaps in guild %s = %q, want only the banjo question", otherGuild, got)
	}
}

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

// journalSpy records what the bot asks the journal to store.
type journalSpy struct {
	*store.DB
	mu   sync.Mutex
	logs []retrieval.QuestionLog
}

func (j *journalSpy) RecordQuestion(ctx context.Context, q retrieval.QuestionLog) (string, error) {
	j.mu.Lock()
	j.logs = append(j.logs, q)
	j.mu.Unlock()
	return j.DB.RecordQuestion(ctx, q)
}

func (j *journalSpy) recorded() []retrieval.QuestionLog {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]retrieval.QuestionLog(nil), j.logs...)
}

// The cooldown comes before the length check, and a question refused for
// its length is stored cut to the limit, not whole.
func TestOverlongQuestionsAreThrottledAndStoredShort(t *testing.T) {
	spy := &journalSpy{}
	e := start(t, setup{cfg: bot.Config{Cooldown: time.Hour, MaxQuestion: 100}, journal: func(db *store.DB) bot.Journal {
		spy.DB = db
		return spy
	}})
	huge := strings.Repeat("why ", 26_250) // 105,000 characters
	id, _ := e.fake.Command(t, guild, user("4301"), "ask", map[string]any{"question": huge})
	if r := ephemeralReply(t, e, id); !strings.Contains(r.Data.Content, "limit is 100") {
		t.Errorf("first over-long question: %q", r.Data.Content)
	}
	id, _ = e.fake.Command(t, guild, user("4301"), "ask", map[string]any{"question": huge})
	if r := ephemeralReply(t, e, id); !strings.Contains(r.Data.Content, "wait") {
		t.Errorf("second over-long question within the cooldown: %q, want the cooldown", r.Data.Content)
	}
	e.fake.WaitFor(t, 5*time.Second, "both refusals recorded", func([]testsupport.Request) bool { return len(spy.recorded()) == 2 })
	for _, q := range spy.recorded() {
		if n := len([]rune(q.Question)); n > 100 {
			t.Errorf("refused question stored with %d characters, want at most the 100-character limit", n)
		}
	}
}

// Small things users see: a punctuation-only question is theirs to fix,
// not an error; the not-found reply names /docs as a command; /summary of
// an unknown article answers only the asker.
func TestRepliesUsersSee(t *testing.T) {
	spy := &journalSpy{}
	e := start(t, setup{journal: func(db *store.DB) bot.Journal {
		spy.DB = db
		return spy
	}})
	_, token := e.fake.Command(t, guild, member, "ask", map[string]any{"question": "?!…"})
	finalEdit(t, e, token, func(m message) bool { return m.Content != "" })
	e.fake.WaitFor(t, 5*time.Second, "the question recorded", func([]testsupport.Request) bool { return len(spy.recorded()) == 1 })
	if got := spy.recorded()[0].Outcome; got != retrieval.OutcomeRefused {
		t.Errorf("punctuation-only question recorded as %q, want %q", got, retrieval.OutcomeRefused)
	}

	m := ask(t, e, guild, member, "zzqx wvvk plorb?", false)
	if strings.Contains(m.Content, "`") || strings.Contains(m.Content, "\\`") || !strings.Contains(m.Content, "/docs") {
		t.Errorf("not-found reply = %q, want it to name /docs without backticks", m.Content)
	}

	id, _ := e.fake.Command(t, guild, member, "summary", map[string]any{"document": "no-such-doc"})
	r := ephemeralReply(t, e, id)
	if r.Data == nil || r.Data.Flags&64 == 0 || !strings.Contains(r.Data.Content, "don't know that article") {
		t.Errorf("/summary of an unknown article: %+v, want an ephemeral reply", r.Data)
	}
}
