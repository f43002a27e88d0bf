package bot

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/docbot/docbot/retrieval"
)

// Short replies; each says what to do.
const (
	msgFailed      = "Something went wrong while answering. Please try again in a moment."
	msgBusy        = "I'm busy answering other questions — please try again in a moment."
	msgShutdown    = "I'm restarting — please ask again in a minute."
	msgModsOnly    = "This command is for moderators only."
	msgReloadBusy  = "A reload is already running; I'll report when it finishes."
	msgNoQuestion  = "Ask a question, for example: `/ask question: what did Trump offer on ground troops?`"
	msgTimeout     = "That took too long to answer. Please try again, or ask a narrower question."
	msgNoTerms     = "I couldn't find any words to search for in that. Try asking with a few keywords."
	msgTooOld      = "This answer is too old to use the buttons on. Ask again to get a fresh one."
	msgThanks      = "Thanks — your feedback was recorded."
	msgUnknownDoc  = "I don't know that article. Pick one from the list, or use `/docs`."
	msgInDMsNoMods = "Moderator commands work in a server, not in DMs."
	msgNotCovered  = "The articles don't cover this. Try other words, or see the articles with /docs."
	msgNoJournal   = "Questions are not being recorded on this server (the database is read-only)."
)

// recoverPanic turns a panic in a handler into a log line and, when an
// interaction is given, a final reply: discordgo runs handlers without a
// recover, so one panic would kill the process.
func (b *Bot) recoverPanic(where string, i *discordgo.Interaction) {
	r := recover()
	if r == nil {
		return
	}
	b.log.Error("panic in handler", "where", where, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
	if i != nil {
		b.replyEphemeral(context.Background(), i, msgFailed)
	}
}

func (b *Bot) onInteraction(s *discordgo.Session, ic *discordgo.InteractionCreate) {
	if ic == nil || ic.Interaction == nil {
		return
	}
	i := ic.Interaction
	defer b.recoverPanic("interaction", i)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if b.closing.Load() && i.Type != discordgo.InteractionApplicationCommandAutocomplete {
		b.replyEphemeral(ctx, i, msgShutdown)
		return
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		data := i.ApplicationCommandData()
		switch data.Name {
		case "ask":
			b.cmdAsk(ctx, i, data)
		case "summary":
			b.cmdSummary(ctx, i, data)
		case "search":
			b.cmdSearch(ctx, i, data)
		case "docs":
			b.cmdDocs(ctx, i)
		case "help":
			b.replyEphemeral(ctx, i, helpText)
		case "reload":
			b.cmdReload(ctx, i)
		case "gaps":
			b.cmdGaps(ctx, i, data)
		default:
			b.replyEphemeral(ctx, i, "I don't know that command. Try `/help`.")
		}
	case discordgo.InteractionApplicationCommandAutocomplete:
		b.autocomplete(ctx, i)
	case discordgo.InteractionMessageComponent:
		b.component(ctx, i)
	}
}

// option returns a command option by name, or nil.
func option(data discordgo.ApplicationCommandInteractionData, name string) *discordgo.ApplicationCommandInteractionDataOption {
	for _, o := range data.Options {
		if o.Name == name {
			return o
		}
	}
	return nil
}

// stringOption reads a string option, tolerating a wrong type (forged payloads).
func stringOption(data discordgo.ApplicationCommandInteractionData, name string) string {
	o := option(data, name)
	if o == nil {
		return ""
	}
	if s, ok := o.Value.(string); ok {
		return s
	}
	return ""
}

func boolOption(data discordgo.ApplicationCommandInteractionData, name string) bool {
	o := option(data, name)
	if o == nil {
		return false
	}
	v, _ := o.Value.(bool)
	return v
}

// user returns the id of whoever triggered an interaction (guild member or DM user).
func user(i *discordgo.Interaction) string {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User.ID
	}
	if i.User != nil {
		return i.User.ID
	}
	return ""
}

// isModerator checks the member's permissions (as Discord computed them for
// this channel) or roles; outside a guild nobody is.
func (b *Bot) isModerator(i *discordgo.Interaction) bool {
	if i.GuildID == "" || i.Member == nil {
		return false
	}
	if i.Member.Permissions&(discordgo.PermissionManageGuild|discordgo.PermissionAdministrator) != 0 {
		return true
	}
	for _, r := range i.Member.Roles {
		for _, m := range b.cfg.ModeratorRoles {
			if r == m {
				return true
			}
		}
	}
	return false
}

