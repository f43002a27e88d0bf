package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/docbot/docbot/retrieval"
)

// Moderator permissions: /reload and /gaps are registered with MANAGE_GUILD
// as their default permission and checked again when used.
var moderatorPerms = int64(discordgo.PermissionManageGuild)

func commands() []*discordgo.ApplicationCommand {
	dm := true
	noDM := false
	return []*discordgo.ApplicationCommand{
		{Name: "ask", Description: "Ask a question about the articles", DMPermission: &dm, Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "Your question", Required: true, MaxLength: 500},
			{Type: discordgo.ApplicationCommandOptionBoolean, Name: "private", Description: "Only you see the answer"},
		}},
		{Name: "summary", Description: "Summarize one article, or all of them", DMPermission: &dm, Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "document", Description: "The article (leave empty for an overview)", Autocomplete: true},
		}},
		{Name: "search", Description: "Show the passages that match a query", DMPermission: &dm, Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "query", Description: "Words to look for", Required: true, MaxLength: 500},
		}},
		docsCommand(),
		{Name: "help", Description: "What I do and how to ask", DMPermission: &dm},
		{Name: "reload", Description: "Re-read the articles folder (moderators)", DMPermission: &noDM, DefaultMemberPermissions: &moderatorPerms},
		{Name: "gaps", Description: "Questions the articles could not answer (moderators)", DMPermission: &noDM, DefaultMemberPermissions: &moderatorPerms,
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionInteger, Name: "days", Description: "Look back this many days (default 7)", MinValue: ptr(1.0), MaxValue: 365},
			}},
	}
}

func ptr[T any](v T) *T { return &v }

const helpText = "I answer questions about the articles this server gave me, and every claim cites its source [1].\n\n" +
	"• `/ask question:…` — ask; add `private:true` so only you see the answer.\n" +
	"• Mention me with a question and I answer in a thread; reply there to follow up (\"and what about air support?\", \"what does source 2 say?\").\n" +
	"• `/summary` — an overview of all articles, or pick one.\n" +
	"• `/search query:…` — the matching passages, without an answer.\n" +
	"• `/docs list` — the articles I know.\n" +
	"• Right-click a message → Apps → **Ask docbot** to have me answer it in a thread.\n" +
	"Moderators: `/reload` re-reads the articles, `/gaps` lists questions I could not answer, `/docs add` adds a file or page address, `/docs remove` removes one, `/settings` turns on auto-answers in help channels and forums.\n" +
	"If I say the articles don't cover something, they don't: I never make answers up."

// reloadTimeout bounds one /reload.
const reloadTimeout = 30 * time.Minute

// cmdSummary handles /summary: one article's summary, or an overview.
func (b *Bot) cmdSummary(ctx context.Context, i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) Response {
	docID := stringOption(data, "document")
	if docID != "" && !b.knownDoc(ctx, docID) {
		return ephemeral(msgUnknownDoc) // before the deferral, which would make the reply public
	}
	t, refusal := b.gate(ctx, "summary", i.GuildID, user(i), "")
	if refusal != "" {
		b.deps.Metrics.Question("summary", retrieval.OutcomeRefused, 0)
		return ephemeral(refusal)
	}
	return later(&Job{Name: "summary", Run: func(ctx context.Context, draft func(string)) Reply {
		defer t.release()
		start := b.clock.Now()
		v, err := b.work(ctx, t, "summary\x00"+docID, draft, func(ctx context.Context, _ func(string)) (any, error) {
			return b.deps.Summarizer.Summarize(ctx, docID)
		})
		switch {
		case errors.Is(err, retrieval.ErrUnknownDoc):
			return Reply{Text: msgUnknownDoc}
		case err != nil:
			b.deps.Metrics.Question("summary", errOutcome(err), b.clock.Now().Sub(start))
			return Reply{Text: b.userError(err)}
		}
		b.deps.Metrics.Question("summary", retrieval.OutcomeAnswered, b.clock.Now().Sub(start))
		content, embeds := summaryMessage(v.(retrieval.Summary))
		return Reply{Text: content, Embeds: embeds}
	}})
}

// cmdSearch handles /search: the top passages, only for the asker.
func (b *Bot) cmdSearch(ctx context.Context, i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) Response {
	q := stringOption(data, "query")
	if q == "" {
		return ephemeral("Give me some words to look for, for example `/search query: ground troops`.")
	}
	t, refusal := b.gate(ctx, "search", i.GuildID, user(i), q)
	if refusal != "" {
		b.deps.Metrics.Question("search", retrieval.OutcomeRefused, 0)
		return ephemeral(refusal)
	}
	return later(&Job{Name: "search", Ephemeral: true, Run: func(ctx context.Context, draft func(string)) Reply {
		defer t.release()
		start := b.clock.Now()
		v, err := b.work(ctx, t, "search\x00"+strings.ToLower(q), draft, func(ctx context.Context, _ func(string)) (any, error) {
			return b.deps.Asker.Retrieve(ctx, q, retrieval.Filter{}, 5)
		})
		if err != nil {
			b.deps.Metrics.Question("search", errOutcome(err), b.clock.Now().Sub(start))
			return Reply{Text: b.userError(err)}
		}
		hits := v.(retrieval.Retrieval).Hits
		b.deps.Metrics.Question("search", retrieval.OutcomeAnswered, b.clock.Now().Sub(start))
		if len(hits) == 0 {
			return Reply{Text: "No passage matches that. Try other words, or `/docs` to see the articles."}
		}
		return Reply{Embeds: passagesMessage("Passages for “"+truncate(q, 100)+"”", hits)}
	}})
}

