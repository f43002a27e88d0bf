// Package config defines every docbot setting in one table (name,
// environment variable, flag, default, description) and loads them with
// the precedence defaults < environment < flags.
package config

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Config is docbot's effective configuration.
type Config struct {
	Corpus       string // folder to index; "" means the embedded default corpus
	DB           string // SQLite database path; "" means a file in the user cache directory
	MaxFileBytes int64

	LLM LLM
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
	var c Config
	for _, s := range Settings {
		if s.Default != "" {
			if err := s.set(&c, s.Default); err != nil {
				panic(fmt.Sprintf("config: bad default for %s: %v", s.Name, err))
			}
		}
	}
	return c
}

// Load builds the configuration: defaults, then the environment, then the
// flags in args (registered on fs, which the caller may have given flags of
// its own). It returns the arguments left after the flags.
func Load(fs *flag.FlagSet, args []string, getenv func(string) string) (Config, []string, error) {
	c := Default()
	for _, s := range Settings {
		if v := strings.TrimSpace(getenv(s.Env)); v != "" {
			if err := s.set(&c, v); err != nil {
				return c, nil, fmt.Errorf("%s: %w", s.Env, err)
			}
		}
	}
	for _, s := range Settings {
		if !s.Flag {
			continue
		}
		s := s
		fs.Func(s.Name, s.Help+" (env "+s.Env+defaultNote(s)+")", func(v string) error { return s.set(&c, v) })
	}
	if err := fs.Parse(args); err != nil {
		return c, nil, err
	}
	return c, fs.Args(), nil
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
