package bot_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/docbot/docbot/bot"
	"github.com/docbot/docbot/config"
	"github.com/docbot/docbot/corpus"
	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
)

const (
	guild   = "5000"
	troops  = "what did Trump offer on ground troops?"
	permMod = "32" // MANAGE_GUILD
)

var (
	member    = &testsupport.Member{UserID: "4001", Permissions: "0"}
	moderator = &testsupport.Member{UserID: "4002", Permissions: permMod}
)

type env struct {
	fake   *testsupport.FakeDiscord
	db     *store.DB
	corpus string
	cancel context.CancelFunc
	done   chan error
}

type setup struct {
	cfg       bot.Config // its non-zero fields replace the defaults
	defaults  bool       // config's defaults as they are; else no cooldown or budget, edits every 100 ms
	llm       *testsupport.FakeLLM
	llmLimit  time.Duration
	heartbeat time.Duration // the gateway's heartbeat interval, if not Discord's
	db        *store.DB     // answer from this index instead of the seed corpus
	log       *slog.Logger
	journal   func(*store.DB) bot.Journal    // wraps the store's journal, e.g. to record calls
	convs     bool                           // keep conversations in the store (as serve does)
	llmSlots  int                            // > 0: the model behind a Limiter of this many slots
	cache     bool                           // cache the model's answers (as serve does)
	helpdesk  bool                           // settings and help threads in the store (as serve does)
	prepare   func(*testsupport.FakeDiscord) // before the bot connects
}

// start runs a bot against a fake Discord, answering from a copy of the
// seed corpus in a folder (so /reload has something to read).
func start(t testing.TB, s setup) *env {
	t.Helper()
	fake := testsupport.NewFakeDiscord(t)
	if s.heartbeat > 0 {
		fake.HeartbeatInterval = s.heartbeat
	}
	if s.prepare != nil {
		s.prepare(fake)
	}
	dir := t.TempDir()
	seeds := corpus.Default()
	files, _, err := corpus.Scan(seeds, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Path), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	db := s.db
	if db == nil {
		db = testsupport.IndexedDB(t, root.FS())
	}
	var answerer retrieval.Answerer
	var llm retrieval.Completer
	if s.llm != nil {
		llm = retrieval.NewOpenAI(retrieval.LLMOptions{BaseURL: s.llm.URL, Model: "fake-model", MaxRetries: 1})
		if s.llmSlots > 0 {
			llm = retrieval.NewLimiter(llm, s.llmSlots, 0)
		}
		limit := s.llmLimit
		if limit == 0 {
			limit = 5 * time.Second
		}
		answerer = retrieval.NewLLMAnswerer(llm, 3000, limit, nil)
	}
	cfg := botConfig(s)
	cfg.Token, cfg.Origin = fake.Token, fake.URL
	var journal bot.Journal = db
	if s.journal != nil {
		journal = s.journal(db)
	}
	var asker bot.Asker = retrieval.NewService(db, answerer, nil)
	if s.cache {
		asker = retrieval.NewCachedAsker(asker.(*retrieval.Service), db, "fake-model", nil)
	}
	deps := bot.Deps{
		Asker:      asker,
		Summarizer: retrieval.NewSummarizer(db, llm, 3000, 5*time.Second, nil),
		Library:    db,
		Journal:    journal,
		Reload: func(ctx context.Context) (bot.ReloadResult, error) {
			r, err := os.OpenRoot(dir)
			if err != nil {
				return bot.ReloadResult{}, err
			}
			defer r.Close()
			rep, err := db.Sync(ctx, r.FS(), store.SyncOptions{})
			if err != nil {
				return bot.ReloadResult{}, err
			}
			return bot.ReloadResult{Added: len(rep.Added), Changed: len(rep.Changed), Removed: len(rep.Removed), Documents: rep.Documents, Passages: rep.Passages}, nil
		},
	}
	if s.convs {
		deps.Conversations = db
	}
	if s.helpdesk {
		deps.HelpDesk = db
	}
	b, err := bot.New(cfg, deps, s.log)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	e := &env{fake: fake, db: db, corpus: dir, cancel: cancel, done: done}
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("the bot did not stop within 30 s of shutdown")
		}
	})
	fake.WaitConnected(t, 1, 10*time.Second)
	fake.WaitFor(t, 10*time.Second, "command registration", func(rs []testsupport.Request) bool {
		return find(rs, "PUT", "/applications/") != nil
	})
	return e
}

