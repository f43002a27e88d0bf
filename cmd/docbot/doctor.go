package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/docbot/docbot/bot"
	"github.com/docbot/docbot/config"
	"github.com/docbot/docbot/corpus"
	"github.com/docbot/docbot/internal/redact"
	"github.com/docbot/docbot/store"
	"github.com/docbot/docbot/web"
)

// fts5Compiled is how doctor learns whether FTS5 is in; tests replace it
// to see a build without the tag.
var fts5Compiled = store.FTS5Compiled

// lowDiskBytes is the free space under which doctor warns.
const lowDiskBytes = 100 << 20

// check is one line of docbot doctor.
type check struct {
	status string // ok, warn or FAIL
	what   string
	msg    string // what was found and, when not ok, what to do
}

// cmdDoctor checks what operators get wrong, one line each, and exits 1
// when something must be fixed.
func cmdDoctor(ctx context.Context, e env, args []string) error {
	f := newFlags(e, "doctor", "")
	cfg, pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("doctor takes no arguments, got %q", pos[0])
	}
	checks := []check{checkBuild(ctx), checkDatabase(ctx, cfg), checkCorpus(cfg)}
	if len(cfg.URLs) > 0 {
		checks = append(checks, checkWeb(cfg))
	}
	checks = append(checks, checkLLM(ctx, cfg), checkDiscord(ctx, cfg), checkHTTP(cfg))
	failed := 0
	for _, c := range checks {
		if c.status == "FAIL" {
			failed++
		}
		fmt.Fprintf(e.stdout, "%-4s  %-9s %s\n", c.status, c.what, termSafe(redact.String(c.msg)))
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d checks failed: fix them as said above", failed, len(checks))
	}
	return nil
}

func checkBuild(ctx context.Context) check {
	if !fts5Compiled(ctx) {
		return check{"FAIL", "build", "SQLite has no FTS5: rebuild with the tag, CGO_ENABLED=1 go install -tags sqlite_fts5 github.com/docbot/docbot/cmd/docbot@latest"}
	}
	v, c := buildVersion()
	return check{"ok", "build", fmt.Sprintf("cgo and SQLite FTS5 in (docbot %s, commit %s)", v, c)}
}

func checkDatabase(ctx context.Context, cfg config.Config) check {
	path := dbPath(cfg)
	what := "database"
	info, err := os.Stat(path)
	if err == nil && info.IsDir() {
		return check{"FAIL", what, fmt.Sprintf("%s is a folder: set --db or DOCBOT_DB to a file in it, e.g. %s", path, filepath.Join(path, "docbot.db"))}
	}
	exists := err == nil
	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); err != nil {
		if cfg.DB != "" {
			return check{"FAIL", what, fmt.Sprintf("the folder %s does not exist: create it, or fix --db or DOCBOT_DB", dir)}
		}
		return check{"ok", what, fmt.Sprintf("%s will be created on the first run", path)}
	}
	probe, err := os.CreateTemp(dir, ".docbot-doctor-*")
	if err != nil {
		if exists {
			return check{"warn", what, fmt.Sprintf("cannot write in %s (%v): %s will be served read-only (no /reload, feedback or budgets)", dir, errors.Unwrap(err), path)}
		}
		return check{"FAIL", what, fmt.Sprintf("cannot create %s: %v: fix the folder's permissions, or set --db or DOCBOT_DB elsewhere", path, errors.Unwrap(err))}
	}
	probe.Close()
	os.Remove(probe.Name())
	free := ""
	if n, ok := freeBytes(dir); ok {
		free = fmt.Sprintf("; %s free", diskSize(n))
		if n < lowDiskBytes {
			return check{"warn", what, fmt.Sprintf("only %s free in %s: indexing and answers need room; free some space", diskSize(n), dir)}
		}
	}
	if !exists {
		return check{"ok", what, fmt.Sprintf("%s will be created on the first run%s", path, free)}
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		return check{"FAIL", what, fmt.Sprintf("%v: restore a backup, or delete it and run docbot index", err)}
	}
	defer db.Close()
	docs, err := db.Docs(ctx)
	if err != nil {
		return check{"FAIL", what, fmt.Sprintf("%s: %v: run docbot index --check", path, err)}
	}
	return check{"ok", what, fmt.Sprintf("%s: %d documents%s", path, len(docs), free)}
}

