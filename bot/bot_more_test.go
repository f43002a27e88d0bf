package bot_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docbot/docbot/bot"
	"github.com/docbot/docbot/internal/testsupport"
)

func ephemeralReply(t *testing.T, e *env, id string) message {
	t.Helper()
	rs := e.fake.WaitFor(t, 5*time.Second, "a reply to "+id, func(rs []testsupport.Request) bool {
		return find(rs, "POST", "/interactions/"+id+"/") != nil
	})
	return decode(t, *find(rs, "POST", "/interactions/"+id+"/"))
}

func TestStreamingEditsAreThrottled(t *testing.T) {
	llm := testsupport.NewFakeLLM(t)
	llm.Respond(func(r testsupport.ChatRequest) testsupport.Reply {
		return testsupport.Reply{Text: strings.Repeat("Trump offered air support. ", 12) + "Not ground troops [1].", ChunkSize: 5, ChunkDelay: 15 * time.Millisecond}
	})
	e := start(t, setup{llm: llm, cfg: bot.Config{EditInterval: 300 * time.Millisecond}})
	start := time.Now()
	_, token := e.fake.Command(t, guild, member, "ask", map[string]any{"question": troops})
	m := finalEdit(t, e, token, func(m message) bool { return len(m.Embeds) > 0 })
	elapsed := time.Since(start)
	if !strings.HasSuffix(m.Content, "Not ground troops [1].") || !strings.HasPrefix(m.Embeds[0].Footer.Text, "fake-model") {
		t.Errorf("final = %q, footer %+v", m.Content, m.Embeds[0].Footer)
	}
	edits := findAll(e.fake.Requests(), "PATCH", "/webhooks/1000/"+token)
	if len(edits) < 3 {
		t.Errorf("%d edits: the answer was not streamed", len(edits))
	}
	// at most one edit per interval while streaming, plus the final one
	if max := int(elapsed/(300*time.Millisecond)) + 2; len(edits) > max {
		t.Errorf("%d edits in %v: more than one per 300 ms", len(edits), elapsed)
	}
	// The spacing of each pair of edits is checked on the recorder with a
	// fake clock (recorder_test.go): over the wire, arrival times bunch up
	// on a loaded machine.
	checkLimits(t, e.fake.Requests())
}

// A mention's answer streams into its thread like /ask's: several edits,
// at most one per interval, and the same final message.
func TestMentionAnswerStreamsLikeTheSlashAnswer(t *testing.T) {
	llm := testsupport.NewFakeLLM(t)
	llm.Respond(func(r testsupport.ChatRequest) testsupport.Reply {
		return testsupport.Reply{Text: strings.Repeat("Trump offered air support. ", 12) + "Not ground troops [1].", ChunkSize: 5, ChunkDelay: 15 * time.Millisecond}
	})
	e := start(t, setup{llm: llm, cfg: bot.Config{EditInterval: 300 * time.Millisecond}})
	e.fake.Message(t, guild, "3000", "4001", troops, true)
	var thread string
	rs := e.fake.WaitFor(t, 15*time.Second, "the thread's final answer", func(rs []testsupport.Request) bool {
		for _, r := range findAll(rs, "POST", "/channels/9") {
			if thread == "" && strings.HasSuffix(r.Path, "/messages") {
				thread = strings.Split(r.Path, "/")[2]
			}
		}
		for _, m := range channelAnswers(t, rs, thread) {
			if len(m.Embeds) > 0 {
				return true
			}
		}
		return false
	})
	edits := findAll(rs, "PATCH", "/channels/"+thread+"/messages/")
	if len(edits) < 3 {
		t.Errorf("%d edits: the mention answer did not stream", len(edits))
	}
	// the spacing of the edits is asserted on the recorder's fake clock:
	// over the wire, arrival times bunch up on a loaded machine
	mention := decode(t, edits[len(edits)-1])
	_, token := e.fake.Command(t, guild, user("4002"), "ask", map[string]any{"question": troops})
	slash := finalEdit(t, e, token, func(m message) bool { return len(m.Embeds) > 0 })
	if mention.Content != slash.Content || len(mention.Embeds) != len(slash.Embeds) || !strings.HasSuffix(mention.Content, "Not ground troops [1].") {
		t.Errorf("mention answer %q (%d sources), slash answer %q (%d sources)", mention.Content, len(mention.Embeds), slash.Content, len(slash.Embeds))
	}
	checkLimits(t, e.fake.Requests())
}

