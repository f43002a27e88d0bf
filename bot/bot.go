// Package bot is docbot's Discord adapter: a router turns slash commands,
// mentions and button clicks into responses (handlers decide and return a
// reply or a job; they send nothing), admission queues the work fairly,
// and one deliverer makes every Discord call. It holds no retrieval logic
// and is the only package that imports discordgo.
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

	"github.com/docbot/docbot/internal/clock"
	"github.com/docbot/docbot/internal/lru"
	"github.com/docbot/docbot/internal/redact"
	"github.com/docbot/docbot/retrieval"
)

// Config configures the bot. Every value is required: the defaults live
// in package config.
type Config struct {
	Token          string // secret
	Origin         string // REST and gateway origin, e.g. https://discord.com
	GuildIDs       []string
	ShardID        int
	ShardCount     int
	ModeratorRoles []string
	MessageContent bool // request the privileged MESSAGE_CONTENT intent

	Deadline         time.Duration // for one answer, its wait in the queue included
	EditInterval     time.Duration // between two edits of a message being written
	Cooldown         time.Duration // between one user's requests; 0: none
	DailyBudget      int           // requests per user per day; 0: unlimited
	GuildConcurrency int           // work in progress per server
	Workers          int           // work in progress in all
	Queue            int           // requests waiting for a slot
	MaxQuestion      int           // characters
	ShutdownGrace    time.Duration
	Retention        time.Duration // of idle conversations
	UserSalt         string        // salts user id hashes
	MaxUpload        int64         // bytes of a file added with /docs add; 0: 20 MiB
}

// validate reports the first missing or impossible value.
func (c Config) validate() error {
	if strings.TrimSpace(c.Token) == "" {
		return errors.New("no Discord bot token: set DISCORD_TOKEN or DISCORD_TOKEN_FILE")
	}
	if u, err := url.Parse(c.Origin); err != nil || u.Host == "" {
		return fmt.Errorf("DOCBOT_DISCORD_URL %q is not a URL", c.Origin)
	}
	for name, d := range map[string]time.Duration{"answer deadline": c.Deadline, "edit interval": c.EditInterval,
		"shutdown grace": c.ShutdownGrace, "conversation retention": c.Retention} {
		if d <= 0 {
			return fmt.Errorf("bot config: the %s must be positive", name)
		}
	}
	for name, n := range map[string]int{"guild concurrency": c.GuildConcurrency, "workers": c.Workers, "queue": c.Queue, "max question": c.MaxQuestion} {
		if n <= 0 {
			return fmt.Errorf("bot config: %s must be positive", name)
		}
	}
	if c.Cooldown < 0 || c.DailyBudget < 0 {
		return errors.New("bot config: the cooldown and daily budget cannot be negative")
	}
	return nil
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
	// Which documents, and each skipped file with its reason ("path:
	// reason"), for the moderator's reply; may be empty.
	AddedIDs, ChangedIDs, RemovedIDs, Skips []string
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
	Journal    Journal // nil: nothing is recorded (a read-only database)
	// Conversations nil keeps them in memory only.
	Conversations Conversations
	// HelpDesk nil turns the help desk off: no /settings, auto-answers,
	// "Still need help?" or "Mark solved" (a read-only database).
	HelpDesk HelpDesk
	// Suggester nil: no suggested follow-ups under answers.
	Suggester Suggester
	Reload    func(ctx context.Context) (ReloadResult, error)
	// Documents nil: /docs add and remove are refused (a read-only database).
	Documents Documents
	Clock     clock.Clock // nil: the system clock
}

// Bot serves docbot on Discord: a router turns events into responses
// (handlers decide, they send nothing), admission queues the work, and
// one deliverer does every Discord call.
type Bot struct {
	cfg     Config
	deps    Deps
	log     *slog.Logger
	clock   clock.Clock
	deliver *deliverer
	admit   *admission
	shared  flights

	s         *discordgo.Session
	appID     string
	downloads *http.Client // attachments from Discord's CDN

	jobs      sync.WaitGroup // jobs acknowledged and not yet finished
	qmu       sync.RWMutex   // orders starting a job before shutdown starts waiting
	closing   atomic.Bool
	jobCtx    context.Context // answers: cancelled when the shutdown grace ends
	stopJobs  context.CancelFunc
	bgCtx     context.Context // reloads: cancelled as soon as shutdown starts
	stopBg    context.CancelFunc
	reloading atomic.Bool
	connected atomic.Bool
	connects  atomic.Int64
	fatal     chan error    // a gateway close reconnecting cannot fix
	failed    atomic.Bool   // fatal was sent: the gateway is not reopened
	dropped   chan struct{} // the gateway closed: keepConnected reopens it

	cooldowns *lru.Cache[string, time.Time] // user hash → last request
	cdmu      sync.Mutex
	answers   *lru.Cache[string, retrieval.Answer] // for "Show passages"
	expired   atomic.Int64                         // unix time conversations were last expired
	posts     forumPosts                           // forum posts' halves, until both arrived
	suggested *lru.Cache[string, []string]         // suggested follow-ups, for their buttons
	// readsContent: the gateway was opened with the Message Content intent.
	readsContent atomic.Bool
	// contentForSettings: it was asked for only because moderators set
	// channels that need it; when Discord refuses it, docbot goes on without.
	contentForSettings atomic.Bool
}

// ErrBadToken means Discord rejected the bot token.
var ErrBadToken = errors.New("discord rejected the bot token: check DISCORD_TOKEN (Developer Portal → Bot → Reset Token)")

