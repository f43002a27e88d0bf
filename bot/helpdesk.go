package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/bwmarrin/discordgo"

	"github.com/docbot/docbot/internal/lru"
	"github.com/docbot/docbot/retrieval"
)

// HelpDesk keeps the moderators' settings and the help threads (the
// store, in SQLite, so they survive restarts).
type HelpDesk interface {
	GuildSettings(ctx context.Context, guild string) (retrieval.GuildSettings, error)
	SaveGuildSettings(ctx context.Context, s retrieval.GuildSettings) error
	// ChannelSettings returns a channel's settings and whether they were set.
	ChannelSettings(ctx context.Context, channel string) (retrieval.ChannelSettings, bool, error)
	GuildChannelSettings(ctx context.Context, guild string) ([]retrieval.ChannelSettings, error)
	// ContentChannels lists the channels whose ordinary messages docbot reads.
	ContentChannels(ctx context.Context) ([]retrieval.ChannelSettings, error)
	SaveChannelSettings(ctx context.Context, s retrieval.ChannelSettings) error
	ResetChannelSettings(ctx context.Context, guild, channel string) (bool, error)

	StartHelpThread(ctx context.Context, t retrieval.HelpThread) error
	HelpThread(ctx context.Context, thread string) (retrieval.HelpThread, bool, error)
	// CallHelper and MarkSolved report false when already done in the thread.
	CallHelper(ctx context.Context, thread string, at time.Time) (bool, error)
	MarkSolved(ctx context.Context, thread string, at time.Time) (bool, error)
}

// Suggester proposes follow-up questions for a found answer, each
// checked answerable (retrieval.Suggester).
type Suggester interface {
	Suggest(ctx context.Context, guild, asked string, a retrieval.Answer) ([]string, error)
}

// The message commands (right-click a message → Apps).
const (
	cmdAskDocbot  = "Ask docbot"
	cmdMarkSolved = "Mark solved"
)

const (
	msgNoHelpDesk   = "Settings can't be saved here (the database is read-only), so the help desk is off."
	msgNotHelp      = "This works in a help thread I answered: a forum post, or a thread I started for a question."
	msgNotAsker     = "Only the member who asked, or a moderator, can do that."
	msgNoHelper     = "No helper role is set for this server. A moderator can set one with `/settings server helper_role:`."
	msgHelperCalled = "The helpers were already called to this thread."
	msgSolvedBefore = "This thread is already marked solved."
	msgNoText       = "That message has no text I can read."
)

// mentions is a reply's allowed_mentions: nobody, or only its PingRole.
func mentions(r Reply) *discordgo.MessageAllowedMentions {
	am := noMentions()
	if r.PingRole != "" {
		am.Roles = []string{r.PingRole}
	}
	return am
}

// message routes a channel message: a forum post's first message, a
// follow-up in a help thread, a message in a channel moderators set up,
// or a mention.
func (b *Bot) message(ctx context.Context, m *discordgo.Message, to *dest) Response {
	if m.Author.ID == b.botID() {
		return Response{} // never itself, even when it's not flagged a bot
	}
	hd := b.deps.HelpDesk
	if hd == nil || m.GuildID == "" {
		return b.mention(ctx, m, to, false, false)
	}
	addressed := b.mentions(m)
	if m.ID == m.ChannelID && !addressed { // a forum post's first message shares the post's id
		return b.forumPost(ctx, nil, m)
	}
	if !addressed {
		h, ok, err := hd.HelpThread(ctx, m.ChannelID)
		if err != nil {
			b.log.Error("help thread", "error", err)
		}
		if ok && b.userHash(m.Author.ID) != h.AskerHash {
			return Response{} // others talk among themselves; they can mention docbot
		}
		if ok { // the poster's follow-up, answered once docbot answered there
			return b.mention(ctx, m, to, false, false)
		}
	}
	cs := b.channelSettings(ctx, m.ChannelID)
	switch {
	case addressed || !cs.MentionRequired:
		return b.mention(ctx, m, to, !cs.MentionRequired, !cs.InThread)
	case cs.AutoAnswer && !cs.Forum && looksLikeQuestion(m.Content):
		return b.autoAnswer(ctx, m, cs)
	}
	return b.mention(ctx, m, to, false, false) // a follow-up in a mention thread, or nothing
}

