package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/docbot/docbot/retrieval"
)

// helpDeskCommands are /settings and the two message commands.
func helpDeskCommands() []*discordgo.ApplicationCommand {
	noDM := false
	channelTypes := []discordgo.ChannelType{discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildForum, discordgo.ChannelTypeGuildNews}
	return []*discordgo.ApplicationCommand{
		{Name: "settings", Description: "How I answer in this server and its channels (moderators)", DMPermission: &noDM,
			DefaultMemberPermissions: &moderatorPerms, Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "show", Description: "Show the current settings"},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "channel", Description: "Set how I answer in a channel or forum",
					Options: []*discordgo.ApplicationCommandOption{
						{Type: discordgo.ApplicationCommandOptionChannel, Name: "channel", Description: "The channel or forum (default: this one)", ChannelTypes: channelTypes},
						{Type: discordgo.ApplicationCommandOptionBoolean, Name: "auto_answer", Description: "Answer questions (forum: new posts) without a mention, only when the articles answer them"},
						{Type: discordgo.ApplicationCommandOptionBoolean, Name: "mention_required", Description: "Off: every message here is a question for me"},
						{Type: discordgo.ApplicationCommandOptionString, Name: "reply", Description: "Answer in a thread or inline",
							Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "in a thread", Value: "thread"}, {Name: "inline", Value: "inline"}}},
					}},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "server", Description: "Set this server's defaults",
					Options: []*discordgo.ApplicationCommandOption{
						{Type: discordgo.ApplicationCommandOptionRole, Name: "helper_role", Description: "The role “Still need help?” pings"},
						{Type: discordgo.ApplicationCommandOptionBoolean, Name: "private_answers", Description: "/ask answers only the asker sees, unless they choose"},
						{Type: discordgo.ApplicationCommandOptionInteger, Name: "daily_budget", Description: "Requests per member per day (0: unlimited)",
							MinValue: ptr(0.0), MaxValue: 100000},
					}},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "reset", Description: "Put a setting back to its default",
					Options: []*discordgo.ApplicationCommandOption{
						{Type: discordgo.ApplicationCommandOptionString, Name: "setting", Description: "What to reset", Required: true, Autocomplete: true},
					}},
			}},
		{Name: cmdAskDocbot, Type: discordgo.MessageApplicationCommand, DMPermission: &noDM},
		{Name: cmdMarkSolved, Type: discordgo.MessageApplicationCommand, DMPermission: &noDM},
	}
}

// subcommand returns the subcommand invoked and its options.
func subcommand(data discordgo.ApplicationCommandInteractionData) (string, discordgo.ApplicationCommandInteractionData) {
	if len(data.Options) == 0 || data.Options[0].Type != discordgo.ApplicationCommandOptionSubCommand {
		return "", data
	}
	sub := data.Options[0]
	return sub.Name, discordgo.ApplicationCommandInteractionData{Name: data.Name, Options: sub.Options, Resolved: data.Resolved}
}

// optBool reads a boolean option that may be absent (nil).
func optBool(data discordgo.ApplicationCommandInteractionData, name string) *bool {
	if o := option(data, name); o != nil {
		if v, ok := o.Value.(bool); ok {
			return &v
		}
	}
	return nil
}

// cmdSettings handles /settings: moderators only, every reply ephemeral
// and ending with the settings now in force.
func (b *Bot) cmdSettings(ctx context.Context, i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) Response {
	if refusal := b.moderatorRefusal(i); refusal != "" {
		return ephemeral(refusal)
	}
	hd := b.deps.HelpDesk
	if hd == nil {
		return ephemeral(msgNoHelpDesk)
	}
	sub, opts := subcommand(data)
	note := ""
	var err error
	switch sub {
	case "show":
	case "channel":
		note, err = b.setChannel(ctx, i, opts)
	case "server":
		note, err = b.setServer(ctx, i, opts)
	case "reset":
		note, err = b.resetSetting(ctx, i, stringOption(opts, "setting"))
	default:
		return ephemeral("Use `/settings show`, `/settings channel`, `/settings server` or `/settings reset`.")
	}
	if err != nil {
		b.log.Error("settings", "subcommand", sub, "error", err)
		return ephemeral(msgFailed)
	}
	summary, err := b.settingsSummary(ctx, i.GuildID)
	if err != nil {
		b.log.Error("settings", "error", err)
		return ephemeral(msgFailed)
	}
	if note != "" {
		summary = note + "\n\n" + summary
	}
	return ephemeral(truncate(summary, maxContent))
}

