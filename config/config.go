// Package config defines every docbot setting in one table (name,
// environment variable, flag, default, description) and loads them with
// the precedence defaults < settings file < environment < flags.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
)

// Config is docbot's effective configuration.
type Config struct {
	Corpus string // folder to index; "" means the embedded default corpus (unless there are URLs)
	// URLs are the web pages, sitemaps and site roots to index besides (or
	// instead of) the folder: DOCBOT_URLS's, then the web addresses listed
	// in DOCBOT_CORPUS (CorpusURLs), without repeats.
	URLs []string
	// CorpusURLs are the web addresses DOCBOT_CORPUS listed next to (or
	// instead of) its folder; Load adds them to URLs.
	CorpusURLs   []string
	DB           string // SQLite database path; "" means a file in the user cache directory
	MaxFileBytes int64

	LLM     LLM
	Discord Discord

	HTTPAddr string // health and metrics; "" means off
	// GatewayGrace is how long the Discord gateway may stay down before
	// /healthz fails (and Docker's health check with it).
	GatewayGrace time.Duration
	// Resync is how often serve re-syncs the folder and the web sources
	// on its own; 0 means never (only /reload).
	Resync    time.Duration
	LogFormat string // "text", "json" or "" (text on a terminal, else JSON)
	LogLevel  string

	// Sources names where each setting's value came from: "default",
	// "file", "env" or "flag"; Values holds the text it was given as.
	Sources map[string]string
	Values  map[string]string
}

// Discord configures docbot serve.
type Discord struct {
	Token            string // secret: never printed or logged
	TokenFile        string
	URL              string
	GuildIDs         []string
	ShardID          int
	ShardCount       int
	ModeratorRoles   []string
	MessageContent   bool
	Deadline         time.Duration
	Cooldown         time.Duration
	DailyBudget      int
	GuildConcurrency int
	Workers          int
	Queue            int
	MaxQuestion      int
	EditInterval     time.Duration // between edits of a message being written
	ShutdownGrace    time.Duration // for answers in progress at shutdown
	Retention        time.Duration // of idle conversations (threads, DMs)
}

// LLM configures an OpenAI-compatible chat completion server.
type LLM struct {
	APIKey        string // secret: never printed or logged
	BaseURL       string
	Model         string
	Temperature   float64
	MaxTokens     int
	Timeout       time.Duration
	ContextTokens int // budget for the passages in a prompt
	Concurrency   int // requests in flight to the model at once
}

// Enabled reports whether an LLM is configured: a key (OpenAI) or a base URL
// (a local server, which may need no key).
func (l LLM) Enabled() bool { return l.APIKey != "" || l.BaseURL != "" }

// Setting is one configurable value.
type Setting struct {
	Name    string // stable key, also the flag name when Flag is true
	Env     string
	Group   string // index, llm, discord or server: the commands that use it, and its [section] in the settings file
	Flag    bool   // settable with --Name
	Default string
	Help    string
	Secret  bool
	set     func(c *Config, v string) error
}

