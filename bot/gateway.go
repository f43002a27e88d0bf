package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Close codes after which reconnecting cannot help: discordgo would retry
// them forever (backing off to ten minutes), leaving a bot that looks up
// and answers nobody. Run stops with the reason instead.
var fatalCloseCodes = map[int]string{
	4004: "Discord rejected the bot token: check DISCORD_TOKEN",
	4010: "Discord refused the shard: check DOCBOT_SHARD_ID and DOCBOT_SHARD_COUNT",
	4011: "Discord requires sharding for this many guilds: set DOCBOT_SHARD_COUNT",
	4012: "Discord refused the gateway API version: upgrade docbot",
	4013: "Discord refused the gateway intents: upgrade docbot",
	4014: "Discord refused the Message Content intent: enable it for the application (Developer Portal → Bot → Privileged Gateway Intents) or unset DOCBOT_MESSAGE_CONTENT",
}

// ErrGatewayClosed wraps a fatal gateway close.
var ErrGatewayClosed = errors.New("discord closed the gateway")

// discordgo reports gateway errors only through its package-wide Logger,
// so one hook serves every Bot in the process; gateways maps each running
// Bot's session to it.
var (
	hookOnce sync.Once
	gwMu     sync.Mutex
	gateways = map[*discordgo.Session]*Bot{}
)

// watchGateway routes discordgo's log through slog and watches for fatal
// close codes on s until the returned function is called.
func (b *Bot) watchGateway(s *discordgo.Session) (stop func()) {
	hookOnce.Do(func() { discordgo.Logger = discordgoLog })
	s.LogLevel = discordgo.LogWarning
	gwMu.Lock()
	gateways[s] = b
	gwMu.Unlock()
	return func() {
		gwMu.Lock()
		delete(gateways, s)
		gwMu.Unlock()
	}
}

// discordgoLog receives discordgo's messages at warning level or above.
// When one carries a fatal close code, the Bot owning that gateway stops.
func discordgoLog(level, _ int, format string, args ...any) {
	var closeErr *websocket.CloseError
	gateway := ""
	for _, a := range args {
		switch v := a.(type) {
		case error:
			errors.As(v, &closeErr)
		case string:
			if gateway == "" {
				gateway = v
			}
		}
	}
	gwMu.Lock()
	var owner *Bot
	var session *discordgo.Session
	for s, b := range gateways {
		// One bot per process in production; tests tell theirs apart by the
		// fake's address, which every gateway URL of theirs carries.
		if len(gateways) == 1 || sameHost(gateway, b.cfg.Origin) {
			owner, session = b, s
		}
	}
	if owner != nil && closeErr != nil {
		reason, fatal := fatalCloseCodes[closeErr.Code]
		if fatal && closeErr.Code == 4014 && owner.contentFromSettingsRefused(session) {
			fatal = false // asked for only for auto-answer channels: go on without it
		}
		if fatal {
			// This runs on discordgo's listening goroutine before it closes
			// the session: keepConnected, woken by that close, reads
			// failed and does not reopen it.
			owner.fail(fmt.Errorf("%w with code %d: %s", ErrGatewayClosed, closeErr.Code, reason))
		}
	}
	gwMu.Unlock()
	log := slog.Default()
	if owner != nil {
		log = owner.log
	}
	msg := fmt.Sprintf(format, args...)
	if level <= discordgo.LogError {
		log.Error("discordgo", "message", msg)
	} else {
		log.Warn("discordgo", "message", msg)
	}
}

func sameHost(rawURL, origin string) bool {
	u, err1 := url.Parse(rawURL)
	o, err2 := url.Parse(origin)
	return err1 == nil && err2 == nil && u.Host != "" && u.Host == o.Host
}

// fail stops Run with err; the first failure wins.
func (b *Bot) fail(err error) {
	b.failed.Store(true)
	select {
	case b.fatal <- err:
	default:
	}
}

// contentFromSettingsRefused handles Discord refusing the Message Content
// intent when docbot asked for it only because moderators set channels
// that need it (not DOCBOT_MESSAGE_CONTENT): it says so and lets the
// session reconnect without the intent, answering mentions, slash
// commands and forum posts' titles. It runs on discordgo's listening
// goroutine, before the reconnect that reads the intents.
func (b *Bot) contentFromSettingsRefused(s *discordgo.Session) bool {
	if !b.contentForSettings.Load() || s.Identify.Intents&discordgo.IntentsMessageContent == 0 {
		return false
	}
	s.Identify.Intents &^= discordgo.IntentsMessageContent
	b.readsContent.Store(false)
	b.log.Error("Discord refused the Message Content intent, which auto-answer channels need: reconnecting without it. " +
		"Enable it for the application (Developer Portal → Bot → Privileged Gateway Intents) and restart docbot; " +
		"until then docbot answers there only when mentioned")
	return true
}

// open opens the gateway. A close at the first identify that reconnecting
// cannot fix is reported with its reason; a refused Message Content
// intent asked for only for auto-answer channels is dropped and the
// gateway opened without it.
func (b *Bot) open(s *discordgo.Session) error {
	err := s.Open()
	var ce *websocket.CloseError
	if errors.As(err, &ce) && ce.Code == 4014 && b.contentFromSettingsRefused(s) {
		err = s.Open()
	}
	if errors.As(err, &ce) {
		if reason, fatal := fatalCloseCodes[ce.Code]; fatal {
			return fmt.Errorf("%w with code %d: %s", ErrGatewayClosed, ce.Code, reason)
		}
	}
	if err != nil {
		return fmt.Errorf("open discord gateway: %w", err)
	}
	return nil
}

// maxReconnectWait caps the back-off between attempts to reopen the
// gateway, as discordgo's own loop does.
const maxReconnectWait = 10 * time.Minute

// keepConnected reopens the gateway each time it drops (a signal on
// dropped, sent by the Disconnect handler), retrying with a back-off from
// one second to maxReconnectWait while Discord cannot be reached, until
// ctx is done or a close reconnecting cannot fix stops the bot.
// discordgo's own reconnect loop is off (ShouldReconnectOnError): it
// sleeps through Close and outlives the session that started it.
func (b *Bot) keepConnected(ctx context.Context, s *discordgo.Session, dropped <-chan struct{}) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-dropped:
		}
		for wait := time.Second; ; wait = min(2*wait, maxReconnectWait) {
			if ctx.Err() != nil || b.failed.Load() {
				return
			}
			err := b.open(s)
			if err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen) {
				break
			}
			if errors.Is(err, ErrGatewayClosed) {
				b.fail(err)
				return
			}
			b.log.Warn("discord gateway reconnect failed: retrying", "in", wait, "error", err)
			t := b.clock.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C():
			}
		}
	}
}
