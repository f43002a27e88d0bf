package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/docbot/docbot/retrieval"
)

// question is one question to answer, whichever way it came: /ask, a
// mention, a follow-up in a thread, or a DM.
type question struct {
	command string // "ask", "mention", "auto" (auto-answer) or "ask-message" (Ask docbot)
	text    string
	private bool
	guild   string
	channel string // where the answer is seen
	userID  string
	// conversation: channel is a thread or DM whose turns are kept.
	conversation bool
	// quiet: reply only with an answer found (auto-answers); refusals,
	// "not found" and failures are recorded, not shown.
	quiet bool
	// help: the answer goes in a help thread, with "Still need help?"
	// and "Mark solved" under it.
	help bool
	// open, when set, is called once an answer was found, before it is
	// recorded: it opens the thread the answer goes in and returns its id.
	open func(ctx context.Context) (string, bool)
}

// cmdAsk handles /ask.
func (b *Bot) cmdAsk(ctx context.Context, i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) Response {
	q := question{command: "ask", text: stringOption(data, "question"), private: boolOption(data, "private"),
		guild: i.GuildID, channel: i.ChannelID, userID: user(i)}
	if option(data, "private") == nil { // the server's default (/settings server)
		if p := b.guildSettings(ctx, i.GuildID).PrivateDefault; p != nil {
			q.private = *p
		}
	}
	if q.text == "" {
		return ephemeral(msgNoQuestion)
	}
	t, refusal := b.gate(ctx, q.command, q.guild, q.userID, q.text)
	if refusal != "" {
		r := ephemeral(refusal)
		r.After = func(ctx context.Context) { b.refused(ctx, q) }
		return r
	}
	return later(b.answerJob(q, t))
}

// mention handles a message: a mention starts a thread from the message
// and answers there (inline: in the channel); in such a thread, and in
// DMs, every message is a follow-up. Other messages are not for the bot,
// unless addressed (a channel where no mention is required). to is where
// refusals and answers go, moved into the thread once it exists.
func (b *Bot) mention(ctx context.Context, m *discordgo.Message, to *dest, addressed, inline bool) Response {
	me := b.botID()
	mentioned := addressed || b.mentions(m)
	q := question{command: "mention", text: strings.TrimSpace(stripMention(m.Content, me)), guild: m.GuildID, channel: m.ChannelID,
		userID: m.Author.ID, conversation: m.GuildID == ""}
	if !q.conversation {
		_, inThread, err := b.deps.Conversations.Turns(ctx, m.ChannelID, b.clock.Now().Add(-b.cfg.Retention))
		if err != nil {
			b.log.Error("conversation", "error", err)
		}
		q.conversation = inThread
	}
	if q.text == "" || !(mentioned || q.conversation) {
		return Response{} // without the MESSAGE_CONTENT intent, other messages arrive empty
	}
	t, refusal := b.gate(ctx, q.command, q.guild, q.userID, q.text)
	if refusal != "" {
		r := now(Reply{Text: refusal})
		r.After = func(ctx context.Context) { b.refused(ctx, q) }
		return r
	}
	if !q.conversation && !inline {
		th, err := b.deliver.thread(ctx, m.ChannelID, m.ID, truncate(q.text, 100))
		if err != nil {
			b.log.Warn("start thread: answering in the channel", "error", err)
		} else {
			q.channel, q.conversation = th, true
			*to = dest{channel: th}
		}
	}
	if q.conversation {
		if err := b.deps.Conversations.SaveTurn(ctx, q.channel, nil, b.clock.Now(), turnsKept); err != nil {
			b.log.Error("start conversation", "error", err)
		}
	}
	return later(b.answerJob(q, t))
}

// answerJob answers q in t's slot, streaming the answer as drafts.
func (b *Bot) answerJob(q question, t *ticket) *Job {
	return &Job{Name: q.command, Ephemeral: q.private, Run: func(ctx context.Context, draft func(string)) Reply {
		defer t.release()
		return b.answer(ctx, q, t, draft)
	}}
}