// admit applies the abuse controls to a question: cooldown, length,
// guild concurrency and daily budget. The cooldown comes first and counts
// every attempt, refused ones too, so a flood of over-long questions is
// throttled like any other. It returns a refusal message, or "" and a
// release func to call when the answer is done.
func (b *Bot) admit(ctx context.Context, guild, userID, question string) (string, func()) {
	uh := b.userHash(userID)
	b.mu.Lock()
	if last, ok := b.lastAsk[uh]; ok && b.cfg.Cooldown > 0 && time.Since(last) < b.cfg.Cooldown {
		wait := b.cfg.Cooldown - time.Since(last)
		b.mu.Unlock()
		return fmt.Sprintf("Please wait %d s before asking again.", int(wait.Seconds())+1), nil
	}
	b.lastAsk[uh] = time.Now()
	if n := utf8.RuneCountInString(question); n > b.cfg.MaxQuestion {
		b.mu.Unlock()
		return fmt.Sprintf("That question is %d characters; the limit is %d. Please shorten it.", n, b.cfg.MaxQuestion), nil
	}
	if b.guildBusy[guild] >= b.cfg.GuildConcurrency {
		b.mu.Unlock()
		return msgBusy, nil
	}
	b.guildBusy[guild]++
	b.mu.Unlock()
	release := func() {
		b.mu.Lock()
		b.guildBusy[guild]--
		b.mu.Unlock()
	}
	if b.cfg.DailyBudget > 0 && b.deps.Journal != nil {
		ok, err := b.deps.Journal.TakeBudget(ctx, uh, b.cfg.DailyBudget)
		if err != nil {
			b.log.Error("daily budget", "error", err)
		} else if !ok {
			release()
			return fmt.Sprintf("You've asked %d questions today, the daily limit. Please come back tomorrow.", b.cfg.DailyBudget), nil
		}
	}
	return "", release
}

func (b *Bot) cmdAsk(ctx context.Context, i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) {
	question := strings.TrimSpace(stringOption(data, "question"))
	if question == "" {
		b.replyEphemeral(ctx, i, msgNoQuestion)
		return
	}
	private := boolOption(data, "private")
	refusal, release := b.admit(ctx, i.GuildID, user(i), question)
	if refusal != "" {
		b.record(ctx, b.askLog(i, private, question), retrieval.Answer{}, retrieval.OutcomeRefused)
		b.deps.Metrics.Question("ask", retrieval.OutcomeRefused, 0)
		b.replyEphemeral(ctx, i, refusal)
		return
	}
	var flags discordgo.MessageFlags
	if private {
		flags = discordgo.MessageFlagsEphemeral // decided at the deferral; cannot change later
	}
	if err := b.respond(ctx, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: flags}}); err != nil {
		release()
		b.log.Error("defer /ask", "error", err)
		return
	}
	queued := b.enqueue("ask", func(ctx context.Context) {
		defer release()
		b.answerInteraction(ctx, i, b.askLog(i, private, question))
	})
	if !queued {
		release()
		b.editText(ctx, i, b.busyMessage())
	}
}