func checkCorpus(cfg config.Config) check {
	what := "corpus"
	if cfg.Corpus == "" && len(cfg.URLs) > 0 {
		return check{"ok", what, "no folder: only the web sources below"}
	}
	if cfg.Corpus == "" {
		return check{"ok", what, "the embedded default articles (set DOCBOT_CORPUS or --corpus to serve your own)"}
	}
	info, err := os.Stat(cfg.Corpus)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return check{"FAIL", what, fmt.Sprintf("%s does not exist: set DOCBOT_CORPUS or --corpus to the folder of articles (a web page, sitemap or site root there starts with https://)", cfg.Corpus)}
	case err != nil:
		return check{"FAIL", what, fmt.Sprintf("%s: %v: set DOCBOT_CORPUS or --corpus to the folder of articles", cfg.Corpus, errors.Unwrap(err))}
	case !info.IsDir():
		return check{"FAIL", what, fmt.Sprintf("%s is a file: set DOCBOT_CORPUS or --corpus to the folder that holds the articles", cfg.Corpus)}
	}
	articles := 0
	var unreadable error
	filepath.WalkDir(cfg.Corpus, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if unreadable == nil {
				unreadable = err
			}
			return nil
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".txt", ".md", ".html", ".htm":
			if d.Type().IsRegular() {
				articles++
			}
		}
		return nil
	})
	switch {
	case unreadable != nil:
		return check{"FAIL", what, fmt.Sprintf("cannot read %v: let docbot's user read the folder (in Docker, mount it with :ro and check its permissions)", unreadable)}
	case articles == 0:
		return check{"FAIL", what, fmt.Sprintf("%s holds no .txt, .md or .html article", cfg.Corpus)}
	}
	return check{"ok", what, fmt.Sprintf("%s: %d articles to index", cfg.Corpus, articles)}
}

// checkWeb lists the web sources, from DOCBOT_CORPUS and DOCBOT_URLS,
// and how many of their pages the mirror holds. It fetches nothing: index
// does, politely.
func checkWeb(cfg config.Config) check {
	what := "web"
	var srcs []string
	for _, u := range cfg.URLs {
		from := "DOCBOT_URLS"
		if slices.Contains(cfg.CorpusURLs, u) {
			from = "DOCBOT_CORPUS"
		}
		srcs = append(srcs, config.RedactURL(u)+" ("+from+")")
	}
	list := fmt.Sprintf("%d sources: %s", len(srcs), strings.Join(srcs, ", "))
	if len(srcs) == 1 {
		list = "1 source: " + srcs[0]
	}
	m := &web.Mirror{Dir: dbPath(cfg) + ".web"}
	pages, err := m.URLs()
	switch {
	case err != nil:
		return check{"FAIL", what, fmt.Sprintf("%s; the mirror %s is unreadable: delete it and run docbot index to fetch the pages again", list, m.Dir)}
	case len(pages) == 0:
		return check{"ok", what, list + "; not fetched yet: docbot index fetches them"}
	}
	return check{"ok", what, fmt.Sprintf("%s; %d pages mirrored in %s (docbot index and /reload fetch them again)", list, len(pages), m.Dir)}
}

