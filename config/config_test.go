package config

import (
	"errors"
	"flag"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestPrecedence(t *testing.T) {
	tests := []struct {
		name  string
		env   map[string]string
		args  []string
		check func(Config) bool
	}{
		{"defaults", nil, nil, func(c Config) bool {
			return c.LLM.Model == "gpt-4o-mini" && c.LLM.Timeout == 30*time.Second && c.MaxFileBytes == 20<<20 && !c.LLM.Enabled()
		}},
		{"env over default", map[string]string{"DOCBOT_MODEL": "llama3", "DOCBOT_LLM_TIMEOUT": "5s"}, nil, func(c Config) bool {
			return c.LLM.Model == "llama3" && c.LLM.Timeout == 5*time.Second
		}},
		{"flag over env", map[string]string{"DOCBOT_MODEL": "llama3"}, []string{"--model", "qwen"}, func(c Config) bool { return c.LLM.Model == "qwen" }},
		{"base URL without key enables the LLM", map[string]string{"OPENAI_BASE_URL": "http://localhost:11434/v1"}, nil, func(c Config) bool { return c.LLM.Enabled() }},
		{"key alone enables the LLM", map[string]string{"OPENAI_API_KEY": "sk-x"}, nil, func(c Config) bool { return c.LLM.Enabled() && c.LLM.APIKey == "sk-x" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			c, _, err := Load(fs, tt.args, func(k string) string { return tt.env[k] })
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(c) {
				t.Errorf("config = %+v", c)
			}
		})
	}
}

func TestValidationNamesTheSetting(t *testing.T) {
	tests := []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"DOCBOT_TEMPERATURE": "3"}, nil, "DOCBOT_TEMPERATURE"},
		{map[string]string{"DOCBOT_LLM_TIMEOUT": "soon"}, nil, "DOCBOT_LLM_TIMEOUT"},
		{nil, []string{"--max-tokens", "-5"}, "max-tokens"},
		{nil, []string{"--max-file-bytes", "big"}, "max-file-bytes"},
		{map[string]string{"DOCBOT_SHARD_ID": "3", "DOCBOT_SHARD_COUNT": "2"}, nil, "DOCBOT_SHARD_ID=3 must be less than DOCBOT_SHARD_COUNT=2"},
		{map[string]string{"DOCBOT_DISCORD_URL": "discord.com"}, nil, "DOCBOT_DISCORD_URL"},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		_, _, err := Load(fs, tt.args, func(k string) string { return tt.env[k] })
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("env %v args %v: err = %v, want it to name %s", tt.env, tt.args, err, tt.want)
		}
	}
}

// A command registers flags only for the settings it uses; the others
// still come from the environment.
func TestGroupsLimitTheFlags(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	_, _, err := Load(fs, []string{"--cooldown", "3s"}, func(string) string { return "" }, "index", "llm")
	if err == nil || !strings.Contains(err.Error(), "flag provided but not defined: -cooldown") {
		t.Errorf("--cooldown for an index+llm command: err = %v", err)
	}
	fs = flag.NewFlagSet("t", flag.ContinueOnError)
	c, _, err := Load(fs, []string{"--model", "m"}, func(k string) string { return map[string]string{"DOCBOT_COOLDOWN": "7s"}[k] }, "index", "llm")
	if err != nil || c.LLM.Model != "m" || c.Discord.Cooldown != 7*time.Second {
		t.Errorf("err %v, model %q, cooldown %v", err, c.LLM.Model, c.Discord.Cooldown)
	}
	if fs.Lookup("config") == nil || fs.Lookup("db") == nil || fs.Lookup("workers") != nil {
		t.Error("want --config and --db registered, --workers not")
	}
}

