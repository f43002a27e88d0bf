package bot

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
)

// Help-desk handler tests: the store for settings and help threads, the
// recorder for Discord, a fake clock.

const (
	answerable   = "What did Trump offer on ground troops?"
	unanswerable = "How do I configure the Kubernetes ingress controller for TLS?"
)

// helpDeskBot is a store-backed bot with the help desk on; its own user id
// is "2000".
func helpDeskBot(t *testing.T, cfg Config) (*Bot, *recorder, *store.DB) {
	t.Helper()
	db := testsupport.SeedDB(t)
	deps := storeDeps(db)
	deps.HelpDesk = db
	b, rec, _ := testBot(t, cfg, deps)
	b.appID = "2000"
	rec.channels = map[string]*discordgo.Channel{}
	return b, rec, db
}

// settingsCmd is /settings SUB with options, in guild g, channel c1.
func settingsCmd(sub, userID string, opts map[string]any, resolved *discordgo.ApplicationCommandInteractionDataResolved) *discordgo.InteractionCreate {
	var os []*discordgo.ApplicationCommandInteractionDataOption
	for k, v := range opts {
		os = append(os, &discordgo.ApplicationCommandInteractionDataOption{Name: k, Value: v})
	}
	ic := command("settings", "g", userID, nil)
	ic.Data = discordgo.ApplicationCommandInteractionData{Name: "settings", Resolved: resolved,
		Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: sub, Type: discordgo.ApplicationCommandOptionSubCommand, Options: os}}}
	return ic
}

// setChannel sets a channel's settings as a moderator would.
func setChannel(t *testing.T, b *Bot, rec *recorder, channel string, forum bool, opts map[string]any) call {
	t.Helper()
	typ := discordgo.ChannelTypeGuildText
	if forum {
		typ = discordgo.ChannelTypeGuildForum
	}
	opts["channel"] = channel
	res := &discordgo.ApplicationCommandInteractionDataResolved{Channels: map[string]*discordgo.Channel{channel: {ID: channel, Type: typ}}}
	return do(t, b, rec, asModerator(settingsCmd("channel", "4002", opts, res)))
}

// forumPost sends a new forum post's two events in the given order.
func forumPost(b *Bot, id, forum, author, title, content string, messageFirst bool, authorBot bool) {
	th := &discordgo.ThreadCreate{Channel: &discordgo.Channel{ID: id, GuildID: "g", ParentID: forum, Type: discordgo.ChannelTypeGuildPublicThread,
		Name: title, OwnerID: author}, NewlyCreated: true}
	m := &discordgo.MessageCreate{Message: &discordgo.Message{ID: id, ChannelID: id, GuildID: "g", Content: content,
		Author: &discordgo.User{ID: author, Bot: authorBot}}}
	if messageFirst {
		b.onMessage(nil, m)
		b.onThreadCreate(nil, th)
	} else {
		b.onThreadCreate(nil, th)
		b.onMessage(nil, m)
	}
	b.jobs.Wait()
}

// sentTo lists the messages posted in a channel.
func sentTo(rec *recorder, channel string) []call {
	var out []call
	for _, c := range rec.Calls() {
		if c.where == channel && (c.op == "send" || c.op == "edit message") {
			out = append(out, c)
		}
	}
	return out
}

func gapsText(t *testing.T, b *Bot, rec *recorder) string {
	t.Helper()
	return do(t, b, rec, asModerator(command("gaps", "g", "4002", nil))).text
}