// cmdDocs handles /docs.
func (b *Bot) cmdDocs(ctx context.Context) Response {
	docs, err := b.deps.Library.Docs(ctx)
	if err != nil {
		b.log.Error("docs", "error", err)
		return ephemeral(msgFailed)
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
	return ephemeral(truncate(text, maxContent))
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

// autocomplete lists matching article titles; it cannot be deferred, so
// it answers at once with at most 25 choices.
func (b *Bot) autocomplete(ctx context.Context, i *discordgo.Interaction) Response {
	partial := ""
	for _, o := range i.ApplicationCommandData().Options {
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
	return now(Reply{Choices: choices})
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

// moderatorRefusal says why a moderator command is refused, or "".
func (b *Bot) moderatorRefusal(i *discordgo.Interaction) string {
	switch {
	case i.GuildID == "":
		return msgInDMsNoMods
	case !b.isModerator(i):
		return msgModsOnly
	}
	return ""
}

// cmdReload handles /reload: re-read the corpus in the background.
func (b *Bot) cmdReload(i *discordgo.Interaction) Response {
	if refusal := b.moderatorRefusal(i); refusal != "" {
		return ephemeral(refusal)
	}
	if !b.reloading.CompareAndSwap(false, true) {
		return ephemeral(msgReloadBusy)
	}
	return later(&Job{Name: "reload", Ephemeral: true, Background: true, Run: func(ctx context.Context, _ func(string)) Reply {
		defer b.reloading.Store(false)
		started := b.clock.Now()
		res, err := b.deps.Reload(ctx)
		b.deps.Metrics.Reload(err == nil, b.clock.Now().Sub(started))
		if err != nil && b.bgCtx.Err() != nil {
			b.log.Warn("reload stopped by shutdown", "error", err)
			return Reply{Text: "Reload stopped: I'm restarting. The previous articles are unchanged; run /reload again once I'm back."}
		}
		if err != nil {
			b.log.Error("reload failed", "error", err)
			return Reply{Text: "Reload failed; I'm still answering from the previous articles.\nReason: " + truncate(escape(err.Error()), 1500)}
		}
		b.log.Info("reload", "added", res.Added, "changed", res.Changed, "removed", res.Removed, "seconds", res.Seconds)
		return Reply{Text: fmt.Sprintf("Reloaded in %.1f s: %d added, %d changed, %d removed, %d skipped. Now %d articles, %d passages.",
			res.Seconds, res.Added, res.Changed, res.Removed, res.Skipped, res.Documents, res.Passages)}
	}})
}

// cmdGaps handles /gaps: this server's unanswered or 👎-rated questions.
func (b *Bot) cmdGaps(ctx context.Context, i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) Response {
	if refusal := b.moderatorRefusal(i); refusal != "" {
		return ephemeral(refusal)
	}
	days := 7
	if o := option(data, "days"); o != nil {
		if f, ok := o.Value.(float64); ok && f >= 1 && f <= 365 {
			days = int(f)
		}
	}
	if b.deps.Journal == nil {
		return ephemeral(msgNoJournal)
	}
	gaps, err := b.deps.Journal.Gaps(ctx, i.GuildID, b.clock.Now().AddDate(0, 0, -days), 20)
	if err != nil {
		b.log.Error("gaps", "error", err)
		return ephemeral(msgFailed)
	}
	if len(gaps) == 0 {
		return ephemeral(fmt.Sprintf("No unanswered or 👎-rated questions in the last %d days.", days))
	}
	lines := []string{fmt.Sprintf("Questions the articles did not answer well (last %d days):", days)}
	for _, g := range gaps {
		line := fmt.Sprintf("• %s — not found ×%d, 👎 ×%d", truncate(escape(g.Question), 150), g.NotFound, g.Disliked)
		if g.NeedsHuman > 0 {
			line += fmt.Sprintf(", needs a human ×%d", g.NeedsHuman)
		}
		lines = append(lines, line)
	}
	return ephemeral(truncate(strings.Join(lines, "\n"), maxContent))
}

// component handles button clicks: feedback and "Show passages".
func (b *Bot) component(ctx context.Context, i *discordgo.Interaction) Response {
	id := i.MessageComponentData().CustomID
	switch {
	case strings.HasPrefix(id, "fb:"):
		parts := strings.Split(id, ":")
		if len(parts) != 3 || parts[1] != "up" && parts[1] != "down" || parts[2] == "" || b.deps.Journal == nil || user(i) == "" {
			return ephemeral(msgTooOld)
		}
		vote := retrieval.Vote{QuestionID: parts[2], Guild: i.GuildID, Channel: i.ChannelID, UserHash: b.userHash(user(i)), Value: 1}
		if parts[1] == "down" {
			vote.Value = -1
		}
		if err := b.deps.Journal.RecordFeedback(ctx, vote); err != nil {
			b.log.Warn("feedback refused", "error", err, "guild", i.GuildID)
			return ephemeral(msgTooOld)
		}
		return ephemeral(msgThanks)
	case strings.HasPrefix(id, "hd:"):
		return b.helpComponent(ctx, i, id)
	case strings.HasPrefix(id, "sug:"):
		return b.askSuggested(ctx, i, id)
	case strings.HasPrefix(id, "psg:"):
		a, ok := b.answers.Get(strings.TrimPrefix(id, "psg:"))
		if !ok {
			return ephemeral(msgTooOld)
		}
		return now(Reply{Ephemeral: true, Embeds: passagesMessage("Passages retrieved for this answer", a.Passages)})
	}
	return ephemeral(msgTooOld)
}