func checkLLM(ctx context.Context, cfg config.Config) check {
	what := "llm"
	if !cfg.LLM.Enabled() {
		return check{"ok", what, "none configured: answers are extractive (set OPENAI_BASE_URL or OPENAI_API_KEY for a model)"}
	}
	base := strings.TrimRight(cfg.LLM.BaseURL, "/")
	if base == "" {
		base = "https://api.openai.com/v1"
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/models", nil)
	if err != nil {
		return check{"FAIL", what, fmt.Sprintf("OPENAI_BASE_URL %s: %v", base, err)}
	}
	if cfg.LLM.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+cfg.LLM.APIKey)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return check{"FAIL", what, fmt.Sprintf("cannot reach %s: start the server, or fix OPENAI_BASE_URL", config.RedactURL(base))}
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return check{"FAIL", what, fmt.Sprintf("%s rejected the API key: check OPENAI_API_KEY", config.RedactURL(base))}
	case resp.StatusCode != http.StatusOK:
		return check{"warn", what, fmt.Sprintf("%s does not list its models (%s): cannot check DOCBOT_MODEL=%s", config.RedactURL(base), resp.Status, cfg.LLM.Model)}
	}
	var list struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 4<<20)).Decode(&list); err != nil {
		return check{"warn", what, fmt.Sprintf("%s/models is not a model list: cannot check DOCBOT_MODEL=%s", config.RedactURL(base), cfg.LLM.Model)}
	}
	var ids []string
	for _, m := range list.Data {
		if m.ID == cfg.LLM.Model || m.ID == cfg.LLM.Model+":latest" { // Ollama tags
			return check{"ok", what, fmt.Sprintf("%s serves %s", config.RedactURL(base), cfg.LLM.Model)}
		}
		ids = append(ids, m.ID)
	}
	slices.Sort(ids)
	has := "none"
	if len(ids) > 0 {
		has = strings.Join(ids[:min(len(ids), 8)], ", ")
	}
	return check{"FAIL", what, fmt.Sprintf("%s has no model %q (it has: %s): set DOCBOT_MODEL, or with Ollama run ollama pull %s", config.RedactURL(base), cfg.LLM.Model, has, cfg.LLM.Model)}
}

func checkDiscord(ctx context.Context, cfg config.Config) check {
	what := "discord"
	if cfg.Discord.Token == "" && cfg.Discord.TokenFile == "" {
		return check{"ok", what, "no token: only serve needs one (DISCORD_TOKEN or DISCORD_TOKEN_FILE)"}
	}
	token, err := discordToken(cfg)
	if err != nil {
		return check{"FAIL", what, err.Error()}
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	tc, err := bot.CheckToken(ctx, cfg.Discord.URL, token)
	switch {
	case errors.Is(err, bot.ErrBadToken):
		return check{"FAIL", what, err.Error()}
	case err != nil:
		return check{"FAIL", what, fmt.Sprintf("%v: check the network, or DOCBOT_DISCORD_URL", err)}
	case cfg.Discord.MessageContent && !tc.MessageContent:
		return check{"FAIL", what, "DOCBOT_MESSAGE_CONTENT is on but the application lacks the Message Content intent: enable it (Developer Portal → Bot → Privileged Gateway Intents), or unset DOCBOT_MESSAGE_CONTENT"}
	}
	if n := contentChannels(ctx, cfg); n > 0 && !tc.MessageContent {
		return check{"warn", what, fmt.Sprintf("%d channel(s) set with /settings need the Message Content intent, which the application lacks: "+
			"enable it (Developer Portal → Bot → Privileged Gateway Intents); until then docbot answers there only when mentioned", n)}
	}
	intent := "Message Content intent off (mentions and DMs still work)"
	if cfg.Discord.MessageContent {
		intent = "Message Content intent enabled"
	}
	return check{"ok", what, fmt.Sprintf("token valid (bot %s); %s", tc.Username, intent)}
}

func checkHTTP(cfg config.Config) check {
	what := "http"
	if cfg.HTTPAddr == "" {
		return check{"ok", what, "off: set DOCBOT_HTTP_ADDR (e.g. 127.0.0.1:9090) for /healthz, /readyz and /metrics"}
	}
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return check{"FAIL", what, fmt.Sprintf("cannot listen on %s (%v): stop what holds the port (a running docbot?), or set another DOCBOT_HTTP_ADDR", cfg.HTTPAddr, errors.Unwrap(err))}
	}
	ln.Close()
	return check{"ok", what, fmt.Sprintf("%s is free for /healthz, /readyz and /metrics", cfg.HTTPAddr)}
}

func diskSize(n uint64) string {
	if n >= 1<<30 {
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	}
	return corpus.HumanBytes(int64(n))
}

// contentChannels counts the channels moderators set (/settings) whose
// messages docbot must read; 0 when the database does not exist yet or
// cannot be read (checkDatabase reports that).
func contentChannels(ctx context.Context, cfg config.Config) int {
	path := dbPath(cfg)
	if _, err := os.Stat(path); err != nil {
		return 0
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		return 0
	}
	defer db.Close()
	cs, err := db.ContentChannels(ctx)
	if err != nil {
		return 0
	}
	return len(cs)
}