// /settings is for moderators, answers only them, and shows the settings
// in force after each change; reset's autocomplete offers what is set.
func TestSettingsAreModeratorOnlyAndShowTheSummary(t *testing.T) {
	b, rec, db := helpDeskBot(t, Config{DailyBudget: 100})
	if got := do(t, b, rec, settingsCmd("show", "4001", nil, nil)); !isEphemeral(got) || got.text != msgModsOnly {
		t.Errorf("a member's /settings = %+v, want the ephemeral moderators-only refusal", got)
	}
	if _, set, _ := db.ChannelSettings(context.Background(), "c1"); set {
		t.Fatal("a refused /settings saved something")
	}
	got := setChannel(t, b, rec, "f1", true, map[string]any{"auto_answer": true})
	if !isEphemeral(got) || !strings.Contains(got.text, "<#f1>: forum: answers new posts") || !strings.Contains(got.text, "Message Content intent") {
		t.Errorf("after setting a forum: %+v", got)
	}
	got = do(t, b, rec, asModerator(settingsCmd("server", "4002", map[string]any{"helper_role": "r1", "daily_budget": 5.0}, nil)))
	if !isEphemeral(got) || !strings.Contains(got.text, "Helper role: <@&r1>") || !strings.Contains(got.text, "Daily budget: 5 requests per member") {
		t.Errorf("after setting the server: %+v", got)
	}
	ac := &discordgo.InteractionCreate{Interaction: &discordgo.Interaction{ID: "ac", Type: discordgo.InteractionApplicationCommandAutocomplete, GuildID: "g",
		ChannelID: "c1", Member: &discordgo.Member{User: &discordgo.User{ID: "4002"}, Permissions: discordgo.PermissionManageGuild},
		Data: discordgo.ApplicationCommandInteractionData{Name: "settings", Options: []*discordgo.ApplicationCommandInteractionDataOption{{
			Name: "reset", Type: discordgo.ApplicationCommandOptionSubCommand,
			Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: "setting", Value: "", Focused: true}}}}}}}
	b.onInteraction(nil, ac)
	if got := final(t, b, rec, "ac"); !slices.Contains(got.values, "channel:f1") || !slices.Contains(got.values, "helper_role") {
		t.Errorf("reset's autocomplete = %v, want the forum and the server's settings", got.values)
	}
	got = do(t, b, rec, asModerator(settingsCmd("reset", "4002", map[string]any{"setting": "daily_budget"}, nil)))
	if !strings.Contains(got.text, "Daily budget: 100 requests per member (default)") {
		t.Errorf("after resetting the budget: %q", got.text)
	}
}

// The server's daily budget and answer visibility replace the
// environment's defaults in that server only.
func TestServerSettingsOverrideTheDefaults(t *testing.T) {
	b, rec, _ := helpDeskBot(t, Config{DailyBudget: 100})
	do(t, b, rec, asModerator(settingsCmd("server", "4002", map[string]any{"daily_budget": 1.0, "private_answers": true}, nil)))
	first := do(t, b, rec, askIn("g", "4101", answerable, false))
	if first.op != "edit" || !strings.Contains(first.text, "[1]") {
		t.Fatalf("first /ask = %+v", first)
	}
	if got := do(t, b, rec, askIn("g", "4101", answerable, false)); !strings.Contains(got.text, "your 1 requests") {
		t.Errorf("second /ask in the server with a budget of 1 = %+v", got)
	}
	if got := do(t, b, rec, askIn("other", "4101", answerable, false)); got.op != "edit" {
		t.Errorf("/ask in another server = %+v; its budget is the default", got)
	}
	ic := askIn("g", "4102", answerable, false)
	ic.Data = discordgo.ApplicationCommandInteractionData{Name: "ask", Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: "question", Value: answerable}}}
	do(t, b, rec, ic)
	if c := rec.Calls(); !slices.ContainsFunc(c, func(c call) bool {
		return c.where == ic.ID && c.typ == discordgo.InteractionResponseDeferredChannelMessageWithSource && c.flags&discordgo.MessageFlagsEphemeral != 0
	}) {
		t.Errorf("/ask without private: in a server whose answers are private by default: %+v", c)
	}
}

// A forum post is answered in its thread whichever of its two events
// comes first, with the help-desk buttons; an unanswerable post gets no
// reply and waits in /gaps.
func TestForumPostsAreAnsweredOnlyWhenFound(t *testing.T) {
	b, rec, _ := helpDeskBot(t, Config{})
	setChannel(t, b, rec, "f1", true, map[string]any{"auto_answer": true})
	for _, messageFirst := range []bool{false, true} {
		id := "post-" + map[bool]string{false: "a", true: "b"}[messageFirst]
		forumPost(b, id, "f1", "4101", "Ground troops", answerable, messageFirst, false)
		got := sentTo(rec, id)
		if len(got) != 1 || !strings.Contains(got[0].text, "[1]") || !slices.Contains(got[0].custom, "hd:human") || !slices.Contains(got[0].custom, "hd:solve") {
			t.Errorf("messageFirst=%v: posted %+v; want one answer with the help-desk buttons", messageFirst, got)
		}
	}
	forumPost(b, "post-c", "f1", "4102", "Ingress TLS", unanswerable, false, false)
	if got := sentTo(rec, "post-c"); len(got) != 0 {
		t.Errorf("an unanswerable post got %+v; want silence", got)
	}
	if g := gapsText(t, b, rec); !strings.Contains(g, "Kubernetes ingress") {
		t.Errorf("/gaps = %q; want the unanswered post", g)
	}
}