// New returns a Bot; Run connects it.
func New(cfg Config, deps Deps, log *slog.Logger) (*Bot, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	// discordgo's errors quote request URLs, which hold interaction tokens.
	log = slog.New(redact.Handler(log.Handler()))
	if deps.Metrics == nil {
		deps.Metrics = noMetrics{}
	}
	if deps.Clock == nil {
		deps.Clock = clock.Real{}
	}
	if deps.Conversations == nil {
		deps.Conversations = newMemoryConversations()
	}
	b := &Bot{cfg: cfg, deps: deps, log: log, clock: deps.Clock,
		admit:     newAdmission(deps.Clock, cfg.Workers, cfg.GuildConcurrency, cfg.Queue),
		cooldowns: lru.New[string, time.Time](10000), answers: lru.New[string, retrieval.Answer](1000),
		downloads: &http.Client{Timeout: downloadTimeout},
		posts:     forumPosts{posts: lru.New[string, pendingPost](1000)}, suggested: lru.New[string, []string](1000)}
	b.deliver = &deliverer{clock: deps.Clock, interval: cfg.EditInterval, retry: discordRetry(deps.Clock), log: log}
	b.jobCtx, b.stopJobs = context.WithCancel(context.Background())
	b.bgCtx, b.stopBg = context.WithCancel(context.Background())
	return b, nil
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
	s.ShouldReconnectOnError = false // keepConnected does, and stops with Run
	s.Identify.Intents = intentsBase
	if b.cfg.MessageContent {
		s.Identify.Intents |= discordgo.IntentsMessageContent
	} else if b.needsContent(ctx) {
		s.Identify.Intents |= discordgo.IntentsMessageContent
		b.contentForSettings.Store(true)
		b.log.Info("requesting the Message Content intent: auto-answer channels are set")
	}
	b.readsContent.Store(s.Identify.Intents&discordgo.IntentsMessageContent != 0)
	if b.cfg.ShardCount > 1 {
		s.ShardID, s.ShardCount = b.cfg.ShardID, b.cfg.ShardCount
	}
	b.s = s
	b.deliver.api = s

	me, err := s.User("@me", discordgo.WithContext(ctx))
	if err != nil {
		var re *discordgo.RESTError
		if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized {
			return ErrBadToken
		}
		return fmt.Errorf("reach discord at %s: %w", b.cfg.Origin, err)
	}
	b.appID = me.ID

	defer b.stopJobs()
	defer b.stopBg()

	s.AddHandler(b.onInteraction)
	s.AddHandler(b.onMessage)
	s.AddHandler(b.onThreadCreate)
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Connect) {
		b.connected.Store(true)
		if b.connects.Add(1) > 1 {
			b.deps.Metrics.Reconnect()
			b.log.Info("discord gateway reconnected")
		}
	})
	b.fatal, b.dropped = make(chan error, 1), make(chan struct{}, 1)
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
		b.connected.Store(false)
		b.log.Warn("discord gateway disconnected")
		select {
		case b.dropped <- struct{}{}:
		default: // a reopening is already due
		}
	})
	defer b.watchGateway(s)()
	if err := b.open(s); err != nil {
		return err
	}
	if s.State != nil && s.State.Application != nil && s.State.Application.ID != "" {
		b.appID = s.State.Application.ID
	}
	if err := b.register(ctx); err != nil {
		s.Close()
		return err
	}
	b.log.Info("discord bot ready", "user", me.Username, "guild_scoped", len(b.cfg.GuildIDs) > 0)

	gwCtx, stopGateway := context.WithCancel(ctx)
	var reconnects sync.WaitGroup
	reconnects.Go(func() { b.keepConnected(gwCtx, s, b.dropped) })
	var fatal error
	select {
	case <-ctx.Done():
	case fatal = <-b.fatal:
		b.log.Error("discord gateway closed for good: stopping", "error", fatal)
	}
	b.shutdown()
	// no reopening after this Close: the loop is stopped first (it may be
	// opening the gateway, which Close then closes)
	stopGateway()
	reconnects.Wait()
	if err := s.Close(); err != nil && fatal == nil {
		return err
	}
	return fatal
}

// shutdown stops taking requests and waits for the jobs in progress, up
// to the grace period; then it cancels what is left (which still gets a
// final reply). A reload stops at once, rolled back: the old index stays.
func (b *Bot) shutdown() {
	b.qmu.Lock() // no job is being started, and none will start
	b.closing.Store(true)
	b.qmu.Unlock()
	b.stopBg()
	done := make(chan struct{})
	go func() { // ends when the last job does: stopJobs below makes sure
		b.jobs.Wait()
		close(done)
	}()
	if !clock.Sleep(b.clock, b.cfg.ShutdownGrace, done) {
		return
	}
	b.log.Warn("shutdown: cancelling answers still in progress")
	b.stopJobs()
	<-done
}

// register overwrites the commands, per guild when guilds are configured
// (instant) or globally.
func (b *Bot) register(ctx context.Context) error {
	cmds := append(commands(), helpDeskCommands()...)
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

// QueueDepth is the number of requests waiting for a slot.
func (b *Bot) QueueDepth() int { return b.admit.Waiting() }

// Connected reports whether the gateway connection is up.
func (b *Bot) Connected() bool { return b.connected.Load() }

// userHash identifies a user in logs and the database without their id.
func (b *Bot) userHash(id string) string {
	sum := sha256.Sum256([]byte(b.cfg.UserSalt + "\x00" + id))
	return hex.EncodeToString(sum[:8])
}