// answerInteraction answers a deferred /ask: it streams the text into the
// original response (at most one edit per EditInterval), then edits in
// the final answer with sources and buttons. Whatever fails, the response
// ends with a final message.
func (b *Bot) answerInteraction(ctx context.Context, i *discordgo.Interaction, q retrieval.QuestionLog) {
	question := q.Question
	start := time.Now()
	st := newStreamer(b.cfg.EditInterval, func(text string) {
		b.edit(ctx, i, &discordgo.WebhookEdit{Content: ptr(truncate(escape(text), maxContent-2) + " …"), AllowedMentions: noMentions()})
	})
	a, err := b.deps.Asker.Ask(ctx, retrieval.Question{Text: question, OnDelta: st.add})
	st.stop()
	final := context.WithoutCancel(ctx) // the final reply goes out even after the deadline
	final, cancel := context.WithTimeout(final, 30*time.Second)
	defer cancel()
	if err != nil {
		outcome := errOutcome(err)
		b.record(final, q, a, outcome)
		b.deps.Metrics.Question("ask", outcome, time.Since(start))
		b.editText(final, i, b.userError(err))
		return
	}
	outcome := retrieval.OutcomeAnswered
	if !a.Found {
		outcome = retrieval.OutcomeNotFound
	}
	qid := b.record(final, q, a, outcome)
	key := b.answers.put(a)
	content, embeds := answerMessage(a)
	parts := splitMessage(content, maxContent)
	comps := answerButtons(qid, key)
	edit := &discordgo.WebhookEdit{Content: &parts[0], Embeds: &embeds, Components: &comps, AllowedMentions: noMentions()}
	if len(parts) > 1 {
		none := []*discordgo.MessageEmbed{}
		noComps := []discordgo.MessageComponent{}
		edit.Embeds, edit.Components = &none, &noComps
	}
	if err := b.edit(final, i, edit); err != nil {
		b.log.Error("final /ask edit", "error", err)
		return
	}
	for k, p := range parts[1:] {
		params := &discordgo.WebhookParams{Content: p, AllowedMentions: noMentions()}
		if k == len(parts)-2 { // sources and buttons under the last piece
			params.Embeds, params.Components = embeds, comps
		}
		if i.Message == nil && isEphemeral(i) {
			params.Flags = discordgo.MessageFlagsEphemeral
		}
		b.send(final, "followup", func(o ...discordgo.RequestOption) error {
			_, err := b.s.FollowupMessageCreate(i, true, params, o...)
			return err
		})
	}
	b.deps.Metrics.Question("ask", outcome, time.Since(start))
	b.log.Info("question", "command", "ask", "guild", i.GuildID, "outcome", outcome, "latency", time.Since(start).Round(time.Millisecond),
		"passages", passageIDs(a), "mode", a.Mode)
}

func isEphemeral(i *discordgo.Interaction) bool {
	if i.Type != discordgo.InteractionApplicationCommand {
		return false
	}
	for _, o := range i.ApplicationCommandData().Options {
		if o.Name == "private" {
			v, _ := o.Value.(bool)
			return v
		}
	}
	return false
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

func passageIDs(a retrieval.Answer) []string {
	ids := make([]string, 0, len(a.Citations))
	for _, c := range a.Citations {
		ids = append(ids, c.PassageID)
	}
	return ids
}

// askLog describes an /ask for the journal: where its answer is seen,
// and by whom.
func (b *Bot) askLog(i *discordgo.Interaction, private bool, question string) retrieval.QuestionLog {
	return retrieval.QuestionLog{Guild: i.GuildID, Channel: i.ChannelID, Private: private, UserHash: b.userHash(user(i)),
		Command: "ask", Question: question}
}

// errOutcome is how a failed question is counted: a question with nothing
// to search for is the asker's to fix, not a failure of docbot.
func errOutcome(err error) string {
	if errors.Is(err, retrieval.ErrNoTerms) {
		return retrieval.OutcomeRefused
	}
	return retrieval.OutcomeError
}

// record logs a question's outcome for /gaps and feedback; it returns the
// answer's id for its buttons, "" when it could not be logged. A refused
// question is stored cut to the length limit: it may be any size.
func (b *Bot) record(ctx context.Context, q retrieval.QuestionLog, a retrieval.Answer, outcome string) string {
	if b.deps.Journal == nil {
		return ""
	}
	if outcome == retrieval.OutcomeRefused {
		q.Question = truncate(q.Question, b.cfg.MaxQuestion)
	}
	q.Answer, q.Outcome, q.PassageIDs, q.At = a.Text, outcome, passageIDs(a), time.Now()
	id, err := b.deps.Journal.RecordQuestion(ctx, q)
	if err != nil {
		b.log.Error("record question", "error", err)
		return ""
	}
	return id
}

func (b *Bot) cmdSearch(ctx context.Context, i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) {
	q := strings.TrimSpace(stringOption(data, "query"))
	if len([]rune(q)) > b.cfg.MaxQuestion {
		b.replyEphemeral(ctx, i, fmt.Sprintf("That query is over the %d-character limit. Please shorten it.", b.cfg.MaxQuestion))
		return
	}
	r, err := b.deps.Asker.Retrieve(ctx, q, retrieval.Filter{}, 5)
	if err != nil {
		b.replyEphemeral(ctx, i, b.userError(err))
		return
	}
	if len(r.Hits) == 0 {
		b.replyEphemeral(ctx, i, "No passage matches that. Try other words, or `/docs` to see the articles.")
		return
	}
	b.respond(ctx, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{
		Flags: discordgo.MessageFlagsEphemeral, Embeds: passagesMessage("Passages for “"+truncate(q, 100)+"”", r.Hits), AllowedMentions: noMentions()}})
}