// Auto-answer never replies to bots, to itself, or where it is off; in a
// text channel with it on, only messages that look like questions are
// answered, in a thread.
func TestAutoAnswerIgnoresBotsItselfAndOtherChannels(t *testing.T) {
	b, rec, _ := helpDeskBot(t, Config{})
	setChannel(t, b, rec, "f1", true, map[string]any{"auto_answer": true})
	setChannel(t, b, rec, "help", false, map[string]any{"auto_answer": true})
	forumPost(b, "p-bot", "f1", "9999", "Ground troops", answerable, false, true)
	forumPost(b, "p-self", "f1", "2000", "Ground troops", answerable, true, false)
	forumPost(b, "p-off", "f2", "4101", "Ground troops", answerable, false, false)
	msg := func(id, channel, author string, bot bool, content string) {
		b.onMessage(nil, &discordgo.MessageCreate{Message: &discordgo.Message{ID: id, ChannelID: channel, GuildID: "g", Content: content,
			Author: &discordgo.User{ID: author, Bot: bot}}})
		b.jobs.Wait()
	}
	msg("m-bot", "help", "9999", true, answerable)
	msg("m-self", "help", "2000", false, answerable)
	msg("m-off", "general", "4101", false, answerable)
	msg("m-chat", "help", "4101", false, "thanks, that worked great")
	for _, c := range rec.Calls() {
		if c.op == "send" || c.op == "thread" || c.op == "respond" && c.where == "" {
			t.Errorf("replied: %+v", c)
		}
	}
	msg("m-q", "help", "4101", false, answerable)
	calls := rec.Calls()
	if !slices.ContainsFunc(calls, func(c call) bool { return c.op == "thread" && c.where == "help" }) ||
		len(sentTo(rec, "thread-of-m-q")) != 1 {
		t.Errorf("a question in the auto-answer channel: %+v; want a thread with the answer", calls)
	}
	msg("m-unknown", "help", "4101", false, unanswerable)
	if slices.ContainsFunc(rec.Calls(), func(c call) bool { return c.op == "thread" && c.text == truncate(unanswerable, 100) }) {
		t.Error("a thread was opened for an unanswerable question")
	}
}

// In a help thread the poster's follow-ups are answered like mention
// follow-ups; other members' messages are not.
func TestHelpThreadFollowUpsAreThePosters(t *testing.T) {
	b, rec, _ := helpDeskBot(t, Config{})
	setChannel(t, b, rec, "f1", true, map[string]any{"auto_answer": true})
	forumPost(b, "post", "f1", "4101", "Ground troops", answerable, false, false)
	before := len(sentTo(rec, "post"))
	b.onMessage(nil, &discordgo.MessageCreate{Message: &discordgo.Message{ID: "o1", ChannelID: "post", GuildID: "g", Content: "what about air support?",
		Author: &discordgo.User{ID: "4999"}}})
	b.jobs.Wait()
	if n := len(sentTo(rec, "post")); n != before {
		t.Errorf("another member's message got %d replies", n-before)
	}
	b.onMessage(nil, &discordgo.MessageCreate{Message: &discordgo.Message{ID: "o2", ChannelID: "post", GuildID: "g", Content: "what about air support?",
		Author: &discordgo.User{ID: "4101"}}})
	b.jobs.Wait()
	if got := sentTo(rec, "post"); len(got) == before {
		t.Errorf("the poster's follow-up was not answered: %+v", got)
	}
	// where docbot stayed silent, it stays silent
	forumPost(b, "lost", "f1", "4101", "Ingress", unanswerable, false, false)
	calls := len(rec.Calls())
	b.onMessage(nil, &discordgo.MessageCreate{Message: &discordgo.Message{ID: "o3", ChannelID: "lost", GuildID: "g", Content: "anyone?",
		Author: &discordgo.User{ID: "4101"}}})
	b.jobs.Wait()
	if got := rec.Calls()[calls:]; len(got) != 0 {
		t.Errorf("in an unanswered post, the poster's next message got %+v", got)
	}
}

