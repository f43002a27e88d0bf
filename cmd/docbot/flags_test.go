package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ask -h lists what ask uses, not the Discord and server settings.
func TestCommandHelpListsOnlyItsFlags(t *testing.T) {
	r := docbot(t, nil, "ask", "-h")
	if r.code != 0 {
		t.Fatalf("exit %d", r.code)
	}
	for _, want := range []string{"-k int", "-json", "-since", "-model", "-corpus", "-db", "-config"} {
		if !strings.Contains(r.stderr, "  "+want) {
			t.Errorf("ask -h lacks %s", want)
		}
	}
	for _, unwanted := range []string{"-cooldown", "-workers", "-discord-url", "-guild-ids", "-http-addr", "-log-level"} {
		if strings.Contains(r.stderr, "  "+unwanted) {
			t.Errorf("ask -h lists %s, which ask does not use", unwanted)
		}
	}
	if r := docbot(t, nil, "serve", "-h"); !strings.Contains(r.stderr, "  -cooldown") || !strings.Contains(r.stderr, "  -model") {
		t.Errorf("serve -h lacks the Discord or LLM settings:\n%s", r.stderr)
	}
	// the flags a command does not take are still read from the environment
	if r := docbot(t, map[string]string{"DOCBOT_WORKERS": "many"}, "docs"); r.code != 2 || !strings.Contains(r.stderr, "DOCBOT_WORKERS") {
		t.Errorf("bad DOCBOT_WORKERS for docs: exit %d, %q", r.code, r.stderr)
	}
}

// A mistyped flag gets one line that says where the flags are, not the help.
func TestUnknownFlagIsOneLine(t *testing.T) {
	r := docbot(t, nil, "ask", "--cooldown", "3s", "troops")
	if r.code != 2 {
		t.Errorf("exit %d, want 2", r.code)
	}
	if got := strings.TrimSpace(r.stderr); strings.Count(got, "\n") != 0 || !strings.Contains(got, "-cooldown") || !strings.Contains(got, "docbot ask -h") {
		t.Errorf("stderr = %q, want one line naming the flag and docbot ask -h", r.stderr)
	}
}

func TestVersionFlagHelpCommandAndTypos(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"-v"}} {
		if r := docbot(t, nil, args...); r.code != 0 || !strings.Contains(r.stdout, "FTS5: yes") {
			t.Errorf("%v: exit %d, %q %q", args, r.code, r.stdout, r.stderr)
		}
	}
	for args, want := range map[string]string{"help ask": "Usage: docbot ask", "help eval": "docbot eval qa FILE.jsonl",
		"help feedback": "docbot feedback export", "help completion": "completion bash", "help": "docbot help COMMAND"} {
		if r := docbot(t, nil, strings.Fields(args)...); r.code != 0 || !strings.Contains(r.stderr, want) {
			t.Errorf("docbot %s: exit %d, stderr %q, want %q", args, r.code, r.stderr, want)
		}
	}
	if r := docbot(t, nil, "help", "fly"); r.code != 2 || !strings.Contains(r.stderr, `unknown command "fly"`) {
		t.Errorf("help fly: exit %d, %q", r.code, r.stderr)
	}
	if r := docbot(t, nil, "serach", "troops"); r.code != 2 || !strings.Contains(r.stderr, "did you mean search?") {
		t.Errorf("serach: exit %d, %q", r.code, r.stderr)
	}
}

// A setting given after the question is applied, not dropped.
func TestSettingsAfterArguments(t *testing.T) {
	path := filepath.Join(t.TempDir(), "after.db")
	r := docbot(t, nil, "search", "ground", "troops", "--db", path, "--k", "2")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("--db after the query was ignored: %v", err)
	}
}

func TestCompletion(t *testing.T) {
	r := docbot(t, nil, "completion", "bash")
	if r.code != 0 || !strings.Contains(r.stdout, "complete -o default -o bashdefault -F _docbot docbot") || !strings.Contains(r.stdout, "docbot __complete") {
		t.Errorf("completion bash: exit %d\n%s", r.code, r.stdout)
	}
	for _, sh := range []string{"zsh", "fish"} {
		if r := docbot(t, nil, "completion", sh); r.code != 0 || !strings.Contains(r.stdout, "__complete") {
			t.Errorf("completion %s: exit %d\n%s", sh, r.code, r.stdout)
		}
	}
	if r := docbot(t, nil, "completion", "tcsh"); r.code != 2 {
		t.Errorf("completion tcsh: exit %d, want 2", r.code)
	}
	tests := []struct {
		words     string
		want, not []string
	}{
		{"", []string{"ask", "serve", "help", "--version", "completion"}, []string{"__complete"}},
		{"ask", []string{"--k", "--json", "--model", "--db"}, []string{"--cooldown", "--http-addr"}},
		{"serve", []string{"--cooldown", "--http-addr", "--model"}, []string{"--k"}},
		{"serve --log-level", []string{"debug", "warn"}, []string{"--cooldown"}},
		{"ask --db", nil, []string{"--k"}}, // a file: the shell completes it
		{"eval", []string{"beir", "qa"}, nil},
		{"eval beir", []string{"--split", "--json"}, []string{"--model"}},
		{"feedback", []string{"export"}, nil},
		{"help", []string{"ask", "doctor"}, []string{"--version"}},
	}
	for _, tt := range tests {
		got := "\n" + docbot(t, nil, append([]string{"__complete"}, strings.Fields(tt.words)...)...).stdout
		for _, w := range tt.want {
			if !strings.Contains(got, "\n"+w+"\n") {
				t.Errorf("completions after %q lack %s:%s", tt.words, w, got)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(got, "\n"+w+"\n") {
				t.Errorf("completions after %q offer %s", tt.words, w)
			}
		}
	}
}

// Every command is in the README's command table.
func TestREADMECommandTableListsEveryCommand(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range commands() {
		if !strings.Contains(string(readme), "| `docbot "+c.name) {
			t.Errorf("README's command table lacks docbot %s", c.name)
		}
	}
}
