package bot

import (
	"context"

	"github.com/bwmarrin/discordgo"
)

// Reply is a message a handler decided on; deliver sends it. Handlers
// never call Discord themselves.
type Reply struct {
	Text       string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
	// Choices answers an autocomplete interaction.
	Choices []*discordgo.ApplicationCommandOptionChoice
	// Ephemeral: only the user who asked sees it (interactions only).
	Ephemeral bool
	// PingRole is the one role the message may ping ("Still need help?"
	// calling the helpers); nothing else ever pings.
	PingRole string
	// in moves a quiet job's reply to another channel (the thread it
	// opened once it had an answer).
	in string
}

// empty reports whether there is nothing to send.
func (r Reply) empty() bool { return r.Text == "" && len(r.Embeds) == 0 && len(r.Components) == 0 }

// Job is work whose reply comes later. deliver acknowledges it at once
// (a deferred response, or a placeholder message in a channel), shows
// each draft the work reports — its place in the queue, the answer as it
// streams — at most once per edit interval, then edits in the final reply.
type Job struct {
	Name string
	// Ephemeral is decided at the acknowledgement and cannot change later.
	Ephemeral bool
	// Background work (a reload) stops as soon as shutdown starts; other
	// jobs may finish within the shutdown grace.
	Background bool
	// Quiet work is not acknowledged and shows no drafts: its reply is
	// posted in the channel only if it has one (auto-answers stay silent
	// when the articles don't answer).
	Quiet bool
	// Run does the work. It may call draft from any goroutine; drafts
	// after it returns are dropped. Its reply is delivered even when ctx
	// has ended.
	Run func(ctx context.Context, draft func(string)) Reply
}

// Response is what a handler returns: a reply now, or a job; or neither,
// when there is nothing to say (a message not meant for the bot).
type Response struct {
	Reply *Reply
	Job   *Job
	// After runs once the reply is delivered, for bookkeeping the user
	// should not wait for (logging a refused question).
	After func(context.Context)
}

func now(r Reply) Response  { return Response{Reply: &r} }
func later(j *Job) Response { return Response{Job: j} }

// ephemeral is a short reply only the user sees.
func ephemeral(text string) Response { return now(Reply{Text: text, Ephemeral: true}) }

// dest is where a response goes: an interaction, or a channel (mentions,
// threads and DMs), optionally as a reply to one message.
type dest struct {
	i       *discordgo.Interaction
	channel string
	replyTo string
}
