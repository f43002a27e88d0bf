// Package config defines every docbot setting in one table (name,
// environment variable, flag, default, description) and loads them with
// the precedence defaults < environment < flags.
package config

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is docbot's effective configuration.
type Config struct {
	Corpus       string   // folder to index; "" means the embedded default corpus
	URLs         []string // web pages, sitemaps and site roots to index besides (or instead of) the folder
	DB           string   // SQLite database path; "" means a file in the user cache directory
	MaxFileBytes int64

	LLM     LLM
	Discord Discord

	HTTPAddr  string // health and metrics; "" means off
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
	Flag    bool // settable with --Name
	Default string
	Help    string
	Secret  bool
	set     func(c *Config, v string) error
}

// Settings lists every setting. The README's configuration table is checked
// against it by a test.
var Settings = []Setting{
	{Name: "corpus", Env: "DOCBOT_CORPUS", Flag: true, Default: "", Help: "folder of .txt/.md/.html articles to index, recursively (default: the embedded corpus)",
		set: func(c *Config, v string) error { c.Corpus = v; return nil }},
	{Name: "urls", Env: "DOCBOT_URLS", Flag: true, Default: "", Help: "comma-separated web pages, sitemaps (.xml) and site roots (ending in /) to index, politely (robots.txt, one request at a time); with --corpus both are indexed",
		set: func(c *Config, v string) error { return parseURLs(v, &c.URLs) }},
	{Name: "db", Env: "DOCBOT_DB", Flag: true, Default: "", Help: "SQLite database file (default: docbot.db in the user cache directory)",
		set: func(c *Config, v string) error { c.DB = v; return nil }},
	{Name: "max-file-bytes", Env: "DOCBOT_MAX_FILE_BYTES", Flag: true, Default: "20971520", Help: "skip corpus files larger than this many bytes",
		set: func(c *Config, v string) error { return parsePositive(v, &c.MaxFileBytes) }},
	{Name: "openai-api-key", Env: "OPENAI_API_KEY", Secret: true, Help: "API key of the OpenAI-compatible server (environment only)",
		set: func(c *Config, v string) error { c.LLM.APIKey = v; return nil }},
	{Name: "openai-base-url", Env: "OPENAI_BASE_URL", Flag: true, Default: "", Help: "base URL of an OpenAI-compatible API, e.g. http://localhost:11434/v1 for Ollama",
		set: func(c *Config, v string) error { c.LLM.BaseURL = v; return nil }},
	{Name: "model", Env: "DOCBOT_MODEL", Flag: true, Default: "gpt-4o-mini", Help: "chat model name",
		set: func(c *Config, v string) error { c.LLM.Model = v; return nil }},
	{Name: "temperature", Env: "DOCBOT_TEMPERATURE", Flag: true, Default: "0", Help: "sampling temperature, 0 to 2",
		set: func(c *Config, v string) error {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 0 || f > 2 {
				return fmt.Errorf("%q is not a number from 0 to 2", v)
			}
			c.LLM.Temperature = f
			return nil
		}},
	{Name: "max-tokens", Env: "DOCBOT_MAX_TOKENS", Flag: true, Default: "600", Help: "maximum tokens in an answer",
		set: func(c *Config, v string) error { return parsePositiveInt(v, &c.LLM.MaxTokens) }},
	{Name: "llm-timeout", Env: "DOCBOT_LLM_TIMEOUT", Flag: true, Default: "30s", Help: "time limit of one answer from the LLM, retries included",
		set: func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return fmt.Errorf("%q is not a positive duration such as 30s", v)
			}
			c.LLM.Timeout = d
			return nil
		}},
	{Name: "context-tokens", Env: "DOCBOT_CONTEXT_TOKENS", Flag: true, Default: "3000", Help: "token budget for the passages sent to the LLM",
		set: func(c *Config, v string) error { return parsePositiveInt(v, &c.LLM.ContextTokens) }},
	{Name: "llm-concurrency", Env: "DOCBOT_LLM_CONCURRENCY", Flag: true, Default: "4", Help: "requests in flight to the LLM at once (a local server's parallel slots); the rest queue",
		set: func(c *Config, v string) error { return parsePositiveInt(v, &c.LLM.Concurrency) }},
}

func init() {
	Settings = append(Settings, discordSettings...)
	Settings = append(Settings, opsSettings...)
}