// Settings lists every setting. The README's configuration table is checked
// against it by a test.
var Settings = []Setting{
	{Name: "corpus", Env: "DOCBOT_CORPUS", Group: "index", Flag: true, Default: "", Help: "what to index, comma-separated: one folder of .txt/.md/.html/.pdf articles (read recursively) and any http(s) pages, sitemaps (.xml) and site roots (ending in /), fetched as with --urls (default: the embedded corpus)",
		set: func(c *Config, v string) error { return parseCorpus(v, c) }},
	{Name: "urls", Env: "DOCBOT_URLS", Group: "index", Flag: true, Default: "", Help: "comma-separated web pages, sitemaps (.xml) and site roots (ending in /) to index, politely (robots.txt, one request at a time); with --corpus both are indexed",
		set: func(c *Config, v string) error { return parseURLs(v, &c.URLs) }},
	{Name: "db", Env: "DOCBOT_DB", Group: "index", Flag: true, Default: "", Help: "SQLite database file (default: docbot.db in the user cache directory)",
		set: func(c *Config, v string) error { c.DB = v; return nil }},
	{Name: "max-file-bytes", Env: "DOCBOT_MAX_FILE_BYTES", Group: "index", Flag: true, Default: "20971520", Help: "skip corpus files larger than this many bytes",
		set: func(c *Config, v string) error { return parsePositive(v, &c.MaxFileBytes) }},
	{Name: "openai-api-key", Env: "OPENAI_API_KEY", Group: "llm", Secret: true, Help: "API key of the OpenAI-compatible server (environment only)",
		set: func(c *Config, v string) error { c.LLM.APIKey = v; return nil }},
	{Name: "openai-base-url", Env: "OPENAI_BASE_URL", Group: "llm", Flag: true, Default: "", Help: "base URL of an OpenAI-compatible API, e.g. http://localhost:11434/v1 for Ollama",
		set: func(c *Config, v string) error { c.LLM.BaseURL = v; return nil }},
	{Name: "model", Env: "DOCBOT_MODEL", Group: "llm", Flag: true, Default: "gpt-4o-mini", Help: "chat model name",
		set: func(c *Config, v string) error { c.LLM.Model = v; return nil }},
	{Name: "temperature", Env: "DOCBOT_TEMPERATURE", Group: "llm", Flag: true, Default: "0", Help: "sampling temperature, 0 to 2",
		set: func(c *Config, v string) error {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 0 || f > 2 {
				return fmt.Errorf("%q is not a number from 0 to 2", v)
			}
			c.LLM.Temperature = f
			return nil
		}},
	{Name: "max-tokens", Env: "DOCBOT_MAX_TOKENS", Group: "llm", Flag: true, Default: "600", Help: "maximum tokens in an answer",
		set: func(c *Config, v string) error { return parsePositiveInt(v, &c.LLM.MaxTokens) }},
	{Name: "llm-timeout", Env: "DOCBOT_LLM_TIMEOUT", Group: "llm", Flag: true, Default: "30s", Help: "time limit of one answer from the LLM, retries included",
		set: func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return fmt.Errorf("%q is not a positive duration such as 30s", v)
			}
			c.LLM.Timeout = d
			return nil
		}},
	{Name: "context-tokens", Env: "DOCBOT_CONTEXT_TOKENS", Group: "llm", Flag: true, Default: "3000", Help: "token budget for the passages sent to the LLM",
		set: func(c *Config, v string) error { return parsePositiveInt(v, &c.LLM.ContextTokens) }},
	{Name: "llm-concurrency", Env: "DOCBOT_LLM_CONCURRENCY", Group: "llm", Flag: true, Default: "4", Help: "requests in flight to the LLM at once (a local server's parallel slots); the rest queue",
		set: func(c *Config, v string) error { return parsePositiveInt(v, &c.LLM.Concurrency) }},
}

func init() {
	Settings = append(Settings, discordSettings...)
	Settings = append(Settings, opsSettings...)
}

var opsSettings = []Setting{
	{Name: "http-addr", Env: "DOCBOT_HTTP_ADDR", Group: "server", Flag: true, Help: "serve /healthz, /readyz and /metrics here, e.g. 127.0.0.1:9090 (default off)",
		set: func(c *Config, v string) error { c.HTTPAddr = v; return nil }},
	{Name: "gateway-grace", Env: "DOCBOT_GATEWAY_GRACE", Group: "server", Flag: true, Default: "5m", Help: "/healthz fails once the Discord gateway has been down this long, so the container is marked unhealthy",
		set: func(c *Config, v string) error { return parseDuration(v, &c.GatewayGrace) }},
	{Name: "resync", Env: "DOCBOT_RESYNC", Group: "server", Flag: true, Default: "0", Help: "re-sync the corpus folder and the web sources (DOCBOT_CORPUS's and DOCBOT_URLS) this often while serving, e.g. 6h, reported like /reload (0: only on /reload)",
		set: func(c *Config, v string) error {
			if v == "0" {
				c.Resync = 0
				return nil
			}
			return parseDuration(v, &c.Resync)
		}},
	{Name: "log-format", Env: "DOCBOT_LOG_FORMAT", Group: "server", Flag: true, Help: "text or json (default: text on a terminal, JSON otherwise)",
		set: func(c *Config, v string) error {
			if v != "text" && v != "json" {
				return fmt.Errorf("%q is not text or json", v)
			}
			c.LogFormat = v
			return nil
		}},
	{Name: "log-level", Env: "DOCBOT_LOG_LEVEL", Group: "server", Flag: true, Default: "info", Help: "debug, info, warn or error",
		set: func(c *Config, v string) error {
			switch v {
			case "debug", "info", "warn", "error":
				c.LogLevel = v
				return nil
			}
			return fmt.Errorf("%q is not debug, info, warn or error", v)
		}},
	{Name: "config", Env: "DOCBOT_CONFIG", Flag: true, Help: "settings file in TOML (keys as the flag names, optionally in [index], [llm], [discord] or [server]); below the environment and flags",
		set: func(c *Config, v string) error { return nil }},
}