// Flags after a positional argument count (docbot ask "question" --model m).
func TestFlagsAfterArguments(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c, pos, err := Load(fs, []string{"what", "--model", "qwen", "now", "--", "--db"}, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if c.LLM.Model != "qwen" || strings.Join(pos, " ") != "what now --db" {
		t.Errorf("model %q, positional %q", c.LLM.Model, pos)
	}
}

// -h works even when the settings file named in the environment is broken.
func TestHelpBeforeTheFile(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	_, _, err := Load(fs, []string{"-h"}, func(k string) string { return map[string]string{"DOCBOT_CONFIG": "/nonexistent.toml"}[k] })
	if !errors.Is(err, flag.ErrHelp) {
		t.Errorf("err = %v, want flag.ErrHelp", err)
	}
}

func TestAPIKeyIsNotAFlag(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if _, _, err := Load(fs, []string{"--openai-api-key", "sk-x"}, func(string) string { return "" }); err == nil {
		t.Error("the API key can be given as a flag (visible in ps and shell history)")
	}
}

var update = flag.Bool("update", false, "rewrite README.md's configuration table")

// The README's configuration table is generated from Settings
// (go test ./config -update rewrites it).
func TestREADMETableMatchesSettings(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const start, end = "<!-- config-table:start -->\n", "<!-- config-table:end -->"
	s := string(readme)
	i, j := strings.Index(s, start), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatal("README.md lacks the config-table markers")
	}
	if *update {
		s = s[:i+len(start)] + MarkdownTable() + s[j:]
		if err := os.WriteFile("../README.md", []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got, want := s[i+len(start):j], MarkdownTable(); got != want {
		t.Errorf("README.md configuration table is out of date; replace it with:\n%s", want)
	}
}

func TestFileEnvFlagPrecedenceAndSources(t *testing.T) {
	path := t.TempDir() + "/docbot.toml"
	os.WriteFile(path, []byte("# comment\nmodel = \"from-file\"\nmax_tokens = 123\ncooldown = \"9s\"\n"), 0o644)
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	env := map[string]string{"DOCBOT_CONFIG": path, "DOCBOT_MAX_TOKENS": "456", "OPENAI_API_KEY": "sk-secret"}
	c, _, err := Load(fs, []string{"--cooldown", "3s"}, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.LLM.Model != "from-file" || c.LLM.MaxTokens != 456 || c.Discord.Cooldown != 3*time.Second {
		t.Errorf("model %q max tokens %d cooldown %v", c.LLM.Model, c.LLM.MaxTokens, c.Discord.Cooldown)
	}
	got := map[string]Entry{}
	for _, e := range c.Effective() {
		got[e.Env] = e
	}
	for env, want := range map[string][2]string{"DOCBOT_MODEL": {"from-file", "file"}, "DOCBOT_MAX_TOKENS": {"456", "env"},
		"DOCBOT_COOLDOWN": {"3s", "flag"}, "DOCBOT_WORKERS": {"4", "default"}, "OPENAI_API_KEY": {"[redacted]", "env"}} {
		if g := got[env]; g.Value != want[0] || g.Source != want[1] {
			t.Errorf("%s = %q from %s, want %q from %s", env, g.Value, g.Source, want[0], want[1])
		}
	}
	if got["DOCBOT_MODEL"].Key != "model" || got["OPENAI_API_KEY"].Key != "" {
		t.Errorf("keys: model %q, API key %q; want model and none (environment only)", got["DOCBOT_MODEL"].Key, got["OPENAI_API_KEY"].Key)
	}
	for _, e := range c.Effective() {
		if strings.Contains(e.Value, "sk-secret") {
			t.Errorf("the API key is shown by %s", e.Env)
		}
	}
}

// The settings file is TOML: sections, inline comments, numbers, booleans
// and lists work as a TOML user expects.
func TestFileIsTOML(t *testing.T) {
	path := t.TempDir() + "/docbot.toml"
	os.WriteFile(path, []byte(`# docbot settings
db = "/data/docbot.db"   # inline comment

[llm]
model = "llama3.1"       # another one
temperature = 0.5
max-tokens = 700

[discord]
guild-ids = ["111", "222"]
message_content = true
cooldown = "2s"
`), 0o644)
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c, _, err := Load(fs, []string{"--config", path}, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if c.DB != "/data/docbot.db" || c.LLM.Model != "llama3.1" || c.LLM.Temperature != 0.5 || c.LLM.MaxTokens != 700 ||
		strings.Join(c.Discord.GuildIDs, ",") != "111,222" || !c.Discord.MessageContent || c.Discord.Cooldown != 2*time.Second {
		t.Errorf("config = %+v", c)
	}
	if c.Sources["model"] != "file" || c.Sources["config"] != "flag" {
		t.Errorf("sources: model %s, config %s", c.Sources["model"], c.Sources["config"])
	}
}

func TestFileErrors(t *testing.T) {
	for content, want := range map[string]string{
		"nonsense = 1\n":                        `unknown setting "nonsense": keys are the flag names, listed by docbot config`,
		"discord_token = \"abc\"\n":             "secret",
		"model\n":                               "line 1",
		"temperature = 9\n":                     "line 1: temperature",
		"\n[llm]\ncooldown = \"3s\"\n":          "line 3: cooldown belongs in [discord], not [llm]",
		"[bot]\nmodel = \"x\"\n":                "unknown section [bot]",
		"model = \"a\" # fine\nmodel = \"b\"\n": "line 2",
	} {
		path := t.TempDir() + "/c.toml"
		os.WriteFile(path, []byte(content), 0o644)
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		_, _, err := Load(fs, []string{"--config", path}, func(string) string { return "" })
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want %q", content, err, want)
		}
	}
}

// The README's example settings file loads.
func TestREADMESettingsFileExample(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "```toml\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("README.md has no toml example")
	}
	path := t.TempDir() + "/docbot.toml"
	os.WriteFile(path, []byte(example), 0o644)
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c, _, err := Load(fs, []string{"--config", path}, func(string) string { return "" })
	if err != nil {
		t.Fatalf("the README's example: %v", err)
	}
	if c.LLM.Model != "llama3.1" || len(c.Discord.GuildIDs) != 1 {
		t.Errorf("config = %+v", c)
	}
}

// Every setting names its group, so that the commands using it take it as
// a flag and the settings file takes it in that [section].
func TestEverySettingHasAGroup(t *testing.T) {
	for _, s := range Settings {
		if s.Name != "config" && !slices.Contains(Groups, s.Group) {
			t.Errorf("setting %s: group %q is not one of %v", s.Name, s.Group, Groups)
		}
	}
}

// DOCBOT_CORPUS lists a folder and web sources, comma-separated; its web
// sources join DOCBOT_URLS's, once each, wherever either was set.
func TestCorpusListsFolderAndURLs(t *testing.T) {
	dir := t.TempDir()
	comma := t.TempDir() + "/a,b" // a folder whose name holds a comma
	os.Mkdir(comma, 0o755)
	toml := t.TempDir() + "/docbot.toml"
	os.WriteFile(toml, []byte("[index]\ncorpus = [\""+dir+"\", \"https://a.example/sitemap.xml\"]\n"), 0o644)
	tests := []struct {
		name       string
		env        map[string]string
		args       []string
		corpus     string
		urls, from []string
	}{
		{"folder only", map[string]string{"DOCBOT_CORPUS": dir}, nil, dir, nil, nil},
		{"folder and sitemap", map[string]string{"DOCBOT_CORPUS": dir + ", https://a.example/sitemap.xml"}, nil,
			dir, []string{"https://a.example/sitemap.xml"}, []string{"https://a.example/sitemap.xml"}},
		{"web only", map[string]string{"DOCBOT_CORPUS": "https://a.example/,http://b.example/page.html"}, nil,
			"", []string{"https://a.example/", "http://b.example/page.html"}, []string{"https://a.example/", "http://b.example/page.html"}},
		{"merged with DOCBOT_URLS, once each", map[string]string{"DOCBOT_CORPUS": "https://a.example/," + dir + ",https://c.example/",
			"DOCBOT_URLS": "https://b.example/x.html,https://a.example/"}, nil,
			dir, []string{"https://b.example/x.html", "https://a.example/", "https://c.example/"}, []string{"https://a.example/", "https://c.example/"}},
		{"the flag replaces the environment's list", map[string]string{"DOCBOT_CORPUS": "https://a.example/," + dir},
			[]string{"--corpus", "https://c.example/"}, "", []string{"https://c.example/"}, []string{"https://c.example/"}},
		{"--urls keeps the corpus's", map[string]string{"DOCBOT_CORPUS": "https://a.example/," + dir},
			[]string{"--urls", "https://b.example/"}, dir, []string{"https://b.example/", "https://a.example/"}, []string{"https://a.example/"}},
		{"settings file list", map[string]string{"DOCBOT_CONFIG": toml}, nil,
			dir, []string{"https://a.example/sitemap.xml"}, []string{"https://a.example/sitemap.xml"}},
		{"existing folder with a comma", map[string]string{"DOCBOT_CORPUS": comma}, nil, comma, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			c, _, err := Load(fs, tt.args, func(k string) string { return tt.env[k] })
			if err != nil {
				t.Fatal(err)
			}
			if c.Corpus != tt.corpus || !slices.Equal(c.URLs, tt.urls) || !slices.Equal(c.CorpusURLs, tt.from) {
				t.Errorf("corpus %q, URLs %q, from the corpus %q; want %q, %q, %q", c.Corpus, c.URLs, c.CorpusURLs, tt.corpus, tt.urls, tt.from)
			}
		})
	}
}

// A bad DOCBOT_CORPUS entry is named, with what to write instead.
func TestCorpusListErrors(t *testing.T) {
	for value, want := range map[string]string{
		"ftp://files.example/docs":           `DOCBOT_CORPUS: "ftp://files.example/docs" is neither a folder nor an http(s) address: list a folder, and web pages, sitemaps or site roots as https://`,
		"docs,https://":                      `"https://" is neither a folder nor an http(s) address`,
		"docs, more-docs,https://a.example/": `lists 2 folders (docs, more-docs): docbot indexes one folder; put them under one parent folder and list that`,
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		_, _, err := Load(fs, nil, func(k string) string {
			if k == "DOCBOT_CORPUS" {
				return value
			}
			return ""
		})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want %q", value, err, want)
		}
		fs = flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		if _, _, err := Load(fs, []string{"--corpus", value}, func(string) string { return "" }); err == nil {
			t.Errorf("--corpus %q: no error", value)
		}
	}
}
