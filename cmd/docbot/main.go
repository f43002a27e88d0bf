// Command docbot answers questions about a collection of articles, with
// citations, from the command line or as a Discord bot.
//
//	docbot ask "what did Trump offer on ground troops?"
//	docbot search ground troops
//	docbot docs
//	docbot index --corpus ./articles
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/docbot/docbot/internal/redact"
)

func main() {
	softMemoryLimit(os.Getenv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// defaultMemoryLimit is the Go heap's soft limit unless GOMEMLIMIT sets
// one: a serving bot needs about 30 MB, and the limit keeps a burst of
// garbage (a large file parsed, many answers at once) from letting the
// heap double past what a small container allows before collecting. A
// reload no longer comes near it (8 × 19 MB: 148 MiB without the limit,
// 149 MiB with it, see docs/RELIABILITY.md).
const defaultMemoryLimit = 192 << 20

// softMemoryLimit sets the default soft memory limit. It is soft: Go
// collects more often near it but never fails an allocation because of it.
func softMemoryLimit(getenv func(string) string) {
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
}

// Exit codes.
const (
	exitOK       = 0 // answered, or honestly not found
	exitInternal = 1
	exitUsage    = 2
)

// usageError is a mistake in how docbot was called; its message says what to do.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// env is what a command gets from the outside world.
type env struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e env, args []string) error
}

func commands() []command {
	return []command{
		{"ask", "answer a question with cited sources", cmdAsk},
		{"search", "show the passages that match a query", cmdSearch},
		{"docs", "list the indexed articles", cmdDocs},
		{"index", "index the corpus and report what changed", cmdIndex},
		{"summarize", "summarize one article, or the whole corpus", cmdSummarize},
		{"serve", "run the Discord bot (needs DISCORD_TOKEN)", cmdServe},
		{"eval", "measure retrieval on a BEIR dataset or answers on a QA file", cmdEval},
		{"feedback", "export 👎-rated questions as a QA file (feedback export)", cmdFeedback},
		{"config", "print the effective configuration and where each value came from", cmdConfig},
		{"doctor", "check the set-up (FTS5, database, corpus, web sources, LLM, Discord token, HTTP port) and say what to fix", cmdDoctor},
		{"version", "print version, commit, Go version and whether FTS5 is compiled in", cmdVersion},
		{"health", "probe the running bot's /healthz (for Docker's HEALTHCHECK)", cmdHealth},
		{"completion", "print a shell completion script: docbot completion bash|zsh|fish", cmdCompletion},
	}
}

// run executes docbot with args and returns the process exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	e := env{getenv: getenv, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help":
		usage(stderr)
		return exitOK
	case "help":
		if len(args) == 1 {
			usage(stderr)
			return exitOK
		}
		if _, ok := findCommand(args[1]); !ok {
			return unknownCommand(stderr, args[1])
		}
		args = []string{args[1], "-h"}
	case "-version", "--version", "-v":
		args = []string{"version"}
	case "__complete": // for the shell completion scripts
		cmdComplete(ctx, e, args[1:])
		return exitOK
	}
	c, ok := findCommand(args[0])
	if !ok {
		return unknownCommand(stderr, args[0])
	}
	err := c.run(ctx, e, args[1:])
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "docbot %s: %s\n", c.name, redact.String(err.Error()))
		return exitUsage
	default: // errors may quote URLs, with passwords or tokens in them
		fmt.Fprintf(stderr, "docbot %s: %s\n", c.name, redact.String(err.Error()))
		return exitInternal
	}
}

func findCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func unknownCommand(w io.Writer, name string) int {
	hint := ""
	if near := nearestCommand(name); near != "" {
		hint = fmt.Sprintf(" (did you mean %s?)", near)
	}
	fmt.Fprintf(w, "docbot: unknown command %q%s: docbot help lists them\n", name, hint)
	return exitUsage
}

// nearestCommand is the command a typo most likely meant, or "".
func nearestCommand(name string) string {
	best, bestDist := "", 3 // at most two edits away
	for _, c := range commands() {
		if d := editDistance(name, c.name); d < bestDist {
			best, bestDist = c.name, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "docbot answers questions about a collection of articles, with citations.")
	fmt.Fprintln(w, "\nUsage: docbot COMMAND [flags] [arguments]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\ndocbot help COMMAND (or docbot COMMAND -h) shows a command's flags; docbot --version the version.")
	fmt.Fprintln(w, "Exit codes: 0 done (or honestly not found), 1 internal failure, 2 a mistake in the call or the settings.")
}