func (b *Bot) cmdDocs(ctx context.Context, i *discordgo.Interaction) {
	docs, err := b.deps.Library.Docs(ctx)
	if err != nil {
		b.log.Error("docs", "error", err)
		b.replyEphemeral(ctx, i, msgFailed)
		return
	}
	var lines []string
	last := ""
	for _, d := range docs {
		date := d.Date
		if date == "" {
			date = "undated"
		}
		lines = append(lines, fmt.Sprintf("• **%s** — %d passages, %s", escape(d.Title), d.Passages, date))
		last = max(last, d.IndexedAt)
	}
	text := fmt.Sprintf("I know %d articles:\n%s", len(docs), strings.Join(lines, "\n"))
	if t, err := time.Parse(time.RFC3339, last); err == nil {
		text += fmt.Sprintf("\n-# Last reloaded <t:%d:R>", t.Unix())
	}
	b.replyEphemeral(ctx, i, truncate(text, maxContent))
}

func (b *Bot) cmdSummary(ctx context.Context, i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) {
	docID := strings.TrimSpace(stringOption(data, "document"))
	if docID != "" && !b.knownDoc(ctx, docID) {
		b.replyEphemeral(ctx, i, msgUnknownDoc) // before the deferral, which would make the reply public
		return
	}
	if err := b.respond(ctx, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
		b.log.Error("defer /summary", "error", err)
		return
	}
	if !b.enqueue("summary", func(ctx context.Context) {
		sum, err := b.deps.Summarizer.Summarize(ctx, docID)
		final, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		if errors.Is(err, retrieval.ErrUnknownDoc) {
			b.editText(final, i, msgUnknownDoc)
			return
		}
		if err != nil {
			b.editText(final, i, b.userError(err))
			return
		}
		content, embeds := summaryMessage(sum)
		b.edit(final, i, &discordgo.WebhookEdit{Content: &content, Embeds: &embeds, AllowedMentions: noMentions()})
	}) {
		b.editText(ctx, i, b.busyMessage())
	}
}

// knownDoc reports whether docID is an indexed article; when the library
// cannot say, it lets the summary find out.
func (b *Bot) knownDoc(ctx context.Context, docID string) bool {
	docs, err := b.deps.Library.Docs(ctx)
	if err != nil {
		b.log.Error("docs", "error", err)
		return true
	}
	for _, d := range docs {
		if d.ID == docID {
			return true
		}
	}
	return false
}

// busyMessage says why a question could not be queued.
func (b *Bot) busyMessage() string {
	if b.closing.Load() {
		return msgShutdown
	}
	return msgBusy
}

// autocomplete lists matching article titles; it cannot be deferred, so
// it answers at once with at most 25 choices.
func (b *Bot) autocomplete(ctx context.Context, i *discordgo.Interaction) {
	data := i.ApplicationCommandData()
	partial := ""
	for _, o := range data.Options {
		if o.Focused {
			partial, _ = o.Value.(string)
		}
	}
	partial = strings.ToLower(strings.TrimSpace(partial))
	docs, err := b.deps.Library.Docs(ctx)
	if err != nil {
		b.log.Error("autocomplete", "error", err)
	}
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	for _, d := range docs {
		if len(choices) == 25 {
			break
		}
		if partial == "" || strings.Contains(strings.ToLower(d.Title), partial) || strings.Contains(strings.ToLower(d.ID), partial) {
			if len(d.ID) > 100 {
				continue // a choice value is at most 100 characters
			}
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: truncate(d.Title, maxChoiceName), Value: d.ID})
		}
	}
	b.respond(ctx, i, &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices}})
}

// moderatorOnly tells anyone but a moderator (ephemerally) that the
// command is not for them, and reports whether to go on.
func (b *Bot) moderatorOnly(ctx context.Context, i *discordgo.Interaction) bool {
	switch {
	case i.GuildID == "":
		b.replyEphemeral(ctx, i, msgInDMsNoMods)
		return false
	case !b.isModerator(i):
		b.replyEphemeral(ctx, i, msgModsOnly)
		return false
	}
	return true
}