var opsSettings = []Setting{
	{Name: "http-addr", Env: "DOCBOT_HTTP_ADDR", Flag: true, Help: "serve /healthz, /readyz and /metrics here, e.g. 127.0.0.1:9090 (default off)",
		set: func(c *Config, v string) error { c.HTTPAddr = v; return nil }},
	{Name: "log-format", Env: "DOCBOT_LOG_FORMAT", Flag: true, Help: "text or json (default: text on a terminal, JSON otherwise)",
		set: func(c *Config, v string) error {
			if v != "text" && v != "json" {
				return fmt.Errorf("%q is not text or json", v)
			}
			c.LogFormat = v
			return nil
		}},
	{Name: "log-level", Env: "DOCBOT_LOG_LEVEL", Flag: true, Default: "info", Help: "debug, info, warn or error",
		set: func(c *Config, v string) error {
			switch v {
			case "debug", "info", "warn", "error":
				c.LogLevel = v
				return nil
			}
			return fmt.Errorf("%q is not debug, info, warn or error", v)
		}},
	{Name: "config", Env: "DOCBOT_CONFIG", Flag: true, Help: "settings file (key = value lines, keys as the flag names); below the environment and flags",
		set: func(c *Config, v string) error { return nil }},
}

var discordSettings = []Setting{
	{Name: "discord-token", Env: "DISCORD_TOKEN", Secret: true, Help: "Discord bot token (environment only)",
		set: func(c *Config, v string) error { c.Discord.Token = v; return nil }},
	{Name: "discord-token-file", Env: "DISCORD_TOKEN_FILE", Flag: true, Help: "file holding the Discord bot token (e.g. a Docker secret)",
		set: func(c *Config, v string) error { c.Discord.TokenFile = v; return nil }},
	{Name: "discord-url", Env: "DOCBOT_DISCORD_URL", Flag: true, Default: "https://discord.com", Help: "origin of Discord's REST API and gateway",
		set: func(c *Config, v string) error {
			if !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "https://") {
				return fmt.Errorf("%q is not an http(s) URL", v)
			}
			c.Discord.URL = strings.TrimRight(v, "/")
			return nil
		}},
	{Name: "guild-ids", Env: "DOCBOT_GUILD_IDS", Flag: true, Help: "comma-separated guild ids to register commands in instantly (default: global)",
		set: func(c *Config, v string) error { c.Discord.GuildIDs = splitList(v); return nil }},
	{Name: "shard-id", Env: "DOCBOT_SHARD_ID", Flag: true, Default: "0", Help: "this process's shard, from 0",
		set: func(c *Config, v string) error { return parseNonNegative(v, &c.Discord.ShardID) }},
	{Name: "shard-count", Env: "DOCBOT_SHARD_COUNT", Flag: true, Default: "1", Help: "number of shards",
		set: func(c *Config, v string) error { return parsePositiveInt(v, &c.Discord.ShardCount) }},
	{Name: "moderator-role-ids", Env: "DOCBOT_MODERATOR_ROLE_IDS", Flag: true, Help: "comma-separated role ids allowed to /reload and /gaps besides Manage Server",
		set: func(c *Config, v string) error { c.Discord.ModeratorRoles = splitList(v); return nil }},
	{Name: "message-content", Env: "DOCBOT_MESSAGE_CONTENT", Flag: true, Default: "false", Help: "request the privileged MESSAGE_CONTENT intent (enable it in the Developer Portal first)",
		set: func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("%q is not true or false", v)
			}
			c.Discord.MessageContent = b
			return nil
		}},
	{Name: "answer-deadline", Env: "DOCBOT_ANSWER_DEADLINE", Flag: true, Default: "2m", Help: "longest time one Discord answer may take",
		set: func(c *Config, v string) error { return parseDuration(v, &c.Discord.Deadline) }},
	{Name: "cooldown", Env: "DOCBOT_COOLDOWN", Flag: true, Default: "5s", Help: "minimum time between one user's questions",
		set: func(c *Config, v string) error {
			if v == "0" {
				c.Discord.Cooldown = 0
				return nil
			}
			return parseDuration(v, &c.Discord.Cooldown)
		}},
	{Name: "daily-budget", Env: "DOCBOT_DAILY_BUDGET", Flag: true, Default: "100", Help: "questions per user per day (0: unlimited)",
		set: func(c *Config, v string) error { return parseNonNegative(v, &c.Discord.DailyBudget) }},
	{Name: "guild-concurrency", Env: "DOCBOT_GUILD_CONCURRENCY", Flag: true, Default: "4", Help: "answers in progress at once per guild",
		set: func(c *Config, v string) error { return parsePositiveInt(v, &c.Discord.GuildConcurrency) }},
	{Name: "workers", Env: "DOCBOT_WORKERS", Flag: true, Default: "4", Help: "answers in progress at once in all servers",
		set: func(c *Config, v string) error { return parsePositiveInt(v, &c.Discord.Workers) }},
	{Name: "queue", Env: "DOCBOT_QUEUE", Flag: true, Default: "64", Help: "questions waiting for a worker before users are told to retry (one server may fill three quarters)",
		set: func(c *Config, v string) error { return parsePositiveInt(v, &c.Discord.Queue) }},
	{Name: "max-question", Env: "DOCBOT_MAX_QUESTION", Flag: true, Default: "500", Help: "longest question, in characters",
		set: func(c *Config, v string) error { return parsePositiveInt(v, &c.Discord.MaxQuestion) }},
	{Name: "edit-interval", Env: "DOCBOT_EDIT_INTERVAL", Flag: true, Default: "1s", Help: "shortest time between two edits of a message being written (queue place, streamed answer)",
		set: func(c *Config, v string) error { return parseDuration(v, &c.Discord.EditInterval) }},
	{Name: "shutdown-grace", Env: "DOCBOT_SHUTDOWN_GRACE", Flag: true, Default: "20s", Help: "how long answers in progress may finish at shutdown before they are cut short",
		set: func(c *Config, v string) error { return parseDuration(v, &c.Discord.ShutdownGrace) }},
	{Name: "conversation-retention", Env: "DOCBOT_CONVERSATION_RETENTION", Flag: true, Default: "168h", Help: "how long an idle thread or DM conversation is kept for follow-ups",
		set: func(c *Config, v string) error { return parseDuration(v, &c.Discord.Retention) }},
}