// answer is the one answer flow: the conversation so far, the queue, the
// answer (shared with an identical question in flight, streamed), then —
// the slot given back — the journal, the conversation's new turn and the
// rendered reply.
func (b *Bot) answer(ctx context.Context, q question, t *ticket, draft func(string)) Reply {
	start := b.clock.Now()
	var history []retrieval.Turn
	if q.conversation {
		var err error
		if history, _, err = b.deps.Conversations.Turns(ctx, q.channel, start.Add(-b.cfg.Retention)); err != nil {
			b.log.Error("conversation", "error", err)
		}
	}
	key := ""
	if len(history) == 0 { // a follow-up depends on its conversation: never shared
		key = "ask\x00" + strings.ToLower(strings.Join(strings.Fields(q.text), " "))
	}
	v, err := b.work(ctx, t, key, draft, func(ctx context.Context, draft func(string)) (any, error) {
		var mu sync.Mutex
		var streamed strings.Builder
		return b.deps.Asker.Ask(ctx, retrieval.Question{Text: q.text, History: history, OnDelta: func(s string) {
			mu.Lock()
			streamed.WriteString(s)
			text := streamed.String()
			mu.Unlock()
			draft(escape(text))
		}})
	})
	a, _ := v.(retrieval.Answer)
	// the journal and the conversation are written even after the deadline
	final, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	latency := b.clock.Now().Sub(start)
	if err != nil {
		outcome := errOutcome(err)
		b.record(final, q, a, outcome)
		b.deps.Metrics.Question(q.command, outcome, latency)
		if q.quiet {
			b.userError(err) // logged
			return Reply{}
		}
		return Reply{Text: b.userError(err)}
	}
	outcome := retrieval.OutcomeAnswered
	if !a.Found {
		outcome = retrieval.OutcomeNotFound
	}
	if q.quiet && !a.Found { // silent; /gaps lists it
		b.record(final, q, a, outcome)
		b.deps.Metrics.Question(q.command, outcome, latency)
		return Reply{}
	}
	in := ""
	if q.open != nil {
		if th, ok := q.open(final); ok {
			q.channel, q.conversation, q.help, in = th, true, true, th
		}
	}
	qid := b.record(final, q, a, outcome)
	if q.conversation {
		turn := retrieval.TurnFrom(a)
		if err := b.deps.Conversations.SaveTurn(final, q.channel, &turn, b.clock.Now(), turnsKept); err != nil {
			b.log.Error("save conversation turn", "error", err)
		}
		b.expireConversations(final)
	}
	b.deps.Metrics.Question(q.command, outcome, latency)
	b.log.Info("question", "command", q.command, "guild", q.guild, "outcome", outcome, "latency", latency.Round(time.Millisecond),
		"passages", passageIDs(a), "mode", a.Mode)
	content, embeds := answerMessage(a)
	comps := answerButtons(qid, b.keepAnswer(a))
	if q.help {
		comps = append(comps, helpButtons())
	}
	comps = append(comps, b.suggestions(final, q, a)...)
	return Reply{Text: content, Embeds: embeds, Components: comps, in: in}
}

// gate applies the abuse controls to a request for work, in order:
// cooldown (counting refused attempts too, so a flood of over-long
// questions is throttled like any other), length, daily budget, and a
// place in the queue. It returns the place, or a refusal to show.
func (b *Bot) gate(ctx context.Context, command, guild, userID, text string) (*ticket, string) {
	uh := b.userHash(userID)
	now := b.clock.Now()
	if b.cfg.Cooldown > 0 {
		b.cdmu.Lock()
		last, ok := b.cooldowns.Get(uh)
		if wait := b.cfg.Cooldown - now.Sub(last); ok && wait > 0 {
			b.cdmu.Unlock()
			return nil, fmt.Sprintf("Please wait %d s before asking again.", int(wait.Seconds())+1)
		}
		b.cooldowns.Put(uh, now)
		b.cdmu.Unlock()
	}
	if n := utf8.RuneCountInString(text); n > b.cfg.MaxQuestion {
		noun := "question"
		if command == "search" {
			noun = "query"
		}
		return nil, fmt.Sprintf("That %s is %d characters; the limit is %d. Please shorten it.", noun, n, b.cfg.MaxQuestion)
	}
	if budget := b.budget(ctx, b.guildSettings(ctx, guild)); budget > 0 && b.deps.Journal != nil {
		ok, err := b.deps.Journal.TakeBudget(ctx, uh, budget)
		if err != nil {
			b.log.Error("daily budget", "error", err)
		} else if !ok {
			return nil, fmt.Sprintf("You've used your %d requests for today, the daily limit. Please come back tomorrow.", budget)
		}
	}
	server := guild
	if server == "" {
		server = "dm:" + uh // in DMs, each user is a server of their own
	}
	t, err := b.admit.enqueue(server, uh, now.Add(b.cfg.Deadline))
	switch {
	case errors.Is(err, errTooLate):
		return nil, msgTooLate
	case err != nil:
		return nil, msgBusy
	}
	return t, ""
}