// mentions reports whether m mentions the bot.
func (b *Bot) mentions(m *discordgo.Message) bool {
	me := b.botID()
	for _, u := range m.Mentions {
		if u != nil && u.ID == me {
			return true
		}
	}
	return false
}

// channelSettings reads a channel's settings; when they can't be read,
// the defaults (docbot answers only when mentioned).
func (b *Bot) channelSettings(ctx context.Context, channel string) retrieval.ChannelSettings {
	cs, _, err := b.deps.HelpDesk.ChannelSettings(ctx, channel)
	if err != nil {
		b.log.Error("channel settings", "error", err)
		return retrieval.DefaultChannelSettings(channel, "")
	}
	return cs
}

// questionWords open a message that asks something.
var questionWords = map[string]bool{"how": true, "what": true, "why": true, "when": true, "where": true, "who": true, "which": true,
	"whom": true, "whose": true, "can": true, "could": true, "does": true, "do": true, "did": true, "is": true, "are": true, "was": true,
	"were": true, "should": true, "would": true, "will": true, "has": true, "have": true, "anyone": true, "anybody": true}

// looksLikeQuestion: at least three words, and a question mark or a
// question word first. Chat ("thanks!", "lol") is not answered.
func looksLikeQuestion(text string) bool {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' })
	if len(words) < 3 {
		return false
	}
	return strings.ContainsAny(text, "?？") || questionWords[words[0]]
}

// pendingPost is half of a new forum post: Discord sends THREAD_CREATE
// and the first message's MESSAGE_CREATE in either order.
type pendingPost struct {
	thread *discordgo.Channel
	msg    *discordgo.Message
	done   bool
}

// forumPosts pairs the two halves of new forum posts.
type forumPosts struct {
	mu    sync.Mutex
	posts *lru.Cache[string, pendingPost]
}

// pair records one half of a post and returns the whole post once both
// halves arrived, exactly once.
func (f *forumPosts) pair(id string, th *discordgo.Channel, m *discordgo.Message) (*discordgo.Channel, *discordgo.Message, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p, _ := f.posts.Get(id)
	if th != nil {
		p.thread = th
	}
	if m != nil {
		p.msg = m
	}
	if p.done || p.thread == nil || p.msg == nil {
		f.posts.Put(id, p)
		return nil, nil, false
	}
	f.posts.Put(id, pendingPost{done: true})
	return p.thread, p.msg, true
}

// forumPost handles half of a new forum post (the thread or its first
// message); once both are here and the forum has auto-answer on, the
// title and first message are the question, answered in the post's
// thread only when the articles answer it.
func (b *Bot) forumPost(ctx context.Context, th *discordgo.Channel, m *discordgo.Message) Response {
	if b.deps.HelpDesk == nil {
		return Response{}
	}
	if th != nil && (th.GuildID == "" || th.ParentID == "" || th.Type != discordgo.ChannelTypeGuildPublicThread) {
		return Response{}
	}
	if th != nil { // only forum posts in auto-answer forums wait for their message
		if cs := b.channelSettings(ctx, th.ParentID); !cs.Forum || !cs.AutoAnswer {
			return Response{}
		}
	}
	id := ""
	if th != nil {
		id = th.ID
	} else {
		id = m.ID
	}
	th, m, ok := b.posts.pair(id, th, m)
	if !ok || m.Author == nil || m.Author.Bot || m.Author.ID == b.botID() {
		return Response{}
	}
	text := strings.TrimSpace(th.Name + "\n" + m.Content)
	q := question{command: "auto", text: text, guild: th.GuildID, channel: th.ID, userID: m.Author.ID, conversation: true, quiet: true, help: true}
	t, refusal := b.gate(ctx, q.command, q.guild, q.userID, q.text)
	if refusal != "" {
		b.refused(ctx, q)
		return Response{} // silent: a help forum never fills with refusals
	}
	help := retrieval.HelpThread{Thread: th.ID, Guild: th.GuildID, Parent: th.ParentID, Forum: true, AskerHash: b.userHash(m.Author.ID), StartedAt: b.clock.Now()}
	if err := b.deps.HelpDesk.StartHelpThread(ctx, help); err != nil {
		b.log.Error("start help thread", "error", err)
	}
	return later(&Job{Name: "auto", Quiet: true, Run: func(ctx context.Context, draft func(string)) Reply {
		defer t.release()
		return b.answer(ctx, q, t, draft)
	}})
}

