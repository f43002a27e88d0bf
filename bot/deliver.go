package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/docbot/docbot/internal/clock"
	"github.com/docbot/docbot/internal/retry"
)

// discordAPI is the slice of *discordgo.Session the bot uses; a recorder
// stands in for it in handler tests.
type discordAPI interface {
	InteractionRespond(*discordgo.Interaction, *discordgo.InteractionResponse, ...discordgo.RequestOption) error
	InteractionResponseEdit(*discordgo.Interaction, *discordgo.WebhookEdit, ...discordgo.RequestOption) (*discordgo.Message, error)
	FollowupMessageCreate(*discordgo.Interaction, bool, *discordgo.WebhookParams, ...discordgo.RequestOption) (*discordgo.Message, error)
	ChannelMessageSendComplex(string, *discordgo.MessageSend, ...discordgo.RequestOption) (*discordgo.Message, error)
	ChannelMessageEditComplex(*discordgo.MessageEdit, ...discordgo.RequestOption) (*discordgo.Message, error)
	MessageThreadStartComplex(string, string, *discordgo.ThreadStart, ...discordgo.RequestOption) (*discordgo.Channel, error)
	Channel(string, ...discordgo.RequestOption) (*discordgo.Channel, error)
	ChannelEditComplex(string, *discordgo.ChannelEdit, ...discordgo.RequestOption) (*discordgo.Channel, error)
}

var _ discordAPI = (*discordgo.Session)(nil)

// deliverer does every Discord call for replies: immediate replies,
// acknowledgements, throttled draft edits, final edits split within the
// limits with follow-ups, an empty allowed_mentions on everything, and
// retries of rate limits and server errors within each call's deadline.
type deliverer struct {
	api      discordAPI
	clock    clock.Clock
	interval time.Duration // between two edits of one message
	retry    retry.Policy
	log      *slog.Logger
}

// discordRetry retries rate limits (after retry_after) and server errors
// (with backoff). discordgo's own 429 retry is off: it sleeps forever,
// ignoring the context.
func discordRetry(c clock.Clock) retry.Policy {
	return retry.Policy{Retries: 5, Base: 250 * time.Millisecond, Cap: 4 * time.Second, Clock: c}
}

// call runs one Discord request under the retry policy.
func (d *deliverer) call(ctx context.Context, what string, do func(...discordgo.RequestOption) error) error {
	err := retry.Do(ctx, d.retry, func(ctx context.Context) error {
		err := do(discordgo.WithContext(ctx))
		var rl *discordgo.RateLimitError
		var re *discordgo.RESTError
		switch {
		case err == nil:
			return nil
		case errors.As(err, &rl) && rl.RateLimit != nil && rl.TooManyRequests != nil:
			return retry.After(err, max(rl.RetryAfter, time.Millisecond))
		case errors.As(err, &re) && re.Response != nil && re.Response.StatusCode >= 500:
			return retry.After(err, 0)
		}
		return err
	})
	if err != nil {
		d.log.Warn("discord request failed", "what", what, "error", err)
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// send delivers a reply at once: the interaction's response (or, when it
// was already acknowledged, an edit of it), or messages in the channel.
func (d *deliverer) send(ctx context.Context, to dest, r Reply) error {
	if to.i == nil {
		return d.post(ctx, to, r)
	}
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{
		Content: truncate(r.Text, maxContent), Embeds: r.Embeds, Components: r.Components, AllowedMentions: mentions(r)}}
	if r.Ephemeral {
		resp.Data.Flags = discordgo.MessageFlagsEphemeral
	}
	if to.i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		resp = &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: r.Choices}}
		if resp.Data.Choices == nil {
			resp.Data.Choices = []*discordgo.ApplicationCommandOptionChoice{}
		}
	}
	err := d.call(ctx, "respond", func(o ...discordgo.RequestOption) error { return d.api.InteractionRespond(to.i, resp, o...) })
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusBadRequest {
		// already acknowledged (a panic after the deferral): edit instead
		return (&live{d: d, to: to, ephemeral: r.Ephemeral}).finish(ctx, r)
	}
	return err
}