// work runs fn once t holds a slot, showing the asker's place while it
// waits; a request identical to one in flight (same key; "" shares
// nothing) gives its place back and shares that one's result and drafts.
// The slot is given back before work returns.
func (b *Bot) work(ctx context.Context, t *ticket, key string, draft func(string), fn func(context.Context, func(string)) (any, error)) (any, error) {
	run := func(draft func(string)) (any, error) {
		defer t.release()
		if err := t.wait(ctx, func(ahead int) { draft(placeText(ahead)) }); err != nil {
			return nil, err
		}
		return fn(ctx, draft)
	}
	if key == "" {
		return run(draft)
	}
	v, err, joined := b.shared.do(ctx, key, draft, t.release, run)
	if joined {
		b.log.Debug("shared work in flight", "key_len", len(key))
	}
	return v, err
}

// placeText tells a waiting asker their place.
func placeText(ahead int) string {
	switch ahead {
	case 0:
		return "⏳ You're next."
	case 1:
		return "⏳ 1 question ahead of you."
	}
	return fmt.Sprintf("⏳ %d questions ahead of you.", ahead)
}

// expireConversations deletes idle conversations, at most once an hour.
func (b *Bot) expireConversations(ctx context.Context) {
	now := b.clock.Now()
	last := b.expired.Load()
	if now.Unix()-last < 3600 || !b.expired.CompareAndSwap(last, now.Unix()) {
		return
	}
	if _, err := b.deps.Conversations.ExpireConversations(ctx, now.Add(-b.cfg.Retention)); err != nil {
		b.log.Error("expire conversations", "error", err)
	}
}

// keepAnswer keeps an answer for its "Show passages" button and returns
// the button's key.
func (b *Bot) keepAnswer(a retrieval.Answer) string {
	key := randomKey()
	b.answers.Put(key, a)
	return key
}

// randomKey is an unguessable key for a button.
func randomKey() string {
	var buf [8]byte
	rand.Read(buf[:])
	return hex.EncodeToString(buf[:])
}

// userError maps an error to a short message; details go to the log.
func (b *Bot) userError(err error) string {
	switch {
	case errors.Is(err, retrieval.ErrNoTerms):
		return msgNoTerms
	case errors.Is(err, context.DeadlineExceeded):
		b.log.Warn("answer timed out", "error", err)
		return msgTimeout
	case errors.Is(err, context.Canceled):
		return msgShutdown
	}
	b.log.Error("answer failed", "error", err)
	return msgFailed
}

// errOutcome is how a failed question is counted: a question with nothing
// to search for is the asker's to fix, not a failure of docbot.
func errOutcome(err error) string {
	if errors.Is(err, retrieval.ErrNoTerms) {
		return retrieval.OutcomeRefused
	}
	return retrieval.OutcomeError
}

// refused records and counts a question turned away.
func (b *Bot) refused(ctx context.Context, q question) {
	b.record(ctx, q, retrieval.Answer{}, retrieval.OutcomeRefused)
	b.deps.Metrics.Question(q.command, retrieval.OutcomeRefused, 0)
}

// record logs a question's outcome for /gaps and feedback; it returns the
// answer's id for its buttons, "" when it could not be logged. A refused
// question is stored cut to the length limit: it may be any size.
func (b *Bot) record(ctx context.Context, q question, a retrieval.Answer, outcome string) string {
	if b.deps.Journal == nil {
		return ""
	}
	text := q.text
	if outcome == retrieval.OutcomeRefused {
		text = truncate(text, b.cfg.MaxQuestion)
	}
	id, err := b.deps.Journal.RecordQuestion(ctx, retrieval.QuestionLog{Guild: q.guild, Channel: q.channel, Private: q.private,
		UserHash: b.userHash(q.userID), Command: q.command, Question: text,
		Answer: a.Text, Outcome: outcome, PassageIDs: passageIDs(a), At: b.clock.Now()})
	if err != nil {
		b.log.Error("record question", "error", err)
		return ""
	}
	return id
}

func passageIDs(a retrieval.Answer) []string {
	ids := make([]string, 0, len(a.Citations))
	for _, c := range a.Citations {
		ids = append(ids, c.PassageID)
	}
	return ids
}

func (b *Bot) botID() string {
	if b.s != nil && b.s.State != nil && b.s.State.User != nil {
		return b.s.State.User.ID
	}
	return b.appID
}

func stripMention(content, id string) string {
	content = strings.ReplaceAll(content, "<@"+id+">", "")
	return strings.ReplaceAll(content, "<@!"+id+">", "")
}