// setChannel applies /settings channel; unset options keep their value.
func (b *Bot) setChannel(ctx context.Context, i *discordgo.Interaction, opts discordgo.ApplicationCommandInteractionData) (string, error) {
	channel := i.ChannelID
	var resolved *discordgo.Channel
	if o := option(opts, "channel"); o != nil {
		if id, ok := o.Value.(string); ok && id != "" {
			channel = id
			if opts.Resolved != nil {
				resolved = opts.Resolved.Channels[id]
			}
		}
	}
	cs, set, err := b.deps.HelpDesk.ChannelSettings(ctx, channel)
	if err != nil {
		return "", err
	}
	if set && cs.Guild != i.GuildID {
		return "That channel is not in this server.", nil
	}
	cs.Guild = i.GuildID
	if resolved != nil {
		cs.Forum = resolved.Type == discordgo.ChannelTypeGuildForum
	}
	if v := optBool(opts, "auto_answer"); v != nil {
		cs.AutoAnswer = *v
	}
	if v := optBool(opts, "mention_required"); v != nil {
		cs.MentionRequired = *v
	}
	switch stringOption(opts, "reply") {
	case "thread":
		cs.InThread = true
	case "inline":
		cs.InThread = false
	}
	if err := b.deps.HelpDesk.SaveChannelSettings(ctx, cs); err != nil {
		return "", err
	}
	note := fmt.Sprintf("Saved the settings of <#%s>.", channel)
	if cs.NeedsContent() && !b.readsContent.Load() {
		note += "\n⚠️ To read messages there I need the Message Content intent: enable it in the Discord Developer Portal " +
			"(Bot → Privileged Gateway Intents), then restart me. Until then I answer there only when mentioned."
	}
	return note, nil
}

// setServer applies /settings server; unset options keep their value.
func (b *Bot) setServer(ctx context.Context, i *discordgo.Interaction, opts discordgo.ApplicationCommandInteractionData) (string, error) {
	gs, err := b.deps.HelpDesk.GuildSettings(ctx, i.GuildID)
	if err != nil {
		return "", err
	}
	if o := option(opts, "helper_role"); o != nil {
		if id, ok := o.Value.(string); ok {
			gs.HelperRole = id
		}
	}
	if v := optBool(opts, "private_answers"); v != nil {
		gs.PrivateDefault = v
	}
	if o := option(opts, "daily_budget"); o != nil {
		if f, ok := o.Value.(float64); ok && f >= 0 && f <= 100000 {
			n := int(f)
			gs.DailyBudget = &n
		}
	}
	gs.Guild = i.GuildID
	return "Saved this server's settings.", b.deps.HelpDesk.SaveGuildSettings(ctx, gs)
}

// resetSetting puts a server setting, or a channel's, back to its default.
func (b *Bot) resetSetting(ctx context.Context, i *discordgo.Interaction, what string) (string, error) {
	if channel, ok := strings.CutPrefix(what, "channel:"); ok {
		found, err := b.deps.HelpDesk.ResetChannelSettings(ctx, i.GuildID, channel)
		if err != nil || !found {
			return "That channel has no settings to reset.", err
		}
		return fmt.Sprintf("<#%s> is back to the defaults.", channel), nil
	}
	gs, err := b.deps.HelpDesk.GuildSettings(ctx, i.GuildID)
	if err != nil {
		return "", err
	}
	switch what {
	case "helper_role":
		gs.HelperRole = ""
	case "private_answers":
		gs.PrivateDefault = nil
	case "daily_budget":
		gs.DailyBudget = nil
	default:
		return "Pick a setting from the list.", nil
	}
	return "Reset to the default.", b.deps.HelpDesk.SaveGuildSettings(ctx, gs)
}

// settingsAutocomplete lists what /settings reset can reset: the server's
// settings and its configured channels.
func (b *Bot) settingsAutocomplete(ctx context.Context, i *discordgo.Interaction) Response {
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	if b.deps.HelpDesk == nil || i.GuildID == "" || !b.isModerator(i) {
		return now(Reply{Choices: choices})
	}
	_, opts := subcommand(i.ApplicationCommandData())
	partial := ""
	for _, o := range opts.Options {
		if o.Focused {
			partial, _ = o.Value.(string)
		}
	}
	partial = strings.ToLower(strings.TrimSpace(partial))
	add := func(name, value string) {
		if len(choices) < 25 && (partial == "" || strings.Contains(strings.ToLower(name), partial)) {
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: truncate(name, maxChoiceName), Value: value})
		}
	}
	add("server: helper role", "helper_role")
	add("server: answer visibility (/ask private)", "private_answers")
	add("server: daily budget", "daily_budget")
	channels, err := b.deps.HelpDesk.GuildChannelSettings(ctx, i.GuildID)
	if err != nil {
		b.log.Error("settings autocomplete", "error", err)
	}
	for _, c := range channels {
		add("channel: #"+b.channelName(c.Channel)+" ("+channelSummary(c)+")", "channel:"+c.Channel)
	}
	return now(Reply{Choices: choices})
}