func splitList(v string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
		out = append(out, f)
	}
	return out
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

// Load builds the configuration: defaults, then the settings file (from
// --config or DOCBOT_CONFIG), then the environment, then the flags in args
// (registered on fs, which the caller may have given flags of its own). It
// returns the arguments left after the flags.
func Load(fs *flag.FlagSet, args []string, getenv func(string) string) (Config, []string, error) {
	c := Default()
	if path := configPath(args, getenv); path != "" {
		if err := c.loadFile(path); err != nil {
			return c, nil, err
		}
	}
	for _, s := range Settings {
		if v := strings.TrimSpace(getenv(s.Env)); v != "" {
			if err := s.set(&c, v); err != nil {
				return c, nil, fmt.Errorf("%s: %w", s.Env, err)
			}
			c.Sources[s.Name], c.Values[s.Name] = "env", v
		}
	}
	for _, s := range Settings {
		if !s.Flag {
			continue
		}
		s := s
		fs.Func(s.Name, s.Help+" (env "+s.Env+defaultNote(s)+")", func(v string) error {
			c.Sources[s.Name], c.Values[s.Name] = "flag", v
			return s.set(&c, v)
		})
	}
	if err := fs.Parse(args); err != nil {
		return c, nil, err
	}
	return c, fs.Args(), c.Validate()
}

// configPath finds --config in args (before flag parsing, since the file
// sits below the environment) or DOCBOT_CONFIG.
func configPath(args []string, getenv func(string) string) string {
	for i, a := range args {
		for _, p := range []string{"--config", "-config"} {
			if a == p && i+1 < len(args) {
				return args[i+1]
			}
			if v, ok := strings.CutPrefix(a, p+"="); ok {
				return v
			}
		}
	}
	return getenv("DOCBOT_CONFIG")
}

// loadFile reads "key = value" lines (TOML's flat subset: # comments,
// quoted or bare values); keys are the settings' names. Unknown keys and
// secrets (which belong in the environment) are errors.
func (c *Config) loadFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config file: %w", err)
	}
	byName := map[string]Setting{}
	for _, s := range Settings {
		byName[s.Name] = s
		byName[strings.ReplaceAll(s.Name, "-", "_")] = s
	}
	for n, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return fmt.Errorf("%s line %d: want key = value", path, n+1)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if uq, err := strconv.Unquote(v); err == nil {
			v = uq
		}
		s, known := byName[k]
		switch {
		case !known:
			return fmt.Errorf("%s line %d: unknown setting %q (see docbot config for the names)", path, n+1, k)
		case s.Secret:
			return fmt.Errorf("%s line %d: %s is a secret: set it in the environment (%s), not in a file", path, n+1, k, s.Env)
		case s.Name == "config":
			continue
		}
		if err := s.set(c, v); err != nil {
			return fmt.Errorf("%s line %d: %s: %w", path, n+1, k, err)
		}
		c.Sources[s.Name], c.Values[s.Name] = "file", v
	}
	return nil
}

// Effective lists every setting's effective value and source, secrets
// redacted, for docbot config.
func (c Config) Effective() [][3]string {
	var out [][3]string
	for _, s := range Settings {
		v := c.Values[s.Name]
		if s.Secret && v != "" {
			v = "[redacted]"
		}
		v = RedactURL(v)
		out = append(out, [3]string{s.Env, v, c.Sources[s.Name]})
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