func TestMentionAnswersInAThreadAndFollowsUp(t *testing.T) {
	t.Parallel() // its time is mostly discordgo's 1 s sleep in Close; nothing timed, nothing process-wide
	e := start(t, setup{})
	mid := e.fake.Message(t, guild, "3000", "4001", "How many troops did European leaders propose sending?", true)
	var thread string
	e.fake.WaitFor(t, 10*time.Second, "the thread answer", func(rs []testsupport.Request) bool {
		for _, r := range findAll(rs, "POST", "/channels/9") {
			if thread == "" && strings.HasSuffix(r.Path, "/messages") {
				thread = strings.Split(r.Path, "/")[2]
			}
		}
		return find(rs, "POST", "/channels/3000/messages/"+mid+"/threads") != nil && thread != "" && len(channelAnswers(t, rs, thread)) > 0
	})
	if m := channelAnswers(t, e.fake.Requests(), thread)[0]; !strings.Contains(m.Content, "15,000 to 20,000 troops") || len(m.Embeds) == 0 {
		t.Errorf("thread answer = %q", m.Content)
	}
	// a follow-up in the thread uses the earlier turn
	e.fake.Message(t, guild, thread, "4001", "and what about air support?", false)
	rs := e.fake.WaitFor(t, 10*time.Second, "the follow-up answer", func(rs []testsupport.Request) bool {
		return len(channelAnswers(t, rs, thread)) >= 2
	})
	if follow := channelAnswers(t, rs, thread)[1]; !strings.Contains(strings.ToLower(follow.Content), "air support") {
		t.Errorf("follow-up answer = %q", follow.Content)
	}
	// messages from bots, without an author, or not addressed to the bot are ignored
	before := len(e.fake.Requests())
	e.fake.Message(t, guild, "3000", "", "system message without author", true)
	e.fake.Message(t, guild, "3000", "4001", "just chatting, not to the bot", false)
	time.Sleep(200 * time.Millisecond)
	if after := len(e.fake.Requests()); after != before {
		t.Errorf("%d requests for messages that should be ignored", after-before)
	}
	checkLimits(t, e.fake.Requests())
}

// channelAnswers are the final messages the bot wrote in a channel:
// messages posted or edited, without placeholders and streamed drafts
// (which end in " …").
func channelAnswers(t testing.TB, rs []testsupport.Request, channel string) []message {
	var out []message
	for _, r := range rs {
		if !strings.HasPrefix(r.Path, "/channels/"+channel+"/messages") || strings.HasSuffix(r.Path, "/threads") {
			continue
		}
		if m := decode(t, r); !strings.HasSuffix(m.Content, "…") {
			out = append(out, m)
		}
	}
	return out
}

func TestReloadIsForModeratorsAndKeepsServing(t *testing.T) {
	t.Parallel() // its time is mostly discordgo's 1 s sleep in Close; nothing timed, nothing process-wide
	e := start(t, setup{})
	id, _ := e.fake.Command(t, guild, member, "reload", nil)
	if r := ephemeralReply(t, e, id); r.Data == nil || r.Data.Flags&64 == 0 || !strings.Contains(r.Data.Content, "moderators only") {
		t.Errorf("non-moderator /reload: %+v", r.Data)
	}
	// forged: permissions with other bits but not MANAGE_GUILD, no member at all
	id, _ = e.fake.Command(t, guild, &testsupport.Member{UserID: "4003", Permissions: "2048"}, "reload", nil)
	if r := ephemeralReply(t, e, id); !strings.Contains(r.Data.Content, "moderators only") {
		t.Errorf("forged permissions: %q", r.Data.Content)
	}
	id, _ = e.fake.Command(t, "", nil, "reload", nil)
	if r := ephemeralReply(t, e, id); !strings.Contains(r.Data.Content, "not in DMs") {
		t.Errorf("DM /reload: %q", r.Data.Content)
	}
	// Permissions arrive as a decimal string: high bits beside MANAGE_GUILD
	// still make a moderator, high bits alone do not.
	id, _ = e.fake.Command(t, guild, &testsupport.Member{UserID: "4004", Permissions: "1125899906842624"}, "reload", nil) // 1<<50
	if r := ephemeralReply(t, e, id); !strings.Contains(r.Data.Content, "moderators only") {
		t.Errorf("permissions 1<<50: %q", r.Data.Content)
	}
	id, _ = e.fake.Command(t, guild, &testsupport.Member{UserID: "4005", Permissions: "1125899906842656"}, "gaps", nil) // 1<<50 | MANAGE_GUILD
	if r := ephemeralReply(t, e, id); strings.Contains(r.Data.Content, "moderators only") {
		t.Errorf("permissions 1<<50 | MANAGE_GUILD refused: %q", r.Data.Content)
	}

	os.WriteFile(filepath.Join(e.corpus, "new-article.md"), []byte("# Greenland talks\n\n"+strings.Repeat("Officials discussed Greenland icebreakers at length. ", 10)), 0o644)
	var tokens []string
	var wg sync.WaitGroup
	for k := 0; k < 5; k++ { // questions keep being answered during the reload
		_, tok := e.fake.Command(t, guild, &testsupport.Member{UserID: "41" + string(rune('0'+k)), Permissions: "0"}, "ask", map[string]any{"question": troops})
		tokens = append(tokens, tok)
	}
	_, rtoken := e.fake.Command(t, guild, moderator, "reload", nil)
	for _, tok := range tokens {
		wg.Add(1)
		go func(tok string) {
			defer wg.Done()
			finalEdit(t, e, tok, answered)
		}(tok)
	}
	wg.Wait()
	m := finalEdit(t, e, rtoken, func(m message) bool { return strings.HasPrefix(m.Content, "Reloaded") })
	if !strings.Contains(m.Content, "1 added") {
		t.Errorf("reload report = %q", m.Content)
	}
	_, tok := e.fake.Command(t, guild, member, "ask", map[string]any{"question": "what about Greenland icebreakers?"})
	if a := finalEdit(t, e, tok, answered); !strings.Contains(a.Content, "Greenland icebreakers") {
		t.Errorf("new article not served after reload: %q", a.Content)
	}
}