// button clicks a help-desk button in a thread.
func helpButton(customID, channel, userID string, perms int64, appPerms int64) *discordgo.InteractionCreate {
	return &discordgo.InteractionCreate{Interaction: &discordgo.Interaction{ID: "b", Type: discordgo.InteractionMessageComponent, GuildID: "g",
		ChannelID: channel, AppPermissions: appPerms, Member: &discordgo.Member{User: &discordgo.User{ID: userID}, Permissions: perms},
		Data: discordgo.MessageComponentInteractionData{CustomID: customID, ComponentType: discordgo.ButtonComponent}}}
}

// "Still need help?" pings the helper role, and only it, once per thread,
// and /gaps lists the question as needing a human.
func TestStillNeedHelpPingsTheHelperRoleOnce(t *testing.T) {
	b, rec, _ := helpDeskBot(t, Config{})
	setChannel(t, b, rec, "f1", true, map[string]any{"auto_answer": true})
	forumPost(b, "post", "f1", "4101", "Ground troops", answerable, false, false)
	if got := do(t, b, rec, helpButton("hd:human", "post", "4101", 0, 0)); !isEphemeral(got) || got.text != msgNoHelper {
		t.Errorf("without a helper role: %+v", got)
	}
	do(t, b, rec, asModerator(settingsCmd("server", "4002", map[string]any{"helper_role": "777"}, nil)))
	if got := do(t, b, rec, helpButton("hd:human", "post", "4999", 0, 0)); got.text != msgNotAsker {
		t.Errorf("another member's click: %+v", got)
	}
	got := do(t, b, rec, helpButton("hd:human", "post", "4101", 0, 0))
	if isEphemeral(got) || !strings.Contains(got.text, "<@&777>") || !slices.Equal(got.roles, []string{"777"}) {
		t.Errorf("the asker's click: %+v; want a public message pinging role 777 only", got)
	}
	if got := do(t, b, rec, helpButton("hd:human", "post", "4101", 0, 0)); got.text != msgHelperCalled || len(got.roles) != 0 {
		t.Errorf("a second click: %+v", got)
	}
	if g := gapsText(t, b, rec); !strings.Contains(g, "Ground troops") || !strings.Contains(g, "needs a human ×1") {
		t.Errorf("/gaps = %q; want the post, needing a human", g)
	}
}

// "Mark solved" is the asker's or a moderator's; in a forum it applies the
// forum's Solved tag when the bot may (Manage Threads), else says why.
func TestMarkSolvedAppliesTheForumTag(t *testing.T) {
	b, rec, db := helpDeskBot(t, Config{})
	rec.channels["f1"] = &discordgo.Channel{ID: "f1", Type: discordgo.ChannelTypeGuildForum,
		AvailableTags: []discordgo.ForumTag{{ID: "t-bug", Name: "Bug"}, {ID: "t-solved", Name: "Solved"}}}
	rec.channels["post"] = &discordgo.Channel{ID: "post", Type: discordgo.ChannelTypeGuildPublicThread, ParentID: "f1", AppliedTags: []string{"t-bug"}}
	rec.channels["post2"] = &discordgo.Channel{ID: "post2", Type: discordgo.ChannelTypeGuildPublicThread, ParentID: "f1"}
	setChannel(t, b, rec, "f1", true, map[string]any{"auto_answer": true})
	forumPost(b, "post", "f1", "4101", "Ground troops", answerable, false, false)
	forumPost(b, "post2", "f1", "4102", "Ground troops again", answerable, false, false)

	if got := do(t, b, rec, helpButton("hd:solve", "post", "4999", 0, discordgo.PermissionManageThreads)); got.text != msgNotAsker {
		t.Errorf("another member's click: %+v", got)
	}
	got := do(t, b, rec, helpButton("hd:solve", "post", "4101", 0, discordgo.PermissionManageThreads))
	if got.op != "edit" || !strings.Contains(got.text, "Marked solved") {
		t.Errorf("the asker's click: %+v", got)
	}
	if !slices.ContainsFunc(rec.Calls(), func(c call) bool {
		return c.op == "edit channel" && c.where == "post" && slices.Equal(c.values, []string{"t-solved", "t-bug"})
	}) {
		t.Errorf("the Solved tag was not added to the post's tags: %+v", rec.Calls())
	}
	if got := do(t, b, rec, helpButton("hd:solve", "post", "4101", 0, discordgo.PermissionManageThreads)); got.text != msgSolvedBefore {
		t.Errorf("solving twice: %+v", got)
	}
	// a moderator, with the message command, where the bot lacks Manage Threads
	ic := command(cmdMarkSolved, "g", "4002", nil)
	ic.ChannelID, ic.Member.Permissions = "post2", discordgo.PermissionManageGuild
	ic.Data = discordgo.ApplicationCommandInteractionData{Name: cmdMarkSolved, CommandType: discordgo.MessageApplicationCommand, TargetID: "x"}
	got = do(t, b, rec, ic)
	if !strings.Contains(got.text, "Marked solved") || !strings.Contains(got.text, "Manage Threads") {
		t.Errorf("a moderator's Mark solved without Manage Threads: %+v", got)
	}
	if solved, err := db.SolvedAnswers(context.Background(), time.Time{}); err != nil || len(solved) != 2 {
		t.Errorf("solved answers = %+v, %v; want both posts'", solved, err)
	}
}