// autoAnswer answers a question in a text channel with auto-answer on,
// only when the articles answer it: then in a thread started from the
// message (or inline, as the channel is set), else nothing is posted and
// the question waits in /gaps.
func (b *Bot) autoAnswer(ctx context.Context, m *discordgo.Message, cs retrieval.ChannelSettings) Response {
	q := question{command: "auto", text: strings.TrimSpace(m.Content), guild: m.GuildID, channel: m.ChannelID, userID: m.Author.ID, quiet: true}
	t, refusal := b.gate(ctx, q.command, q.guild, q.userID, q.text)
	if refusal != "" {
		b.refused(ctx, q)
		return Response{}
	}
	if cs.InThread {
		q.open = func(ctx context.Context) (string, bool) {
			th, err := b.deliver.thread(ctx, m.ChannelID, m.ID, truncate(q.text, 100))
			if err != nil {
				b.log.Warn("start thread: answering in the channel", "error", err)
				return "", false
			}
			help := retrieval.HelpThread{Thread: th, Guild: m.GuildID, Parent: m.ChannelID, AskerHash: b.userHash(m.Author.ID), StartedAt: b.clock.Now()}
			if err := b.deps.HelpDesk.StartHelpThread(ctx, help); err != nil {
				b.log.Error("start help thread", "error", err)
			}
			return th, true
		}
	}
	return later(&Job{Name: "auto", Quiet: true, Run: func(ctx context.Context, draft func(string)) Reply {
		defer t.release()
		return b.answer(ctx, q, t, draft)
	}})
}

// helpButtons go under answers in help threads.
func helpButtons() discordgo.ActionsRow {
	return discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Still need help?", Emoji: &discordgo.ComponentEmoji{Name: "🙋"}, Style: discordgo.PrimaryButton, CustomID: "hd:human"},
		discordgo.Button{Label: "Mark solved", Emoji: &discordgo.ComponentEmoji{Name: "✅"}, Style: discordgo.SuccessButton, CustomID: "hd:solve"},
	}}
}

// helpComponent handles the help-desk buttons.
func (b *Bot) helpComponent(ctx context.Context, i *discordgo.Interaction, id string) Response {
	switch id {
	case "hd:human":
		return b.callHelper(ctx, i)
	case "hd:solve":
		return b.markSolved(ctx, i)
	}
	return ephemeral(msgTooOld)
}

// helpThread finds the help thread an interaction came from and checks
// that its user asked there or moderates; else it returns the refusal.
func (b *Bot) helpThread(ctx context.Context, i *discordgo.Interaction) (retrieval.HelpThread, string) {
	if b.deps.HelpDesk == nil {
		return retrieval.HelpThread{}, msgNoHelpDesk
	}
	if i.GuildID == "" {
		return retrieval.HelpThread{}, msgNotHelp
	}
	h, ok, err := b.deps.HelpDesk.HelpThread(ctx, i.ChannelID)
	switch {
	case err != nil:
		b.log.Error("help thread", "error", err)
		return h, msgFailed
	case !ok:
		return h, msgNotHelp
	case b.userHash(user(i)) != h.AskerHash && !b.isModerator(i):
		return h, msgNotAsker
	}
	return h, ""
}