var discordSettings = []Setting{
	{Name: "discord-token", Env: "DISCORD_TOKEN", Group: "discord", Secret: true, Help: "Discord bot token (environment only)",
		set: func(c *Config, v string) error { c.Discord.Token = v; return nil }},
	{Name: "discord-token-file", Env: "DISCORD_TOKEN_FILE", Group: "discord", Flag: true, Help: "file holding the Discord bot token (e.g. a Docker secret)",
		set: func(c *Config, v string) error { c.Discord.TokenFile = v; return nil }},
	{Name: "discord-url", Env: "DOCBOT_DISCORD_URL", Group: "discord", Flag: true, Default: "https://discord.com", Help: "origin of Discord's REST API and gateway",
		set: func(c *Config, v string) error {
			if !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "https://") {
				return fmt.Errorf("%q is not an http(s) URL", v)
			}
			c.Discord.URL = strings.TrimRight(v, "/")
			return nil
		}},
	{Name: "guild-ids", Env: "DOCBOT_GUILD_IDS", Group: "discord", Flag: true, Help: "comma-separated guild ids to register commands in instantly (default: global)",
		set: func(c *Config, v string) error { c.Discord.GuildIDs = splitList(v); return nil }},
	{Name: "shard-id", Env: "DOCBOT_SHARD_ID", Group: "discord", Flag: true, Default: "0", Help: "this process's shard, from 0",
		set: func(c *Config, v string) error { return parseNonNegative(v, &c.Discord.ShardID) }},
	{Name: "shard-count", Env: "DOCBOT_SHARD_COUNT", Group: "discord", Flag: true, Default: "1", Help: "number of shards",
		set: func(c *Config, v string) error { return parsePositiveInt(v, &c.Discord.ShardCount) }},
	{Name: "moderator-role-ids", Env: "DOCBOT_MODERATOR_ROLE_IDS", Group: "discord", Flag: true, Help: "comma-separated role ids allowed to /reload and /gaps besides Manage Server",
		set: func(c *Config, v string) error { c.Discord.ModeratorRoles = splitList(v); return nil }},
	{Name: "message-content", Env: "DOCBOT_MESSAGE_CONTENT", Group: "discord", Flag: true, Default: "false", Help: "request the privileged MESSAGE_CONTENT intent (enable it in the Developer Portal first); requested anyway while a channel set with /settings needs it",
		set: func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("%q is not true or false", v)
			}
			c.Discord.MessageContent = b
			return nil
		}},
	{Name: "answer-deadline", Env: "DOCBOT_ANSWER_DEADLINE", Group: "discord", Flag: true, Default: "2m", Help: "longest time one Discord answer may take",
		set: func(c *Config, v string) error { return parseDuration(v, &c.Discord.Deadline) }},
	{Name: "cooldown", Env: "DOCBOT_COOLDOWN", Group: "discord", Flag: true, Default: "5s", Help: "minimum time between one user's questions",
		set: func(c *Config, v string) error {
			if v == "0" {
				c.Discord.Cooldown = 0
				return nil
			}
			return parseDuration(v, &c.Discord.Cooldown)
		}},
	{Name: "daily-budget", Env: "DOCBOT_DAILY_BUDGET", Group: "discord", Flag: true, Default: "100", Help: "questions per user per day (0: unlimited)",
		set: func(c *Config, v string) error { return parseNonNegative(v, &c.Discord.DailyBudget) }},
	{Name: "guild-concurrency", Env: "DOCBOT_GUILD_CONCURRENCY", Group: "discord", Flag: true, Default: "4", Help: "answers in progress at once per guild",
		set: func(c *Config, v string) error { return parsePositiveInt(v, &c.Discord.GuildConcurrency) }},
	{Name: "workers", Env: "DOCBOT_WORKERS", Group: "discord", Flag: true, Default: "4", Help: "answers in progress at once in all servers",
		set: func(c *Config, v string) error { return parsePositiveInt(v, &c.Discord.Workers) }},
	{Name: "queue", Env: "DOCBOT_QUEUE", Group: "discord", Flag: true, Default: "64", Help: "questions waiting for a worker before users are told to retry (one server may fill three quarters)",
		set: func(c *Config, v string) error { return parsePositiveInt(v, &c.Discord.Queue) }},
	{Name: "max-question", Env: "DOCBOT_MAX_QUESTION", Group: "discord", Flag: true, Default: "500", Help: "longest question, in characters",
		set: func(c *Config, v string) error { return parsePositiveInt(v, &c.Discord.MaxQuestion) }},
	{Name: "edit-interval", Env: "DOCBOT_EDIT_INTERVAL", Group: "discord", Flag: true, Default: "1s", Help: "shortest time between two edits of a message being written (queue place, streamed answer)",
		set: func(c *Config, v string) error { return parseDuration(v, &c.Discord.EditInterval) }},
	{Name: "shutdown-grace", Env: "DOCBOT_SHUTDOWN_GRACE", Group: "discord", Flag: true, Default: "20s", Help: "how long answers in progress may finish at shutdown before they are cut short",
		set: func(c *Config, v string) error { return parseDuration(v, &c.Discord.ShutdownGrace) }},
	{Name: "conversation-retention", Env: "DOCBOT_CONVERSATION_RETENTION", Group: "discord", Flag: true, Default: "168h", Help: "how long an idle thread or DM conversation is kept for follow-ups",
		set: func(c *Config, v string) error { return parseDuration(v, &c.Discord.Retention) }},
}

