// Package bot is docbot's Discord adapter: it turns slash commands,
// mentions and button clicks into calls on the retrieval layer and renders
// the results within Discord's rules. It holds no retrieval logic and is
// the only package that imports discordgo.
package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/docbot/docbot/internal/redact"
	"github.com/docbot/docbot/retrieval"
)

// Config configures the bot.
type Config struct {
	Token          string // secret
	Origin         string // REST and gateway origin; "" means https://discord.com
	GuildIDs       []string
	ShardID        int
	ShardCount     int
	ModeratorRoles []string
	MessageContent bool // request the privileged MESSAGE_CONTENT intent

	Deadline         time.Duration // for one answer; default 2 minutes
	EditInterval     time.Duration // between streamed edits; default 1.2 s
	Cooldown         time.Duration // between one user's questions
	DailyBudget      int           // questions per user per day; 0 means unlimited
	GuildConcurrency int           // answers in progress per guild
	Workers          int
	Queue            int
	MaxQuestion      int // characters
	ShutdownGrace    time.Duration
	UserSalt         string // salts user id hashes
}

func (c *Config) defaults() {
	if c.Origin == "" {
		c.Origin = "https://discord.com"
	}
	setDur := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	setDur(&c.Deadline, 2*time.Minute)
	setDur(&c.EditInterval, 1200*time.Millisecond)
	setDur(&c.ShutdownGrace, 20*time.Second)
	setInt := func(n *int, v int) {
		if *n <= 0 {
			*n = v
		}
	}
	setInt(&c.GuildConcurrency, 4)
	setInt(&c.Workers, 4)
	setInt(&c.Queue, 64)
	setInt(&c.MaxQuestion, 500)
}

// Asker answers and searches.
type Asker interface {
	Ask(ctx context.Context, q retrieval.Question) (retrieval.Answer, error)
	Retrieve(ctx context.Context, text string, f retrieval.Filter, k int) (retrieval.Retrieval, error)
}

// Summarizer summarizes one article, or the corpus for docID "".
type Summarizer interface {
	Summarize(ctx context.Context, docID string) (retrieval.Summary, error)
}

// Library lists the indexed articles.
type Library interface {
	Docs(ctx context.Context) ([]retrieval.Document, error)
}

// Journal keeps questions, feedback and budgets.
type Journal interface {
	// RecordQuestion returns the answer's unguessable id for its buttons.
	RecordQuestion(ctx context.Context, q retrieval.QuestionLog) (string, error)
	// RecordFeedback refuses a vote from anyone who could not see the answer.
	RecordFeedback(ctx context.Context, v retrieval.Vote) error
	// Gaps lists one guild's public questions that went unanswered.
	Gaps(ctx context.Context, guild string, since time.Time, limit int) ([]retrieval.Gap, error)
	TakeBudget(ctx context.Context, userHash string, limit int) (bool, error)
}

// ReloadResult is what a corpus reload did.
type ReloadResult struct {
	Added, Changed, Removed, Skipped int
	Documents, Passages              int
	Seconds                          float64
}

// Metrics receives the bot's measurements (Prometheus in cmd/docbot).
type Metrics interface {
	Question(command, outcome string, latency time.Duration)
	Reload(ok bool, took time.Duration)
	Reconnect()
}

type noMetrics struct{}

func (noMetrics) Question(string, string, time.Duration) {}
func (noMetrics) Reload(bool, time.Duration)             {}
func (noMetrics) Reconnect()                             {}

// Deps are the services the bot calls.
type Deps struct {
	Metrics    Metrics // may be nil
	Asker      Asker
	Summarizer Summarizer
	Library    Library
	Journal    Journal
	Reload     func(ctx context.Context) (ReloadResult, error)
	Mode       string // "extractive" or the model name, for footers
}