// callHelper pings the server's helper role in the thread, once per
// thread, and lists the question in /gaps as needing a human.
func (b *Bot) callHelper(ctx context.Context, i *discordgo.Interaction) Response {
	h, refusal := b.helpThread(ctx, i)
	if refusal != "" {
		return ephemeral(refusal)
	}
	gs, err := b.deps.HelpDesk.GuildSettings(ctx, h.Guild)
	if err != nil {
		b.log.Error("guild settings", "error", err)
		return ephemeral(msgFailed)
	}
	if gs.HelperRole == "" {
		return ephemeral(msgNoHelper)
	}
	first, err := b.deps.HelpDesk.CallHelper(ctx, h.Thread, b.clock.Now())
	switch {
	case err != nil:
		b.log.Error("call helper", "error", err)
		return ephemeral(msgFailed)
	case !first:
		return ephemeral(msgHelperCalled)
	}
	return now(Reply{Text: fmt.Sprintf("🙋 <@&%s> — <@%s> still needs help here; my answer didn't settle it.", gs.HelperRole, user(i)),
		PingRole: gs.HelperRole})
}

// markSolved marks a help thread solved (button or message command) and,
// in a forum, applies the forum's "Solved" tag when it has one.
func (b *Bot) markSolved(ctx context.Context, i *discordgo.Interaction) Response {
	h, refusal := b.helpThread(ctx, i)
	if refusal != "" {
		return ephemeral(refusal)
	}
	first, err := b.deps.HelpDesk.MarkSolved(ctx, h.Thread, b.clock.Now())
	switch {
	case err != nil:
		b.log.Error("mark solved", "error", err)
		return ephemeral(msgFailed)
	case !first:
		return ephemeral(msgSolvedBefore)
	}
	text := fmt.Sprintf("✅ Marked solved by <@%s>.", user(i))
	if !h.Forum {
		return now(Reply{Text: text})
	}
	canTag := i.AppPermissions&discordgo.PermissionManageThreads != 0
	return later(&Job{Name: "solved", Run: func(ctx context.Context, _ func(string)) Reply {
		return Reply{Text: text + b.tagSolved(ctx, h, canTag)}
	}})
}

// tagSolved applies the forum's "Solved" tag to the post; it returns a
// note for the moderators when it can't.
func (b *Bot) tagSolved(ctx context.Context, h retrieval.HelpThread, canTag bool) string {
	forum, err := b.deliver.channel(ctx, h.Parent)
	if err != nil {
		return ""
	}
	tag := ""
	for _, t := range forum.AvailableTags {
		if strings.EqualFold(strings.TrimSpace(t.Name), "solved") || strings.EqualFold(strings.TrimSpace(t.Name), "resolved") {
			tag = t.ID
		}
	}
	if tag == "" {
		return "\n-# Add a tag named “Solved” to this forum and I'll apply it to solved posts."
	}
	if !canTag {
		return "\n-# I couldn't apply the Solved tag: I need the Manage Threads permission in this forum."
	}
	post, err := b.deliver.channel(ctx, h.Thread)
	if err != nil {
		return ""
	}
	tags := []string{tag}
	for _, t := range post.AppliedTags {
		if t == tag {
			return ""
		}
		if len(tags) < 5 { // Discord allows five tags on a post
			tags = append(tags, t)
		}
	}
	if err := b.deliver.setTags(ctx, h.Thread, tags); err != nil {
		var re *discordgo.RESTError
		if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusForbidden {
			return "\n-# I couldn't apply the Solved tag: I need the Manage Threads permission in this forum."
		}
		return ""
	}
	return ""
}