func TestFiftyConcurrentQuestionsAllAnswered(t *testing.T) {
	e := start(t, setup{cfg: bot.Config{Workers: 4, Queue: 64}})
	questions := []string{troops, "How many NATO troops protect the Baltic states?", "Which court is investigating war crimes in Ukraine?", "How do I bake sourdough bread?"}
	var tokens []string
	for k := 0; k < 50; k++ {
		_, tok := e.fake.Command(t, guild, &testsupport.Member{UserID: "5" + string(rune('0'+k%10)) + string(rune('0'+k/10)), Permissions: "0"}, "ask",
			map[string]any{"question": questions[k%len(questions)]})
		tokens = append(tokens, tok)
	}
	for _, tok := range tokens {
		finalEdit(t, e, tok, answered)
	}
	checkLimits(t, e.fake.Requests())
}

func TestRateLimitedEditsStillLand(t *testing.T) {
	t.Parallel() // its time is mostly discordgo's 1 s sleep in Close; nothing timed, nothing process-wide
	e := start(t, setup{})
	e.fake.Fail("PATCH /webhooks/", testsupport.Fault{Status: 429, RetryAfter: 0.05}, testsupport.Fault{Status: 502}, testsupport.Fault{Status: 429, RetryAfter: 0.05, Global: true})
	_, token := e.fake.Command(t, guild, member, "ask", map[string]any{"question": troops})
	finalEdit(t, e, token, answered)
}

func TestGatewayReconnects(t *testing.T) {
	t.Parallel() // its time is mostly discordgo's 1 s sleep in Close; nothing timed, nothing process-wide
	e := start(t, setup{})
	e.fake.CloseGateway(4000) // resumable
	e.fake.WaitConnected(t, 2, 15*time.Second)
	_, token := e.fake.Command(t, guild, member, "ask", map[string]any{"question": troops})
	finalEdit(t, e, token, answered)
}

// askSlowly starts a bot whose LLM takes delay to answer and asks it the
// ground-troops question; it returns once the question is acknowledged.
func askSlowly(t *testing.T, delay time.Duration) (e *env, llm *testsupport.FakeLLM, token string) {
	t.Helper()
	llm = testsupport.NewFakeLLM(t)
	llm.Respond(func(r testsupport.ChatRequest) testsupport.Reply {
		return testsupport.Reply{Text: "Air support, not ground troops [1].", Delay: delay}
	})
	e = start(t, setup{llm: llm})
	id, token := e.fake.Command(t, guild, member, "ask", map[string]any{"question": troops})
	e.fake.WaitFor(t, 5*time.Second, "the deferral", func(rs []testsupport.Request) bool { return find(rs, "POST", "/interactions/"+id) != nil })
	return e, llm, token
}

func TestShutdownDrainsInFlightAnswers(t *testing.T) {
	e, llm, token := askSlowly(t, 600*time.Millisecond)
	for deadline := time.Now().Add(5 * time.Second); len(llm.Requests()) == 0; { // the answer is being written
		if time.Now().After(deadline) {
			t.Fatal("the question never reached the LLM")
		}
		time.Sleep(5 * time.Millisecond)
	}
	e.cancel()
	select {
	case err := <-e.done:
		if err != nil {
			t.Errorf("Run = %v", err)
		}
		e.done <- nil // for the cleanup
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not return after shutdown")
	}
	var final bool
	for _, r := range findAll(e.fake.Requests(), "PATCH", "/webhooks/1000/"+token) {
		var m message
		json.Unmarshal(r.Body, &m)
		final = final || strings.Contains(m.Content, "ground troops [1]")
	}
	if !final {
		t.Error("the answer in flight at shutdown was not delivered")
	}
}

func TestRejectedTokenFailsFast(t *testing.T) {
	fake := testsupport.NewFakeDiscord(t)
	cfg := botConfig(setup{})
	cfg.Token, cfg.Origin = "wrong", fake.URL
	b, err := bot.New(cfg, bot.Deps{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := b.Run(ctx); !errors.Is(err, bot.ErrBadToken) {
		t.Errorf("Run with a bad token = %v, want ErrBadToken", err)
	}
	if _, err := bot.New(bot.Config{}, bot.Deps{}, nil); err == nil || !strings.Contains(err.Error(), "DISCORD_TOKEN") {
		t.Errorf("no token: %v", err)
	}
}