func (b *Bot) cmdReload(ctx context.Context, i *discordgo.Interaction) {
	if !b.moderatorOnly(ctx, i) {
		return
	}
	if !b.reloading.CompareAndSwap(false, true) {
		b.replyEphemeral(ctx, i, msgReloadBusy)
		return
	}
	if err := b.respond(ctx, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}}); err != nil {
		b.reloading.Store(false)
		b.log.Error("defer /reload", "error", err)
		return
	}
	b.bg.Add(1)
	go func() { // owned by the bot: shutdown waits for it
		defer b.bg.Done()
		defer b.reloading.Store(false)
		defer b.recoverPanic("reload", i)
		rctx, cancel := context.WithTimeout(b.bgCtx, 30*time.Minute)
		defer cancel()
		started := time.Now()
		res, err := b.deps.Reload(rctx)
		b.deps.Metrics.Reload(err == nil, time.Since(started))
		final, cancel2 := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel2()
		if err != nil && b.bgCtx.Err() != nil {
			b.log.Warn("reload stopped by shutdown", "error", err)
			b.editText(final, i, "Reload stopped: I'm restarting. The previous articles are unchanged; run /reload again once I'm back.")
			return
		}
		if err != nil {
			b.log.Error("reload failed", "error", err)
			b.editText(final, i, "Reload failed; I'm still answering from the previous articles.\nReason: "+truncate(escape(err.Error()), 1500))
			return
		}
		b.log.Info("reload", "added", res.Added, "changed", res.Changed, "removed", res.Removed, "seconds", res.Seconds)
		b.editText(final, i, fmt.Sprintf("Reloaded in %.1f s: %d added, %d changed, %d removed, %d skipped. Now %d articles, %d passages.",
			res.Seconds, res.Added, res.Changed, res.Removed, res.Skipped, res.Documents, res.Passages))
	}()
}

func (b *Bot) cmdGaps(ctx context.Context, i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) {
	if !b.moderatorOnly(ctx, i) {
		return
	}
	days := 7
	if o := option(data, "days"); o != nil {
		if f, ok := o.Value.(float64); ok && f >= 1 && f <= 365 {
			days = int(f)
		}
	}
	if b.deps.Journal == nil {
		b.replyEphemeral(ctx, i, msgNoJournal)
		return
	}
	gaps, err := b.deps.Journal.Gaps(ctx, i.GuildID, time.Now().AddDate(0, 0, -days), 20)
	if err != nil {
		b.log.Error("gaps", "error", err)
		b.replyEphemeral(ctx, i, msgFailed)
		return
	}
	if len(gaps) == 0 {
		b.replyEphemeral(ctx, i, fmt.Sprintf("No unanswered or 👎-rated questions in the last %d days.", days))
		return
	}
	lines := []string{fmt.Sprintf("Questions the articles did not answer well (last %d days):", days)}
	for _, g := range gaps {
		lines = append(lines, fmt.Sprintf("• %s — not found ×%d, 👎 ×%d", truncate(escape(g.Question), 150), g.NotFound, g.Disliked))
	}
	b.replyEphemeral(ctx, i, truncate(strings.Join(lines, "\n"), maxContent))
}

func (b *Bot) component(ctx context.Context, i *discordgo.Interaction) {
	id := i.MessageComponentData().CustomID
	switch {
	case strings.HasPrefix(id, "fb:"):
		parts := strings.Split(id, ":")
		if len(parts) != 3 || parts[1] != "up" && parts[1] != "down" || parts[2] == "" || b.deps.Journal == nil || user(i) == "" {
			b.replyEphemeral(ctx, i, msgTooOld)
			return
		}
		vote := retrieval.Vote{QuestionID: parts[2], Guild: i.GuildID, Channel: i.ChannelID, UserHash: b.userHash(user(i)), Value: 1}
		if parts[1] == "down" {
			vote.Value = -1
		}
		if err := b.deps.Journal.RecordFeedback(ctx, vote); err != nil {
			b.log.Warn("feedback refused", "error", err, "guild", i.GuildID)
			b.replyEphemeral(ctx, i, msgTooOld)
			return
		}
		b.replyEphemeral(ctx, i, msgThanks)
	case strings.HasPrefix(id, "psg:"):
		a, ok := b.answers.get(strings.TrimPrefix(id, "psg:"))
		if !ok {
			b.replyEphemeral(ctx, i, msgTooOld)
			return
		}
		b.respond(ctx, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{
			Flags: discordgo.MessageFlagsEphemeral, Embeds: passagesMessage("Passages retrieved for this answer", a.Passages), AllowedMentions: noMentions()}})
	default:
		b.replyEphemeral(ctx, i, msgTooOld)
	}
}
