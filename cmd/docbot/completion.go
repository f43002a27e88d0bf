package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
)

// Shell completion asks docbot itself (docbot __complete WORDS…) what may
// come next, so that the scripts never go stale: commands, their verbs,
// the flags of the command being typed and a few flag values. Where docbot
// offers nothing (a file, a question), the shell completes file names.

const bashCompletion = `# docbot completion for bash: source <(docbot completion bash)
_docbot() {
	local cur=${COMP_WORDS[COMP_CWORD]}
	local IFS=$'\n'
	COMPREPLY=($(compgen -W "$(docbot __complete "${COMP_WORDS[@]:1:COMP_CWORD-1}" 2>/dev/null)" -- "$cur"))
}
complete -o default -o bashdefault -F _docbot docbot
`

const zshCompletion = `# docbot completion for zsh: source <(docbot completion zsh)
autoload -U +X bashcompinit && bashcompinit
` + bashCompletion

const fishCompletion = `# docbot completion for fish: docbot completion fish | source
complete -c docbot -a '(docbot __complete (commandline -opc)[2..-1] 2>/dev/null)'
`

func cmdCompletion(ctx context.Context, e env, args []string) error {
	if len(args) > 0 && isHelp(args[0]) {
		fmt.Fprintln(e.stderr, "Usage: docbot completion bash|zsh|fish\n\n  bash: add  source <(docbot completion bash)  to ~/.bashrc\n  zsh:  add  source <(docbot completion zsh)  to ~/.zshrc\n  fish: docbot completion fish > ~/.config/fish/completions/docbot.fish")
		return flag.ErrHelp
	}
	if len(args) != 1 {
		return usagef("completion needs a shell: docbot completion bash, zsh or fish")
	}
	switch args[0] {
	case "bash":
		io.WriteString(e.stdout, bashCompletion)
	case "zsh":
		io.WriteString(e.stdout, zshCompletion)
	case "fish":
		io.WriteString(e.stdout, fishCompletion)
	default:
		return usagef("completion for %q: docbot knows bash, zsh and fish", args[0])
	}
	return nil
}

// cmdComplete prints, one a line, what may follow the words typed after
// "docbot"; the shell keeps those that start with the word being typed.
func cmdComplete(ctx context.Context, e env, words []string) error {
	for _, c := range completions(ctx, words) {
		fmt.Fprintln(e.stdout, c)
	}
	return nil
}

func completions(ctx context.Context, words []string) []string {
	if len(words) == 0 {
		out := []string{"help", "--version"}
		for _, c := range commands() {
			out = append(out, c.name)
		}
		return out
	}
	name, rest := words[0], words[1:]
	verbs := map[string][]string{"eval": {"beir", "qa"}, "feedback": {"export"}, "completion": {"bash", "zsh", "fish"}}
	switch {
	case name == "help" && len(rest) == 0:
		return completions(ctx, nil)[2:]
	case verbs[name] != nil && len(rest) == 0:
		return verbs[name]
	case name == "completion" || name == "help" || name == "version":
		return nil
	}
	c, ok := findCommand(name)
	if !ok {
		return nil
	}
	args := []string{"-h"}
	if verbs[name] != nil {
		args = []string{rest[0], "-h"}
	}
	fl := commandFlags(ctx, c, args)
	if len(words) > 1 {
		prev := strings.TrimLeft(words[len(words)-1], "-")
		if takesValue, known := fl[prev]; known && takesValue && !strings.Contains(prev, "=") {
			return flagValues[prev] // nothing: the shell completes file names
		}
	}
	var out []string
	for f := range fl {
		out = append(out, "--"+f)
	}
	slices.Sort(out)
	return out
}

// flagValues are the values offered after a flag.
var flagValues = map[string][]string{
	"log-format":      {"text", "json"},
	"log-level":       {"debug", "info", "warn", "error"},
	"message-content": {"true", "false"},
}

var flagLine = regexp.MustCompile(`^  -([a-z0-9-]+)( \S+)?$`)

// commandFlags runs the command's help and reads its flags from it: name →
// whether it takes a value.
func commandFlags(ctx context.Context, c command, args []string) map[string]bool {
	var help strings.Builder
	noenv := func(string) string { return "" }
	c.run(ctx, env{getenv: noenv, stdout: io.Discard, stderr: &help}, args)
	out := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(help.String()))
	for sc.Scan() {
		if m := flagLine.FindStringSubmatch(sc.Text()); m != nil {
			out[m[1]] = m[2] != ""
		}
	}
	return out
}
