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
// one: a serving bot needs about 30 MB, and a reload parsing a 19 MB file
// would otherwise let the heap double past it before collecting (peak RSS
// of a 40 × 19 MB reload: 419 MB without, see docs/RELIABILITY.md).
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
		{"version", "print version, commit, Go version and whether FTS5 is compiled in", cmdVersion},
		{"health", "probe the running bot's /healthz (for Docker's HEALTHCHECK)", cmdHealth},
	}
}

// run executes docbot with args and returns the process exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	e := env{getenv: getenv, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
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
	fmt.Fprintf(stderr, "docbot: unknown command %q: run docbot -h for the list\n", args[0])
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "docbot answers questions about a collection of articles, with citations.")
	fmt.Fprintln(w, "\nUsage: docbot COMMAND [flags] [arguments]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun docbot COMMAND -h for a command's flags.")
}