func splitList(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' })
}

func parseDuration(v string, dst *time.Duration) error {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return fmt.Errorf("%q is not a positive duration such as 30s", v)
	}
	*dst = d
	return nil
}

func parseNonNegative(v string, dst *int) error {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return fmt.Errorf("%q is not a whole number ≥ 0", v)
	}
	*dst = n
	return nil
}

// Validate checks settings against each other.
func (c Config) Validate() error {
	if c.Discord.ShardID >= c.Discord.ShardCount {
		return fmt.Errorf("DOCBOT_SHARD_ID=%d must be less than DOCBOT_SHARD_COUNT=%d", c.Discord.ShardID, c.Discord.ShardCount)
	}
	return nil
}

func parseURLs(v string, dst *[]string) error {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%q is not an http or https URL", s)
		}
		out = append(out, s)
	}
	*dst = out
	return nil
}

// parseCorpus splits DOCBOT_CORPUS: entries with "://" are web sources
// (http or https only), the rest is the folder, at most one. A value that
// names an existing folder as a whole is that folder, commas and all. The
// folder's existence is checked where it is opened, so that docbot config
// and doctor still run to report it.
func parseCorpus(v string, c *Config) error {
	v = strings.TrimSpace(v)
	if info, err := os.Stat(v); v != "" && err == nil && info.IsDir() {
		c.Corpus, c.CorpusURLs = v, nil
		return nil
	}
	var folders, urls []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if !strings.Contains(s, "://") {
			folders = append(folders, s)
			continue
		}
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%q is neither a folder nor an http(s) address: list a folder, and web pages, sitemaps or site roots as https://…", s)
		}
		if !slices.Contains(urls, s) {
			urls = append(urls, s)
		}
	}
	if len(folders) > 1 {
		return fmt.Errorf("%q lists %d folders (%s): docbot indexes one folder; put them under one parent folder and list that, or list the others' web addresses", v, len(folders), strings.Join(folders, ", "))
	}
	c.Corpus, c.CorpusURLs = "", urls
	if len(folders) == 1 {
		c.Corpus = folders[0]
	}
	return nil
}

