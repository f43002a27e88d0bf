package bot

import (
	"container/list"
	"context"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/docbot/docbot/retrieval"
)

// maxTurns is how much of a conversation follow-ups see.
const maxTurns = 6

// conversations holds the turns of recent threads and DMs, by channel.
type conversations struct {
	mu    sync.Mutex
	max   int
	order *list.List
	items map[string]*list.Element
}

type conversation struct {
	channel string
	turns   []retrieval.Turn
}

func newConversations(max int) *conversations {
	return &conversations{max: max, order: list.New(), items: map[string]*list.Element{}}
}

// get returns a channel's turns and whether the channel is a conversation.
func (c *conversations) get(channel string) ([]retrieval.Turn, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[channel]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return append([]retrieval.Turn(nil), e.Value.(*conversation).turns...), true
}

// add starts or extends a conversation.
func (c *conversations) add(channel string, t *retrieval.Turn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[channel]
	if !ok {
		e = c.order.PushFront(&conversation{channel: channel})
		c.items[channel] = e
		if c.order.Len() > c.max {
			old := c.order.Remove(c.order.Back()).(*conversation)
			delete(c.items, old.channel)
		}
	}
	conv := e.Value.(*conversation)
	if t != nil {
		conv.turns = append(conv.turns, *t)
		if len(conv.turns) > maxTurns {
			conv.turns = conv.turns[len(conv.turns)-maxTurns:]
		}
	}
}

// onMessage answers mentions in a thread started from the message, and
// follow-ups in such threads and in DMs. Bots (itself included) and
// messages without an author (system, webhook) are ignored.
func (b *Bot) onMessage(s *discordgo.Session, mc *discordgo.MessageCreate) {
	defer b.recoverPanic("message", nil)
	if mc == nil || mc.Message == nil || mc.Author == nil || mc.Author.Bot || b.closing.Load() {
		return
	}
	m := mc.Message
	mentioned := false
	for _, u := range m.Mentions {
		if u != nil && u.ID == b.appIDOrBot() {
			mentioned = true
		}
	}
	question := strings.TrimSpace(stripMention(m.Content, b.appIDOrBot()))
	_, inConversation := b.convs.get(m.ChannelID)
	isDM := m.GuildID == ""
	if question == "" || !(mentioned || inConversation || isDM) {
		return // without the MESSAGE_CONTENT intent, other messages arrive empty
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	channel := m.ChannelID
	refusal, release := b.admit(ctx, m.GuildID, m.Author.ID, question)
	if refusal == "" && mentioned && !inConversation && !isDM {
		th, err := s.MessageThreadStartComplex(m.ChannelID, m.ID, &discordgo.ThreadStart{Name: truncate(question, 100), AutoArchiveDuration: 1440},
			discordgo.WithContext(ctx))
		if err != nil {
			b.log.Warn("start thread: answering in the channel", "error", err)
		} else {
			channel = th.ID
		}
		b.convs.add(channel, nil)
	}
	if refusal != "" {
		b.post(ctx, channel, refusal, nil, m.ID)
		return
	}
	if isDM {
		b.convs.add(channel, nil)
	}
	if !b.enqueue("mention", func(ctx context.Context) {
		defer release()
		start := time.Now()
		history, _ := b.convs.get(channel)
		s.ChannelTyping(channel, discordgo.WithContext(ctx))
		a, err := b.deps.Asker.Ask(ctx, retrieval.Question{Text: question, History: history})
		final, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		q := retrieval.QuestionLog{Guild: m.GuildID, Channel: channel, UserHash: b.userHash(m.Author.ID), Command: "mention", Question: question}
		if err != nil {
			outcome := errOutcome(err)
			b.record(final, q, a, outcome)
			b.deps.Metrics.Question("mention", outcome, time.Since(start))
			b.post(final, channel, b.userError(err), nil, "")
			return
		}
		outcome := retrieval.OutcomeAnswered
		if !a.Found {
			outcome = retrieval.OutcomeNotFound
		}
		qid := b.record(final, q, a, outcome)
		b.deps.Metrics.Question("mention", outcome, time.Since(start))
		b.log.Info("question", "command", "mention", "guild", m.GuildID, "outcome", outcome, "latency", time.Since(start).Round(time.Millisecond),
			"passages", passageIDs(a), "mode", a.Mode)
		turn := retrieval.TurnFrom(a)
		b.convs.add(channel, &turn)
		content, embeds := answerMessage(a)
		parts := splitMessage(content, maxContent)
		for k, p := range parts {
			var es []*discordgo.MessageEmbed
			var comps []discordgo.MessageComponent
			if k == len(parts)-1 {
				es, comps = embeds, answerButtons(qid, b.answers.put(a))
			}
			b.postComplex(final, channel, &discordgo.MessageSend{Content: p, Embeds: es, Components: comps, AllowedMentions: noMentions()})
		}
	}) {
		release()
		b.post(ctx, channel, b.busyMessage(), nil, "")
	}
}

func (b *Bot) appIDOrBot() string {
	if b.s != nil && b.s.State != nil && b.s.State.User != nil {
		return b.s.State.User.ID
	}
	return b.appID
}

func stripMention(content, id string) string {
	content = strings.ReplaceAll(content, "<@"+id+">", "")
	return strings.ReplaceAll(content, "<@!"+id+">", "")
}

func (b *Bot) post(ctx context.Context, channel, text string, embeds []*discordgo.MessageEmbed, replyTo string) {
	msg := &discordgo.MessageSend{Content: truncate(text, maxContent), Embeds: embeds, AllowedMentions: noMentions()}
	if replyTo != "" {
		msg.Reference = &discordgo.MessageReference{MessageID: replyTo, ChannelID: channel}
	}
	b.postComplex(ctx, channel, msg)
}

func (b *Bot) postComplex(ctx context.Context, channel string, msg *discordgo.MessageSend) {
	msg.AllowedMentions = noMentions()
	b.send(ctx, "message", func(o ...discordgo.RequestOption) error {
		_, err := b.s.ChannelMessageSendComplex(channel, msg, o...)
		return err
	})
}