// botConfig is config's defaults for the bot, with s.cfg's non-zero
// fields over them; unless s.defaults, without cooldown or daily budget
// (tests ask as one user many times) and with edits every 100 ms.
func botConfig(s setup) bot.Config {
	d := config.Default().Discord
	cfg := bot.Config{Deadline: d.Deadline, EditInterval: d.EditInterval, Cooldown: d.Cooldown, DailyBudget: d.DailyBudget,
		GuildConcurrency: d.GuildConcurrency, Workers: d.Workers, Queue: d.Queue, MaxQuestion: d.MaxQuestion,
		ShutdownGrace: d.ShutdownGrace, Retention: d.Retention}
	if !s.defaults {
		cfg.Cooldown, cfg.DailyBudget, cfg.EditInterval = 0, 0, 100*time.Millisecond
	}
	over, base := reflect.ValueOf(s.cfg), reflect.ValueOf(&cfg).Elem()
	for k := range over.NumField() {
		if !over.Field(k).IsZero() {
			base.Field(k).Set(over.Field(k))
		}
	}
	return cfg
}

func find(rs []testsupport.Request, method, prefix string) *testsupport.Request {
	for i := range rs {
		if rs[i].Method == method && strings.HasPrefix(rs[i].Path, prefix) {
			return &rs[i]
		}
	}
	return nil
}

func findAll(rs []testsupport.Request, method, prefix string) []testsupport.Request {
	var out []testsupport.Request
	for _, r := range rs {
		if r.Method == method && strings.HasPrefix(r.Path, prefix) {
			out = append(out, r)
		}
	}
	return out
}

// message is what the bot sent in a create, edit or interaction response.
type message struct {
	Type int `json:"type"` // interaction responses only
	Data *struct {
		Content string `json:"content"`
		Flags   int    `json:"flags"`
		Choices []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"choices"`
		Embeds          []embed   `json:"embeds"`
		AllowedMentions *mentions `json:"allowed_mentions"`
	} `json:"data"`
	Content         string          `json:"content"`
	Embeds          []embed         `json:"embeds"`
	Components      json.RawMessage `json:"components"`
	AllowedMentions *mentions       `json:"allowed_mentions"`
}

type mentions struct {
	Parse []string `json:"parse"`
	Roles []string `json:"roles"`
}

type embed struct {
	Title       string `json:"title"`
	URL         string `json:"url"`
	Description string `json:"description"`
	Footer      *struct {
		Text string `json:"text"`
	} `json:"footer"`
	Fields []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"fields"`
}

func decode(t testing.TB, r testsupport.Request) message {
	t.Helper()
	var m message
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("%s %s: %v: %s", r.Method, r.Path, err, r.Body)
	}
	return m
}

// finalEdit waits for an edit of the original response of token whose
// content satisfies ok.
func finalEdit(t testing.TB, e *env, token string, ok func(message) bool) message {
	t.Helper()
	var got message
	e.fake.WaitFor(t, 15*time.Second, "the final edit of "+token, func(rs []testsupport.Request) bool {
		for _, r := range findAll(rs, "PATCH", "/webhooks/1000/"+token+"/messages/@original") {
			var m message
			if json.Unmarshal(r.Body, &m) == nil && ok(m) {
				got = m
				return true
			}
		}
		return false
	})
	return got
}

func answered(m message) bool {
	return len(m.Embeds) > 0 || strings.Contains(m.Content, "articles don't")
}