// post sends a reply as channel messages, the first replying to
// to.replyTo; sources and buttons go under the last piece.
func (d *deliverer) post(ctx context.Context, to dest, r Reply) error {
	parts := splitMessage(r.Text, maxContent)
	var first error
	for k, p := range parts {
		msg := &discordgo.MessageSend{Content: p, AllowedMentions: mentions(r)}
		if k == len(parts)-1 {
			msg.Embeds, msg.Components = r.Embeds, r.Components
		}
		if k == 0 && to.replyTo != "" {
			msg.Reference = &discordgo.MessageReference{MessageID: to.replyTo, ChannelID: to.channel}
		}
		err := d.call(ctx, "message", func(o ...discordgo.RequestOption) error {
			_, err := d.api.ChannelMessageSendComplex(to.channel, msg, o...)
			return err
		})
		if first == nil {
			first = err
		}
	}
	return first
}

// thread starts a public thread from a message and returns its id.
func (d *deliverer) thread(ctx context.Context, channel, message, name string) (string, error) {
	var id string
	err := d.call(ctx, "start thread", func(o ...discordgo.RequestOption) error {
		th, err := d.api.MessageThreadStartComplex(channel, message, &discordgo.ThreadStart{Name: name, AutoArchiveDuration: 1440}, o...)
		if err == nil {
			id = th.ID
		}
		return err
	})
	return id, err
}

// channel fetches a channel: a forum's available tags, a post's applied
// tags, whether a channel is a thread.
func (d *deliverer) channel(ctx context.Context, id string) (*discordgo.Channel, error) {
	var ch *discordgo.Channel
	err := d.call(ctx, "get channel", func(o ...discordgo.RequestOption) error {
		var err error
		ch, err = d.api.Channel(id, o...)
		return err
	})
	return ch, err
}

// setTags replaces a forum post's applied tags (needs MANAGE_THREADS).
func (d *deliverer) setTags(ctx context.Context, thread string, tags []string) error {
	return d.call(ctx, "apply tags", func(o ...discordgo.RequestOption) error {
		_, err := d.api.ChannelEditComplex(thread, &discordgo.ChannelEdit{AppliedTags: &tags}, o...)
		return err
	})
}

// live is a message being written: a deferred interaction response, or
// a placeholder message posted in a channel.
type live struct {
	d         *deliverer
	to        dest
	ephemeral bool
	msgID     string // the channel message; "" for interactions
}

// placeholder is the channel message a job's answer is written into.
const placeholder = "⏳ …"

// ack acknowledges a job: Discord shows "thinking…" under a deferred
// interaction; in a channel a placeholder message stands in.
func (d *deliverer) ack(ctx context.Context, to dest, j *Job) (*live, error) {
	l := &live{d: d, to: to, ephemeral: j.Ephemeral}
	if to.i != nil {
		resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{AllowedMentions: noMentions()}}
		if j.Ephemeral {
			resp.Data.Flags = discordgo.MessageFlagsEphemeral
		}
		return l, d.call(ctx, "defer", func(o ...discordgo.RequestOption) error { return d.api.InteractionRespond(to.i, resp, o...) })
	}
	msg := &discordgo.MessageSend{Content: placeholder, AllowedMentions: noMentions()}
	if to.replyTo != "" {
		msg.Reference = &discordgo.MessageReference{MessageID: to.replyTo, ChannelID: to.channel}
	}
	return l, d.call(ctx, "placeholder", func(o ...discordgo.RequestOption) error {
		m, err := d.api.ChannelMessageSendComplex(to.channel, msg, o...)
		if err == nil {
			l.msgID = m.ID
		}
		return err
	})
}

