package bot

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// ackTimeout bounds the handler and its acknowledgement: Discord wants
// one within 3 s; retries may use the rest.
const ackTimeout = 10 * time.Second

// onInteraction routes an interaction to its handler and delivers the
// response.
func (b *Bot) onInteraction(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
	if ic == nil || ic.Interaction == nil {
		return
	}
	b.serve(&dest{i: ic.Interaction}, "interaction", func(ctx context.Context) Response { return b.route(ctx, ic.Interaction) })
}

// route picks the handler for an interaction.
func (b *Bot) route(ctx context.Context, i *discordgo.Interaction) Response {
	if b.closing.Load() && i.Type != discordgo.InteractionApplicationCommandAutocomplete {
		return ephemeral(msgShutdown)
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		data := i.ApplicationCommandData()
		switch data.Name {
		case "ask":
			return b.cmdAsk(ctx, i, data)
		case "summary":
			return b.cmdSummary(ctx, i, data)
		case "search":
			return b.cmdSearch(ctx, i, data)
		case "docs":
			return b.cmdDocsRoute(ctx, i, data)
		case "help":
			return ephemeral(helpText)
		case "reload":
			return b.cmdReload(i)
		case "gaps":
			return b.cmdGaps(ctx, i, data)
		case "settings":
			return b.cmdSettings(ctx, i, data)
		case cmdAskDocbot:
			return b.cmdAskDocbot(ctx, i, data)
		case cmdMarkSolved:
			return b.markSolved(ctx, i)
		}
		return ephemeral("I don't know that command. Try `/help`.")
	case discordgo.InteractionApplicationCommandAutocomplete:
		if i.ApplicationCommandData().Name == "settings" {
			return b.settingsAutocomplete(ctx, i)
		}
		return b.autocomplete(ctx, i)
	case discordgo.InteractionMessageComponent:
		return b.component(ctx, i)
	}
	return Response{}
}

// onMessage answers mentions (in a thread started from the message),
// follow-ups in such threads and in DMs, and questions in the channels
// and forums moderators turned auto-answer on for. Bots (itself included)
// and messages without an author (system, webhook) are ignored.
func (b *Bot) onMessage(_ *discordgo.Session, mc *discordgo.MessageCreate) {
	if mc == nil || mc.Message == nil || mc.Author == nil || mc.Author.Bot || b.closing.Load() {
		return
	}
	m := mc.Message
	to := &dest{channel: m.ChannelID, replyTo: m.ID}
	b.serve(to, "message", func(ctx context.Context) Response { return b.message(ctx, m, to) })
}

// onThreadCreate sees new forum posts (helpdesk.go).
func (b *Bot) onThreadCreate(_ *discordgo.Session, tc *discordgo.ThreadCreate) {
	if tc == nil || tc.Channel == nil || !tc.NewlyCreated || b.closing.Load() {
		return
	}
	th := tc.Channel
	to := &dest{channel: th.ID}
	b.serve(to, "thread", func(ctx context.Context) Response { return b.forumPost(ctx, th, nil) })
}

// serve runs a handler and delivers its response to *to (which the
// handler may move, into a thread it started): a reply at once, or a job,
// acknowledged at once and run on a goroutine the bot owns. A panic
// becomes a final "something went wrong".
func (b *Bot) serve(to *dest, where string, handle func(ctx context.Context) Response) {
	ctx, cancel := context.WithTimeout(context.Background(), ackTimeout)
	defer cancel()
	defer b.recoverPanic(where, to, nil)
	resp := handle(ctx)
	switch {
	case resp.Reply != nil:
		b.deliver.send(ctx, *to, *resp.Reply)
	case resp.Job != nil:
		b.start(ctx, *to, resp.Job)
	}
	if resp.After != nil {
		resp.After(ctx)
	}
}

// start acknowledges a job and runs it. A job that cannot be acknowledged
// still runs, with its context cancelled, so that it gives back what it
// holds (its place in the queue).
func (b *Bot) start(ctx context.Context, to dest, j *Job) {
	b.qmu.RLock()
	closing := b.closing.Load()
	if !closing {
		b.jobs.Add(1)
	}
	b.qmu.RUnlock()
	if closing {
		j.Run(canceled(), func(string) {})
		b.deliver.send(ctx, to, Reply{Text: msgShutdown, Ephemeral: true})
		return
	}
	if j.Quiet {
		go b.quiet(to, j) // owned by the bot: shutdown waits for b.jobs
		return
	}
	l, err := b.deliver.ack(ctx, to, j)
	go func() { // owned by the bot: shutdown waits for b.jobs
		defer b.jobs.Done()
		parent, limit := b.jobCtx, b.cfg.Deadline
		if j.Background {
			parent, limit = b.bgCtx, reloadTimeout
		}
		jctx, cancel := context.WithTimeout(parent, limit)
		defer cancel()
		if err != nil {
			b.log.Error("acknowledge", "job", j.Name, "error", err)
			j.Run(canceled(), func(string) {})
			return
		}
		// the final reply goes out even after the deadline or at shutdown
		final, cancelFinal := context.WithTimeout(context.WithoutCancel(jctx), 30*time.Second)
		defer cancelFinal()
		defer b.recoverPanic(j.Name, nil, l)
		ds := l.startDrafts(jctx)
		defer ds.stop() // before recoverPanic's final reply: no draft lands after it
		r := j.Run(jctx, ds.show)
		ds.stop()
		if err := l.finish(final, r); err != nil {
			b.log.Error("final reply", "job", j.Name, "error", err)
		}
	}()
}

// quiet runs a quiet job and posts its reply, if any.
func (b *Bot) quiet(to dest, j *Job) {
	defer b.jobs.Done()
	jctx, cancel := context.WithTimeout(b.jobCtx, b.cfg.Deadline)
	defer cancel()
	defer b.recoverPanic(j.Name, nil, nil)
	r := j.Run(jctx, func(string) {})
	if r.empty() {
		return
	}
	if r.in != "" && r.in != to.channel {
		to = dest{channel: r.in}
	}
	final, cancelFinal := context.WithTimeout(context.WithoutCancel(jctx), 30*time.Second)
	defer cancelFinal()
	if err := b.deliver.post(final, to, r); err != nil {
		b.log.Error("post reply", "job", j.Name, "error", err)
	}
}

// canceled is a context that has already ended.
func canceled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// recoverPanic turns a panic in a handler or job into a log line and,
// when there is someone to tell, a final reply: discordgo runs handlers
// without a recover, so one panic would kill the process.
func (b *Bot) recoverPanic(where string, to *dest, l *live) {
	r := recover()
	if r == nil {
		return
	}
	b.log.Error("panic in handler", "where", where, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
	ctx, cancel := context.WithTimeout(context.Background(), ackTimeout)
	defer cancel()
	switch {
	case l != nil:
		l.finish(ctx, Reply{Text: msgFailed})
	case to != nil && to.i != nil:
		b.deliver.send(ctx, *to, Reply{Text: msgFailed, Ephemeral: true})
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
	if o := option(data, name); o != nil {
		if s, ok := o.Value.(string); ok {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

func boolOption(data discordgo.ApplicationCommandInteractionData, name string) bool {
	if o := option(data, name); o != nil {
		v, _ := o.Value.(bool)
		return v
	}
	return false
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
