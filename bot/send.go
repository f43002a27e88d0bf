package bot

import (
	"container/list"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/docbot/docbot/retrieval"
)

// send runs a Discord request, retrying rate limits (after retry_after) and
// server errors (with backoff) while ctx allows. discordgo's own 429 retry
// is off: it sleeps forever, ignoring the context.
func (b *Bot) send(ctx context.Context, what string, do func(...discordgo.RequestOption) error) error {
	backoff := 250 * time.Millisecond
	for attempt := 0; ; attempt++ {
		err := do(discordgo.WithContext(ctx))
		if err == nil {
			return nil
		}
		var wait time.Duration
		var rl *discordgo.RateLimitError
		var re *discordgo.RESTError
		switch {
		case errors.As(err, &rl) && rl.RateLimit != nil && rl.TooManyRequests != nil:
			wait = rl.RetryAfter
		case errors.As(err, &re) && re.Response != nil && re.Response.StatusCode >= 500:
			wait, backoff = backoff, backoff*2
		default:
			b.log.Warn("discord request failed", "what", what, "error", err)
			return err
		}
		if attempt >= 5 {
			b.log.Warn("discord request failed after retries", "what", what, "error", err)
			return err
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

func (b *Bot) respond(ctx context.Context, i *discordgo.Interaction, r *discordgo.InteractionResponse) error {
	if r.Data != nil && r.Data.AllowedMentions == nil && r.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
		r.Data.AllowedMentions = noMentions()
	}
	return b.send(ctx, "respond", func(o ...discordgo.RequestOption) error { return b.s.InteractionRespond(i, r, o...) })
}

// replyEphemeral answers an interaction with a message only its user sees;
// if the interaction was already acknowledged, it edits the response.
func (b *Bot) replyEphemeral(ctx context.Context, i *discordgo.Interaction, text string) {
	err := b.respond(ctx, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: truncate(text, maxContent), Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()}})
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusBadRequest {
		b.editText(ctx, i, text) // already acknowledged (e.g. a panic after the deferral)
	}
}

func (b *Bot) edit(ctx context.Context, i *discordgo.Interaction, e *discordgo.WebhookEdit) error {
	e.AllowedMentions = noMentions()
	return b.send(ctx, "edit", func(o ...discordgo.RequestOption) error {
		_, err := b.s.InteractionResponseEdit(i, e, o...)
		return err
	})
}

func (b *Bot) editText(ctx context.Context, i *discordgo.Interaction, text string) {
	text = truncate(text, maxContent)
	none := []*discordgo.MessageEmbed{}
	b.edit(ctx, i, &discordgo.WebhookEdit{Content: &text, Embeds: &none})
}

// streamer coalesces streamed text and flushes it at most once per interval.
type streamer struct {
	mu    sync.Mutex
	text  strings.Builder
	dirty bool
	done  chan struct{}
	wg    sync.WaitGroup
}

func newStreamer(interval time.Duration, flush func(string)) *streamer {
	st := &streamer{done: make(chan struct{})}
	st.wg.Add(1)
	go func() { // owned by the answer: stop() ends it before the final edit
		defer st.wg.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-st.done:
				return
			case <-t.C:
				st.mu.Lock()
				text, dirty := st.text.String(), st.dirty
				st.dirty = false
				st.mu.Unlock()
				if dirty {
					flush(text)
				}
			}
		}
	}()
	return st
}

func (st *streamer) add(s string) {
	st.mu.Lock()
	st.text.WriteString(s)
	st.dirty = true
	st.mu.Unlock()
}

// stop ends streaming; no flush happens after it returns.
func (st *streamer) stop() {
	close(st.done)
	st.wg.Wait()
}

// answerCache keeps recent answers for the "Show passages" button.
type answerCache struct {
	mu    sync.Mutex
	max   int
	order *list.List
	items map[string]*list.Element
}

type cached struct {
	key string
	a   retrieval.Answer
}

func newAnswerCache(max int) *answerCache {
	return &answerCache{max: max, order: list.New(), items: map[string]*list.Element{}}
}

func (c *answerCache) put(a retrieval.Answer) string {
	var buf [8]byte
	rand.Read(buf[:])
	key := hex.EncodeToString(buf[:])
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[key] = c.order.PushFront(cached{key, a})
	if c.order.Len() > c.max {
		old := c.order.Remove(c.order.Back()).(cached)
		delete(c.items, old.key)
	}
	return key
}

func (c *answerCache) get(key string) (retrieval.Answer, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		return retrieval.Answer{}, false
	}
	return e.Value.(cached).a, true
}