// Bot serves docbot on Discord.
type Bot struct {
	cfg  Config
	deps Deps
	log  *slog.Logger

	s     *discordgo.Session
	appID string

	jobs      chan job
	qmu       sync.RWMutex   // orders enqueues before shutdown closes jobs
	inflight  sync.WaitGroup // jobs queued or running
	jobCtx    context.Context
	stopJobs  context.CancelFunc
	bgCtx     context.Context // reloads: cancelled as soon as shutdown starts
	stopBg    context.CancelFunc
	closing   atomic.Bool
	reloading atomic.Bool
	bg        sync.WaitGroup // goroutines started by handlers (reloads)
	connected atomic.Bool
	connects  atomic.Int64
	fatal     chan error // a gateway close reconnecting cannot fix

	mu        sync.Mutex
	lastAsk   map[string]time.Time // user hash → last question
	guildBusy map[string]int
	convs     *conversations
	answers   *answerCache
}

type job struct {
	name string
	run  func(ctx context.Context)
}

// ErrBadToken means Discord rejected the bot token.
var ErrBadToken = errors.New("discord rejected the bot token: check DISCORD_TOKEN (Developer Portal → Bot → Reset Token)")

// New returns a Bot; Run connects it.
func New(cfg Config, deps Deps, log *slog.Logger) (*Bot, error) {
	cfg.defaults()
	if strings.TrimSpace(cfg.Token) == "" {
		return nil, errors.New("no Discord bot token: set DISCORD_TOKEN or DISCORD_TOKEN_FILE")
	}
	if _, err := url.Parse(cfg.Origin); err != nil {
		return nil, fmt.Errorf("DOCBOT_DISCORD_URL %q: %w", cfg.Origin, err)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	// discordgo's errors quote request URLs, which hold interaction tokens.
	log = slog.New(redact.Handler(log.Handler()))
	if deps.Metrics == nil {
		deps.Metrics = noMetrics{}
	}
	return &Bot{cfg: cfg, deps: deps, log: log, lastAsk: map[string]time.Time{}, guildBusy: map[string]int{},
		convs: newConversations(500), answers: newAnswerCache(1000)}, nil
}

// originTransport sends every request for discord.com to the configured
// origin: discordgo computes its endpoint strings once at init, so moving
// EndpointDiscord alone would not move them.
type originTransport struct {
	origin *url.URL
	base   http.RoundTripper
}

func (t originTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host == "discord.com" && (t.origin.Host != "discord.com" || t.origin.Scheme != "https") {
		r = r.Clone(r.Context())
		r.URL.Scheme, r.URL.Host = t.origin.Scheme, t.origin.Host
		r.Host = t.origin.Host
	}
	return t.base.RoundTrip(r)
}

const intentsBase = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages

// Run connects to Discord, registers the commands and serves until ctx is
// done; then it stops taking questions, lets answers in progress finish
// (up to ShutdownGrace) and closes the gateway. A rejected token is
// ErrBadToken, returned at once.
func (b *Bot) Run(ctx context.Context) error {
	origin, _ := url.Parse(b.cfg.Origin)
	s, err := discordgo.New("Bot " + b.cfg.Token)
	if err != nil {
		return fmt.Errorf("discord session: %w", err)
	}
	s.Client = &http.Client{Transport: originTransport{origin, http.DefaultTransport}, Timeout: 30 * time.Second}
	s.ShouldRetryOnRateLimit = false // we retry 429s ourselves, within each request's deadline
	s.Identify.Intents = intentsBase
	if b.cfg.MessageContent {
		s.Identify.Intents |= discordgo.IntentsMessageContent
	}
	if b.cfg.ShardCount > 1 {
		s.ShardID, s.ShardCount = b.cfg.ShardID, b.cfg.ShardCount
	}
	b.s = s

	me, err := s.User("@me", discordgo.WithContext(ctx))
	if err != nil {
		var re *discordgo.RESTError
		if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized {
			return ErrBadToken
		}
		return fmt.Errorf("reach discord at %s: %w", b.cfg.Origin, err)
	}
	b.appID = me.ID

	b.jobCtx, b.stopJobs = context.WithCancel(context.WithoutCancel(ctx))
	defer b.stopJobs()
	b.bgCtx, b.stopBg = context.WithCancel(context.WithoutCancel(ctx))
	defer b.stopBg()
	b.jobs = make(chan job, b.cfg.Queue)
	var workers sync.WaitGroup
	for range b.cfg.Workers {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for j := range b.jobs {
				b.runJob(j)
			}
		}()
	}
	defer func() {
		close(b.jobs)
		workers.Wait()
	}()

	s.AddHandler(b.onInteraction)
	s.AddHandler(b.onMessage)
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Connect) {
		b.connected.Store(true)
		if b.connects.Add(1) > 1 {
			b.deps.Metrics.Reconnect()
			b.log.Info("discord gateway reconnected")
		}
	})
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
		b.connected.Store(false)
		b.log.Warn("discord gateway disconnected")
	})
	b.fatal = make(chan error, 1)
	defer b.watchGateway(s)()
	if err := s.Open(); err != nil {
		return fmt.Errorf("open discord gateway: %w", err)
	}
	if s.State != nil && s.State.Application != nil && s.State.Application.ID != "" {
		b.appID = s.State.Application.ID
	}
	if err := b.register(ctx); err != nil {
		s.Close()
		return err
	}
	b.log.Info("discord bot ready", "user", me.Username, "guild_scoped", len(b.cfg.GuildIDs) > 0)

	var fatal error
	select {
	case <-ctx.Done():
	case fatal = <-b.fatal:
		b.log.Error("discord gateway closed for good: stopping", "error", fatal)
	}
	b.shutdown()
	if err := s.Close(); err != nil && fatal == nil {
		return err
	}
	return fatal
}