// mergeURLs is urls followed by those of more it lacks.
func mergeURLs(urls, more []string) []string {
	out := slices.Clone(urls)
	for _, u := range more {
		if !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

func parsePositive(v string, dst *int64) error {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return fmt.Errorf("%q is not a positive whole number", v)
	}
	*dst = n
	return nil
}

func parsePositiveInt(v string, dst *int) error {
	var n int64
	if err := parsePositive(v, &n); err != nil {
		return err
	}
	*dst = int(n)
	return nil
}

// Default returns the configuration with every default applied.
func Default() Config {
	c := Config{Sources: map[string]string{}, Values: map[string]string{}}
	for _, s := range Settings {
		c.Sources[s.Name], c.Values[s.Name] = "default", s.Default
		if s.Default != "" {
			if err := s.set(&c, s.Default); err != nil {
				panic(fmt.Sprintf("config: bad default for %s: %v", s.Name, err))
			}
		}
	}
	return c
}

// Groups are the kinds of settings, in the order help lists them. A
// command registers flags only for the groups it uses; the environment and
// the settings file may set any setting.
var Groups = []string{"index", "llm", "discord", "server"}

// Load builds the configuration for a command that uses the given groups
// of settings (all of them when none are given): defaults, then the
// settings file (from --config or DOCBOT_CONFIG), then the environment,
// then the flags in args. Flags are registered on fs, which may hold the
// command's own flags, and may come before or after the positional
// arguments, which Load returns.
//
// Flags are parsed first, so that -h works whatever the file and the
// environment hold, and a flag's value is checked as it is parsed, so that
// the error names the flag.
func Load(fs *flag.FlagSet, args []string, getenv func(string) string, groups ...string) (Config, []string, error) {
	type flagValue struct {
		s Setting
		v string
	}
	var fromFlags []flagValue
	configFlag := ""
	for _, s := range Settings {
		if !s.Flag || !uses(groups, s) {
			continue
		}
		s := s
		fs.Func(s.Name, s.Help+" (env "+s.Env+defaultNote(s)+")", func(v string) error {
			if s.Name == "config" {
				configFlag = v
				return nil
			}
			var scratch Config
			if err := s.set(&scratch, v); err != nil {
				return err
			}
			fromFlags = append(fromFlags, flagValue{s, v})
			return nil
		})
	}
	positional, err := parseInterleaved(fs, args)
	if err != nil {
		return Default(), nil, err
	}

	c := Default()
	path := configFlag
	if path == "" {
		path = getenv("DOCBOT_CONFIG")
	}
	if path != "" {
		if err := c.loadFile(path); err != nil {
			return c, nil, err
		}
		c.Sources["config"], c.Values["config"] = "env", path
		if configFlag != "" {
			c.Sources["config"] = "flag"
		}
	}
	for _, s := range Settings {
		if s.Name == "config" {
			continue
		}
		if v := strings.TrimSpace(getenv(s.Env)); v != "" {
			if err := s.set(&c, v); err != nil {
				return c, nil, fmt.Errorf("%s: %w", s.Env, err)
			}
			c.Sources[s.Name], c.Values[s.Name] = "env", v
		}
	}
	for _, f := range fromFlags {
		if err := f.s.set(&c, f.v); err != nil { // checked when parsed
			return c, nil, fmt.Errorf("--%s: %w", f.s.Name, err)
		}
		c.Sources[f.s.Name], c.Values[f.s.Name] = "flag", f.v
	}
	c.URLs = mergeURLs(c.URLs, c.CorpusURLs)
	return c, positional, c.Validate()
}

// uses reports whether a command using groups (all when empty) takes s as
// a flag; the settings file's own flag is always there.
func uses(groups []string, s Setting) bool {
	if len(groups) == 0 || s.Name == "config" {
		return true
	}
	for _, g := range groups {
		if g == s.Group || g == s.Name {
			return true
		}
	}
	return false
}

// parseInterleaved parses flags that may come before, between or after
// the positional arguments (docbot ask "question" --json), and returns the
// positional ones. After "--" everything is positional.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(positional, rest...), nil
		}
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// loadFile reads a TOML settings file. Keys are the settings' names
// (model = "llama3.1", max-tokens = 600; max_tokens is the same key), at
// the top or in the section of their group ([llm] model = …). Unknown keys
// and secrets (which belong in the environment) are errors.
func (c *Config) loadFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("settings file: %w", err)
	}
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, _ := de.Position()
			return fmt.Errorf("%s line %d: %v: write key = value, e.g. model = \"llama3.1\"", path, line, de)
		}
		return fmt.Errorf("%s: %w", path, err)
	}
	byName := map[string]Setting{}
	for _, s := range Settings {
		byName[s.Name] = s
		byName[strings.ReplaceAll(s.Name, "-", "_")] = s
	}
	lines := strings.Split(string(data), "\n")
	at := func(key string) string { // where a key is, for the message
		for n, l := range lines {
			if k, _, ok := strings.Cut(l, "="); ok && strings.Trim(strings.TrimSpace(k), `"'`) == key {
				return fmt.Sprintf("%s line %d", path, n+1)
			}
		}
		return path
	}
	set := func(section, key string, raw any) error {
		s, known := byName[key]
		switch {
		case !known:
			return fmt.Errorf("%s: unknown setting %q: keys are the flag names, listed by docbot config", at(key), key)
		case s.Secret:
			return fmt.Errorf("%s: %s is a secret: set it in the environment (%s), not in a file", at(key), key, s.Env)
		case s.Name == "config":
			return fmt.Errorf("%s: a settings file cannot name another one", at(key))
		case section != "" && s.Group != section:
			return fmt.Errorf("%s: %s belongs in [%s], not [%s]", at(key), key, s.Group, section)
		}
		v, err := tomlString(raw)
		if err != nil {
			return fmt.Errorf("%s: %s: %w", at(key), key, err)
		}
		if err := s.set(c, v); err != nil {
			return fmt.Errorf("%s: %s: %w", at(key), key, err)
		}
		c.Sources[s.Name], c.Values[s.Name] = "file", v
		return nil
	}
	for _, k := range sortedKeys(doc) {
		table, ok := doc[k].(map[string]any)
		if !ok {
			if err := set("", k, doc[k]); err != nil {
				return err
			}
			continue
		}
		if !slices.Contains(Groups, k) {
			return fmt.Errorf("%s: unknown section [%s]: use [%s], or none", path, k, strings.Join(Groups, "], ["))
		}
		for _, key := range sortedKeys(table) {
			if _, nested := table[key].(map[string]any); nested {
				return fmt.Errorf("%s: [%s.%s]: sections do not nest", path, k, key)
			}
			if err := set(k, key, table[key]); err != nil {
				return err
			}
		}
	}
	return nil
}