// edit replaces the message's text, embeds and buttons.
func (l *live) edit(ctx context.Context, text string, embeds []*discordgo.MessageEmbed, comps []discordgo.MessageComponent) error {
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	if comps == nil {
		comps = []discordgo.MessageComponent{}
	}
	if l.to.i != nil {
		e := &discordgo.WebhookEdit{Content: &text, Embeds: &embeds, Components: &comps, AllowedMentions: noMentions()}
		return l.d.call(ctx, "edit", func(o ...discordgo.RequestOption) error {
			_, err := l.d.api.InteractionResponseEdit(l.to.i, e, o...)
			return err
		})
	}
	e := &discordgo.MessageEdit{ID: l.msgID, Channel: l.to.channel, Content: &text, Embeds: &embeds, Components: &comps, AllowedMentions: noMentions()}
	return l.d.call(ctx, "edit message", func(o ...discordgo.RequestOption) error {
		_, err := l.d.api.ChannelMessageEditComplex(e, o...)
		return err
	})
}

// finish edits in the final reply; text over the limit continues in
// follow-up messages, the last carrying the sources and buttons.
func (l *live) finish(ctx context.Context, r Reply) error {
	parts := splitMessage(r.Text, maxContent)
	if len(parts) == 1 {
		return l.edit(ctx, parts[0], r.Embeds, r.Components)
	}
	if err := l.edit(ctx, parts[0], nil, nil); err != nil {
		return err
	}
	for k, p := range parts[1:] {
		var embeds []*discordgo.MessageEmbed
		var comps []discordgo.MessageComponent
		if k == len(parts)-2 {
			embeds, comps = r.Embeds, r.Components
		}
		var err error
		if l.to.i == nil {
			err = l.d.post(ctx, dest{channel: l.to.channel}, Reply{Text: p, Embeds: embeds, Components: comps})
		} else {
			params := &discordgo.WebhookParams{Content: p, Embeds: embeds, Components: comps, AllowedMentions: noMentions()}
			if l.ephemeral {
				params.Flags = discordgo.MessageFlagsEphemeral
			}
			err = l.d.call(ctx, "followup", func(o ...discordgo.RequestOption) error {
				_, err := l.d.api.FollowupMessageCreate(l.to.i, true, params, o...)
				return err
			})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// drafts shows the latest draft of a live message, at most once per
// interval; the first draft shows at once.
type drafts struct {
	l      *live
	ctx    context.Context
	mu     sync.Mutex
	text   string
	dirty  bool
	wake   chan struct{}
	done   chan struct{}
	exited chan struct{}
	once   sync.Once
}

// startDrafts starts the goroutine that edits drafts in; stop ends it.
func (l *live) startDrafts(ctx context.Context) *drafts {
	ds := &drafts{l: l, ctx: ctx, wake: make(chan struct{}, 1), done: make(chan struct{}), exited: make(chan struct{})}
	go ds.loop() // owned by the job: stop waits for it
	return ds
}

// show replaces the pending draft; safe from any goroutine.
func (ds *drafts) show(text string) {
	ds.mu.Lock()
	ds.text, ds.dirty = text, true
	ds.mu.Unlock()
	select {
	case ds.wake <- struct{}{}:
	default:
	}
}

// stop ends the drafts; no edit happens after it returns. It may be
// called more than once.
func (ds *drafts) stop() {
	ds.once.Do(func() { close(ds.done) })
	<-ds.exited
}

func (ds *drafts) loop() {
	defer close(ds.exited)
	c := ds.l.d.clock
	var last time.Time
	for {
		select {
		case <-ds.done:
			return
		case <-ds.wake:
		}
		if !last.IsZero() {
			if wait := ds.l.d.interval - c.Now().Sub(last); wait > 0 && !clock.Sleep(c, wait, ds.done) {
				return
			}
		}
		ds.mu.Lock()
		text, dirty := ds.text, ds.dirty
		ds.dirty = false
		ds.mu.Unlock()
		if !dirty {
			continue
		}
		last = c.Now()
		ds.l.edit(ds.ctx, truncate(text, maxContent-2)+" …", nil, nil)
	}
}