// shutdown stops taking questions and waits for answers in progress, up
// to the grace period; then it cancels what is left (which still gets a
// final reply).
func (b *Bot) shutdown() {
	b.qmu.Lock() // no enqueue is in progress, and none will start
	b.closing.Store(true)
	b.qmu.Unlock()
	b.stopBg() // a reload stops at once, rolled back: the old index stays
	done := make(chan struct{})
	go func() {
		b.inflight.Wait()
		b.bg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(b.cfg.ShutdownGrace):
		b.log.Warn("shutdown: cancelling answers still in progress")
		b.stopJobs()
		<-done
	}
}

func (b *Bot) runJob(j job) {
	defer b.inflight.Done()
	defer b.recoverPanic(j.name, nil)
	ctx, cancel := context.WithTimeout(b.jobCtx, b.cfg.Deadline)
	defer cancel()
	j.run(ctx)
}

// enqueue queues a job, or reports false when the queue is full or the
// bot is shutting down.
func (b *Bot) enqueue(name string, run func(ctx context.Context)) bool {
	b.qmu.RLock()
	defer b.qmu.RUnlock()
	if b.closing.Load() {
		return false
	}
	b.inflight.Add(1)
	select {
	case b.jobs <- job{name, run}:
		return true
	default:
		b.inflight.Done()
		return false
	}
}

// register overwrites the commands, per guild when guilds are configured
// (instant) or globally.
func (b *Bot) register(ctx context.Context) error {
	cmds := commands()
	scopes := b.cfg.GuildIDs
	if len(scopes) == 0 {
		scopes = []string{""}
	}
	for _, g := range scopes {
		if _, err := b.s.ApplicationCommandBulkOverwrite(b.appID, g, cmds, discordgo.WithContext(ctx)); err != nil {
			return fmt.Errorf("register commands (guild %q): %w", g, err)
		}
	}
	return nil
}

// QueueDepth is the number of questions waiting for a worker.
func (b *Bot) QueueDepth() int {
	if b.jobs == nil {
		return 0
	}
	return len(b.jobs)
}

// Connected reports whether the gateway connection is up.
func (b *Bot) Connected() bool { return b.connected.Load() }

// userHash identifies a user in logs and the database without their id.
func (b *Bot) userHash(id string) string {
	sum := sha256.Sum256([]byte(b.cfg.UserSalt + "\x00" + id))
	return hex.EncodeToString(sum[:8])
}