// tomlString turns a TOML value into the text a setting parses, as if it
// came from the environment: lists (guild-ids = ["1", "2"]) are joined
// with commas.
func tomlString(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case bool:
		return strconv.FormatBool(v), nil
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			s, err := tomlString(e)
			if err != nil {
				return "", err
			}
			parts[i] = s
		}
		return strings.Join(parts, ","), nil
	}
	return "", fmt.Errorf("%v is not a string, number, boolean or list", v)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Entry is one line of docbot config.
type Entry struct {
	Key    string // the flag name, and the key in the settings file
	Env    string
	Value  string // secrets and URL passwords redacted
	Source string // default, file, env or flag
}

// Effective lists every setting's effective value and source, secrets
// redacted, for docbot config.
func (c Config) Effective() []Entry {
	var out []Entry
	for _, s := range Settings {
		v := c.Values[s.Name]
		if s.Secret && v != "" {
			v = "[redacted]"
		}
		key := s.Name
		if s.Secret {
			key = "" // environment only: no flag, no file key
		}
		out = append(out, Entry{Key: key, Env: s.Env, Value: RedactURL(v), Source: c.Sources[s.Name]})
	}
	return out
}

// RedactURL hides the password (or a bare token) in a URL's user
// information, as in http://user:password@host/v1; other text is returned
// as it is.
func RedactURL(v string) string {
	if !strings.Contains(v, "@") || !strings.Contains(v, "://") {
		return v
	}
	u, err := url.Parse(v)
	if err != nil || u.User == nil {
		return v
	}
	if _, ok := u.User.Password(); !ok {
		u.User = url.User("xxxxx")
		return u.String()
	}
	return u.Redacted()
}

func defaultNote(s Setting) string {
	if s.Default == "" {
		return ""
	}
	return ", default " + s.Default
}

// MarkdownTable renders the settings as the README's configuration table.
func MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| environment | flag | default | description |\n|---|---|---|---|\n")
	for _, s := range Settings {
		flagName := ""
		if s.Flag {
			flagName = "`--" + s.Name + "`"
		}
		def := s.Default
		if def != "" {
			def = "`" + def + "`"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", s.Env, flagName, def, s.Help)
	}
	return b.String()
}