// channelName is a channel's name from the gateway's cache, else its id.
func (b *Bot) channelName(id string) string {
	if b.s != nil && b.s.State != nil {
		if ch, err := b.s.State.Channel(id); err == nil && ch.Name != "" {
			return ch.Name
		}
	}
	return id
}

// channelSummary says in a few words how docbot answers in a channel.
func channelSummary(c retrieval.ChannelSettings) string {
	if c.Forum {
		if c.AutoAnswer {
			return "forum: answers new posts"
		}
		return "forum: answers when mentioned"
	}
	var parts []string
	switch {
	case !c.MentionRequired:
		parts = append(parts, "answers every message")
	case c.AutoAnswer:
		parts = append(parts, "auto-answers questions")
	default:
		parts = append(parts, "answers when mentioned")
	}
	if c.InThread {
		parts = append(parts, "in a thread")
	} else {
		parts = append(parts, "inline")
	}
	return strings.Join(parts, ", ")
}

// settingsSummary is the settings in force in a server.
func (b *Bot) settingsSummary(ctx context.Context, guild string) (string, error) {
	gs, err := b.deps.HelpDesk.GuildSettings(ctx, guild)
	if err != nil {
		return "", err
	}
	channels, err := b.deps.HelpDesk.GuildChannelSettings(ctx, guild)
	if err != nil {
		return "", err
	}
	lines := []string{"**Settings of this server**"}
	if gs.HelperRole != "" {
		lines = append(lines, fmt.Sprintf("• Helper role: <@&%s> (pinged by “Still need help?”)", gs.HelperRole))
	} else {
		lines = append(lines, "• Helper role: none — set one with `/settings server helper_role:`")
	}
	switch {
	case gs.PrivateDefault == nil:
		lines = append(lines, "• /ask answers: public unless the asker chooses private (default)")
	case *gs.PrivateDefault:
		lines = append(lines, "• /ask answers: private unless the asker chooses")
	default:
		lines = append(lines, "• /ask answers: public unless the asker chooses private")
	}
	budget, def := b.budget(ctx, gs), ""
	if gs.DailyBudget == nil {
		def = " (default)"
	}
	if budget == 0 {
		lines = append(lines, "• Daily budget: unlimited"+def)
	} else {
		lines = append(lines, fmt.Sprintf("• Daily budget: %d requests per member%s", budget, def))
	}
	lines = append(lines, "**Channels**")
	for _, c := range channels {
		lines = append(lines, fmt.Sprintf("• <#%s>: %s", c.Channel, channelSummary(c)))
	}
	lines = append(lines, "• Every other channel: answers when mentioned, in a thread")
	return strings.Join(lines, "\n"), nil
}

// budget is the daily budget in force in a server.
func (b *Bot) budget(_ context.Context, gs retrieval.GuildSettings) int {
	if gs.DailyBudget != nil {
		return *gs.DailyBudget
	}
	return b.cfg.DailyBudget
}

// guildSettings reads a server's settings; the defaults when there are
// none, in DMs, or when they can't be read.
func (b *Bot) guildSettings(ctx context.Context, guild string) retrieval.GuildSettings {
	if b.deps.HelpDesk == nil || guild == "" {
		return retrieval.GuildSettings{Guild: guild}
	}
	gs, err := b.deps.HelpDesk.GuildSettings(ctx, guild)
	if err != nil {
		b.log.Error("guild settings", "error", err)
	}
	return gs
}

// needsContent reports whether a moderator set a channel whose ordinary
// messages docbot must read.
func (b *Bot) needsContent(ctx context.Context) bool {
	if b.deps.HelpDesk == nil {
		return false
	}
	cs, err := b.deps.HelpDesk.ContentChannels(ctx)
	if err != nil {
		b.log.Error("channel settings", "error", err)
		return false
	}
	return len(cs) > 0
}