// cmdAskDocbot handles the "Ask docbot" message command: the message's
// text is the question, answered for the member who invoked it in a
// thread started from the message (or in the thread it is in).
func (b *Bot) cmdAskDocbot(ctx context.Context, i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) Response {
	var target *discordgo.Message
	if data.Resolved != nil {
		target = data.Resolved.Messages[data.TargetID]
	}
	if target == nil || strings.TrimSpace(target.Content) == "" {
		return ephemeral(msgNoText)
	}
	q := question{command: "ask-message", text: strings.TrimSpace(stripMention(target.Content, b.botID())), guild: i.GuildID,
		channel: i.ChannelID, userID: user(i)}
	t, refusal := b.gate(ctx, q.command, q.guild, q.userID, q.text)
	if refusal != "" {
		b.refused(ctx, q)
		return ephemeral(refusal)
	}
	return later(&Job{Name: "ask-message", Ephemeral: true, Run: func(ctx context.Context, draft func(string)) Reply {
		defer t.release()
		th := b.messageThread(ctx, i, target, q.text)
		if th == "" { // no thread: the answer goes to the invoker alone
			return b.answer(ctx, q, t, draft)
		}
		q.channel, q.conversation, q.help = th, true, i.GuildID != "" && b.deps.HelpDesk != nil
		if q.help {
			help := retrieval.HelpThread{Thread: th, Guild: i.GuildID, Parent: i.ChannelID, AskerHash: b.userHash(user(i)), StartedAt: b.clock.Now()}
			if err := b.deps.HelpDesk.StartHelpThread(ctx, help); err != nil {
				b.log.Error("start help thread", "error", err)
			}
		}
		r := b.answer(ctx, q, t, func(string) {})
		r.Text = fmt.Sprintf("-# Asked by <@%s>\n%s", q.userID, r.Text)
		final, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		if err := b.deliver.post(final, dest{channel: th}, r); err != nil {
			return Reply{Text: msgFailed}
		}
		return Reply{Text: fmt.Sprintf("I answered in <#%s>.", th)}
	}})
}

// messageThread is the thread an "Ask docbot" answer goes in: the one the
// message is in, or a new one started from it; "" when neither works.
func (b *Bot) messageThread(ctx context.Context, i *discordgo.Interaction, target *discordgo.Message, text string) string {
	if i.GuildID == "" {
		return ""
	}
	if ch, err := b.deliver.channel(ctx, i.ChannelID); err == nil && ch.IsThread() {
		return ch.ID
	}
	th, err := b.deliver.thread(ctx, i.ChannelID, target.ID, truncate(text, 100))
	if err != nil {
		b.log.Warn("start thread for Ask docbot", "error", err)
		return ""
	}
	return th
}

// suggestions are the follow-up buttons under a public answer: up to
// three questions the articles answer, kept for their clicks.
func (b *Bot) suggestions(ctx context.Context, q question, a retrieval.Answer) []discordgo.MessageComponent {
	if b.deps.Suggester == nil || q.private || !a.Found {
		return nil
	}
	qs, err := b.deps.Suggester.Suggest(ctx, q.guild, q.text, a)
	if err != nil {
		b.log.Warn("suggested follow-ups", "error", err)
	}
	if len(qs) == 0 {
		return nil
	}
	key := randomKey()
	b.suggested.Put(key, qs)
	row := discordgo.ActionsRow{}
	for k, s := range qs {
		row.Components = append(row.Components, discordgo.Button{Label: truncate(s, 80), Style: discordgo.SecondaryButton,
			Emoji: &discordgo.ComponentEmoji{Name: "💬"}, CustomID: fmt.Sprintf("sug:%s:%d", key, k)})
	}
	return []discordgo.MessageComponent{row}
}

// askSuggested answers a suggested follow-up someone clicked, publicly, as
// a follow-up when the channel is a conversation.
func (b *Bot) askSuggested(ctx context.Context, i *discordgo.Interaction, id string) Response {
	parts := strings.Split(id, ":")
	var n int
	if len(parts) != 3 || user(i) == "" {
		return ephemeral(msgTooOld)
	}
	qs, ok := b.suggested.Get(parts[1])
	if _, err := fmt.Sscan(parts[2], &n); !ok || err != nil || n < 0 || n >= len(qs) {
		return ephemeral(msgTooOld)
	}
	q := question{command: "ask", text: qs[n], guild: i.GuildID, channel: i.ChannelID, userID: user(i)}
	if _, conv, err := b.deps.Conversations.Turns(ctx, i.ChannelID, b.clock.Now().Add(-b.cfg.Retention)); err == nil {
		q.conversation = conv
	}
	t, refusal := b.gate(ctx, q.command, q.guild, q.userID, q.text)
	if refusal != "" {
		b.refused(ctx, q)
		return ephemeral(refusal)
	}
	return later(b.answerJob(q, t))
}
