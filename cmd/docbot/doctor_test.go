package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
)

// doctorLine returns doctor's line for one check.
func doctorLine(out, what string) string {
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) > 1 && f[1] == what {
			return l
		}
	}
	return ""
}

func TestDoctorGoodSetUp(t *testing.T) {
	discord := testsupport.NewFakeDiscord(t)
	discord.AppFlags = 1 << 18
	llm := testsupport.NewFakeLLM(t)
	llm.SetModels("other", "llama3.1:latest")
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("# A\n\nSome text."), 0o644)
	env := map[string]string{"DOCBOT_CORPUS": dir, "OPENAI_BASE_URL": llm.URL, "DOCBOT_MODEL": "llama3.1",
		"DISCORD_TOKEN": discord.Token, "DOCBOT_DISCORD_URL": discord.URL, "DOCBOT_MESSAGE_CONTENT": "true",
		"DOCBOT_HTTP_ADDR": freeAddr(t)}
	r := docbot(t, env, "doctor")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for what, want := range map[string]string{"build": "FTS5 in", "database": "will be created", "corpus": "1 articles",
		"llm": "serves llama3.1", "discord": "token valid", "http": "is free"} {
		if l := doctorLine(r.stdout, what); !strings.HasPrefix(l, "ok") || !strings.Contains(l, want) {
			t.Errorf("%s: %q, want ok and %q", what, l, want)
		}
	}
	if strings.Contains(r.stdout, discord.Token) {
		t.Error("doctor printed the token")
	}
}

func TestDoctorBrokenSetUps(t *testing.T) {
	discord := testsupport.NewFakeDiscord(t)
	llm := testsupport.NewFakeLLM(t)
	llm.SetModels("qwen2.5")
	downURL := "http://" + freeAddr(t) + "/v1" // nothing listens there
	tests := []struct {
		name, what string
		env        map[string]string
		want       string
	}{
		{"unwritable db folder", "database", map[string]string{"DOCBOT_DB": filepath.Join(unwritableDir(t), "docbot.db")}, "cannot create"},
		{"db is a folder", "database", map[string]string{"DOCBOT_DB": t.TempDir()}, "is a folder"},
		{"db folder missing", "database", map[string]string{"DOCBOT_DB": filepath.Join(t.TempDir(), "nope", "x.db")}, "does not exist"},
		{"empty corpus", "corpus", map[string]string{"DOCBOT_CORPUS": t.TempDir()}, "no .txt, .md or .html"},
		{"missing corpus", "corpus", map[string]string{"DOCBOT_CORPUS": "/nonexistent/articles"}, "set DOCBOT_CORPUS"},
		{"LLM down", "llm", map[string]string{"OPENAI_BASE_URL": downURL}, "cannot reach"},
		{"unknown model", "llm", map[string]string{"OPENAI_BASE_URL": llm.URL, "DOCBOT_MODEL": "llama3.1"}, `no model "llama3.1" (it has: qwen2.5): set DOCBOT_MODEL, or with Ollama run ollama pull llama3.1`},
		{"bad token", "discord", map[string]string{"DISCORD_TOKEN": "wrong-token", "DOCBOT_DISCORD_URL": discord.URL}, "rejected the bot token"},
		{"intent not enabled", "discord", map[string]string{"DISCORD_TOKEN": discord.Token, "DOCBOT_DISCORD_URL": discord.URL, "DOCBOT_MESSAGE_CONTENT": "true"}, "lacks the Message Content intent"},
		{"port taken", "http", map[string]string{"DOCBOT_HTTP_ADDR": discord.URL[len("http://"):]}, "cannot listen on"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := docbot(t, tt.env, "doctor")
			if r.code != 1 || !strings.Contains(r.stderr, "checks failed") {
				t.Errorf("exit %d, stderr %q", r.code, r.stderr)
			}
			if l := doctorLine(r.stdout, tt.what); !strings.HasPrefix(l, "FAIL") || !strings.Contains(l, tt.want) {
				t.Errorf("%s: %q, want FAIL and %q\n%s", tt.what, l, tt.want, r.stdout)
			}
			if strings.Contains(r.stdout, "wrong-token") {
				t.Error("doctor printed the token")
			}
		})
	}
}

// A docbot built without the sqlite_fts5 tag is told how to rebuild.
func TestDoctorWithoutFTS5(t *testing.T) {
	old := fts5Compiled
	fts5Compiled = func(context.Context) bool { return false }
	t.Cleanup(func() { fts5Compiled = old })
	r := docbot(t, nil, "doctor")
	if l := doctorLine(r.stdout, "build"); r.code != 1 || !strings.HasPrefix(l, "FAIL") || !strings.Contains(l, "-tags sqlite_fts5") {
		t.Errorf("exit %d, build line %q", r.code, l)
	}
}

// unwritableDir is a folder docbot cannot create files in, even as root.
func unwritableDir(t *testing.T) string {
	if os.Geteuid() != 0 {
		dir := t.TempDir()
		os.Chmod(dir, 0o555)
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		return dir
	}
	if runtime.GOOS != "linux" {
		t.Skip("needs a folder root cannot write in")
	}
	return "/proc" // root cannot create files there either
}

// A channel set to auto-answer needs the Message Content intent: doctor
// warns when the application lacks it, and is quiet once it has it.
func TestDoctorWarnsWhenAutoAnswerChannelsLackTheIntent(t *testing.T) {
	discord := testsupport.NewFakeDiscord(t)
	path := filepath.Join(t.TempDir(), "docbot.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.SaveChannelSettings(context.Background(), retrieval.ChannelSettings{Channel: "c", Guild: "g", AutoAnswer: true, MentionRequired: true, InThread: true})
	db.Close()
	env := map[string]string{"DOCBOT_DB": path, "DISCORD_TOKEN": discord.Token, "DOCBOT_DISCORD_URL": discord.URL}
	if l := doctorLine(docbot(t, env, "doctor").stdout, "discord"); !strings.HasPrefix(l, "warn") || !strings.Contains(l, "1 channel(s) set with /settings") {
		t.Errorf("without the intent: %q", l)
	}
	discord.AppFlags = 1 << 18
	if l := doctorLine(docbot(t, env, "doctor").stdout, "discord"); !strings.HasPrefix(l, "ok") {
		t.Errorf("with the intent: %q", l)
	}
}