// "Ask docbot" answers the message's question in a thread started from
// it, for the member who used it.
func TestAskDocbotAnswersTheMessageInAThread(t *testing.T) {
	b, rec, _ := helpDeskBot(t, Config{})
	target := &discordgo.Message{ID: "m9", ChannelID: "c1", Content: answerable, Author: &discordgo.User{ID: "4200"}}
	ic := command(cmdAskDocbot, "g", "4101", nil)
	ic.Data = discordgo.ApplicationCommandInteractionData{Name: cmdAskDocbot, CommandType: discordgo.MessageApplicationCommand, TargetID: "m9",
		Resolved: &discordgo.ApplicationCommandInteractionDataResolved{Messages: map[string]*discordgo.Message{"m9": target}}}
	got := do(t, b, rec, ic)
	if got.op != "edit" || got.text != "I answered in <#thread-of-m9>." {
		t.Errorf("the invoker's reply = %+v", got)
	}
	posted := sentTo(rec, "thread-of-m9")
	if len(posted) != 1 || !strings.HasPrefix(posted[0].text, "-# Asked by <@4101>") || !strings.Contains(posted[0].text, "[1]") ||
		!slices.Contains(posted[0].custom, "hd:solve") {
		t.Errorf("in the thread: %+v", posted)
	}
	target.Content = ""
	if got := do(t, b, rec, ic); got.text != msgNoText {
		t.Errorf("on an empty message: %+v", got)
	}
}

// fixedSuggester suggests the same follow-ups for every answer.
type fixedSuggester []string

func (f fixedSuggester) Suggest(context.Context, string, string, retrieval.Answer) ([]string, error) {
	return f, nil
}

// Suggested follow-ups are buttons under a public answer (none under a
// private one); a click asks that question, answered like /ask.
func TestSuggestedFollowUpButtons(t *testing.T) {
	db := testsupport.SeedDB(t)
	deps := storeDeps(db)
	deps.Suggester = fixedSuggester{"What did Macron say about a reassurance force?", "What about air support?"}
	b, rec, _ := testBot(t, Config{}, deps)
	got := do(t, b, rec, askIn("g", "4101", answerable, false))
	var sug []string
	for _, id := range got.custom {
		if strings.HasPrefix(id, "sug:") {
			sug = append(sug, id)
		}
	}
	if len(sug) != 2 {
		t.Fatalf("buttons = %v; want two suggested follow-ups", got.custom)
	}
	if got := do(t, b, rec, askIn("g", "4101", answerable, true)); slices.ContainsFunc(got.custom, func(id string) bool { return strings.HasPrefix(id, "sug:") }) {
		t.Errorf("a private answer has suggestions: %v", got.custom)
	}
	click := &discordgo.InteractionCreate{Interaction: &discordgo.Interaction{Type: discordgo.InteractionMessageComponent, GuildID: "g", ChannelID: "c1",
		Member: &discordgo.Member{User: &discordgo.User{ID: "4102"}}, Data: discordgo.MessageComponentInteractionData{CustomID: sug[0]}}}
	if got := do(t, b, rec, click); got.op != "edit" || !strings.Contains(got.text, "[1]") {
		t.Errorf("clicking the first suggestion: %+v; want its cited answer", got)
	}
	click.Data = discordgo.MessageComponentInteractionData{CustomID: "sug:unknown:0"}
	if got := do(t, b, rec, click); got.text != msgTooOld {
		t.Errorf("an unknown suggestion: %+v", got)
	}
}