func TestRegistersCommandsAndIntents(t *testing.T) {
	t.Parallel() // its time is mostly discordgo's 1 s sleep in Close; nothing timed, nothing process-wide
	e := start(t, setup{cfg: bot.Config{GuildIDs: []string{guild}}})
	put := find(e.fake.Requests(), "PUT", "/applications/1000/guilds/"+guild+"/commands")
	if put == nil {
		t.Fatal("commands not registered to the configured guild")
	}
	var cmds []struct {
		Name        string  `json:"name"`
		DefaultPerm *string `json:"default_member_permissions"`
	}
	json.Unmarshal(put.Body, &cmds)
	names := map[string]*string{}
	for _, c := range cmds {
		names[c.Name] = c.DefaultPerm
	}
	for _, n := range []string{"ask", "summary", "search", "docs", "help", "reload", "gaps"} {
		if _, ok := names[n]; !ok {
			t.Errorf("command /%s not registered", n)
		}
	}
	if p := names["reload"]; p == nil || *p != permMod {
		t.Errorf("/reload default_member_permissions = %v, want MANAGE_GUILD (32)", p)
	}
	payload, _, _ := e.fake.Identified()
	var id struct {
		Intents int `json:"intents"`
	}
	json.Unmarshal(payload, &id)
	if want := 1 | 512 | 4096; id.Intents != want {
		t.Errorf("intents = %d, want %d (guilds, guild messages, DMs; no privileged message content)", id.Intents, want)
	}
}

func TestAskDefersThenEditsInTheCitedAnswer(t *testing.T) {
	t.Parallel() // its time is mostly discordgo's 1 s sleep in Close; nothing timed, nothing process-wide
	e := start(t, setup{})
	id, token := e.fake.Command(t, guild, member, "ask", map[string]any{"question": troops})
	rs := e.fake.WaitFor(t, 5*time.Second, "the deferral", func(rs []testsupport.Request) bool {
		return find(rs, "POST", "/interactions/"+id+"/"+token+"/callback") != nil
	})
	if ack := decode(t, *find(rs, "POST", "/interactions/"+id)); ack.Type != 5 {
		t.Errorf("first response type %d, want 5 (deferred)", ack.Type)
	}
	m := finalEdit(t, e, token, answered)
	if !strings.Contains(m.Content, "not ground troops [1]") {
		t.Errorf("content = %q", m.Content)
	}
	if len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Title, "[1] Can Security Guarantees Bring Peace to Ukraine?") ||
		!strings.Contains(m.Embeds[0].Description, "not ground troops") || !strings.HasPrefix(m.Embeds[0].Footer.Text, "extractive") {
		t.Errorf("embeds = %+v", m.Embeds)
	}
	for _, want := range []string{"fb:up:", "fb:down:", "psg:"} {
		if !strings.Contains(string(m.Components), want) {
			t.Errorf("components lack %s: %s", want, m.Components)
		}
	}
	checkLimits(t, e.fake.Requests())
}

// checkLimits: every message the bot sent is within Discord's limits and
// carries an empty allowed_mentions.
func checkLimits(t *testing.T, rs []testsupport.Request) {
	t.Helper()
	for _, r := range rs {
		sends := r.Method == "PATCH" && strings.Count(r.Path, "/") > 2 || (r.Method == "POST" && (strings.Contains(r.Path, "/callback") || strings.HasSuffix(r.Path, "/messages") || strings.HasPrefix(r.Path, "/webhooks/")))
		if !sends {
			continue
		}
		m := decode(t, r)
		if m.Type == 8 || m.Type == 5 { // autocomplete result, deferral: no message
			continue
		}
		content, embeds := m.Content, m.Embeds
		if m.Data != nil {
			content, embeds = m.Data.Content, m.Data.Embeds
		}
		am := m.AllowedMentions
		if m.Data != nil {
			am = m.Data.AllowedMentions
		}
		if am == nil || am.Parse == nil || len(am.Parse) != 0 {
			t.Errorf("%s %s: allowed_mentions = %+v, want {parse: []}: %s", r.Method, r.Path, am, r.Body)
		}
		if n := utf8.RuneCountInString(content); n > 2000 {
			t.Errorf("%s %s: content of %d characters", r.Method, r.Path, n)
		}
		total := 0
		for _, em := range embeds {
			total += utf8.RuneCountInString(em.Title) + utf8.RuneCountInString(em.Description)
			if em.Footer != nil {
				total += utf8.RuneCountInString(em.Footer.Text)
			}
			for _, f := range em.Fields {
				total += utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Value)
				if utf8.RuneCountInString(f.Value) > 1024 {
					t.Errorf("field value over 1024")
				}
			}
			if utf8.RuneCountInString(em.Description) > 4096 {
				t.Errorf("embed description over 4096")
			}
		}
		if len(embeds) > 10 || total > 6000 {
			t.Errorf("%s %s: %d embeds, %d characters", r.Method, r.Path, len(embeds), total)
		}
	}
}
