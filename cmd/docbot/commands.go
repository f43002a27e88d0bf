package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/docbot/docbot/config"
	"github.com/docbot/docbot/corpus"
	"github.com/docbot/docbot/internal/redact"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
	"github.com/docbot/docbot/web"
)

// flags is a subcommand's flag set: its own flags plus the settings of the
// groups it uses (config.Groups, or single settings by name; all when none).
type flags struct {
	fs     *flag.FlagSet
	name   string
	args   string // the positional arguments, for the help
	groups []string
	json   bool
	stderr io.Writer
}

func newFlags(e env, name, args string, groups ...string) *flags {
	f := &flags{fs: flag.NewFlagSet("docbot "+name, flag.ContinueOnError), name: name, args: args, groups: groups, stderr: e.stderr}
	// Parse errors are reported in one line by run, without the help.
	f.fs.SetOutput(io.Discard)
	f.fs.Usage = func() {}
	return f
}

// help prints the command's usage and flags.
func (f *flags) help() {
	w := f.stderr
	fmt.Fprintf(w, "Usage: docbot %s [flags] %s\n\nFlags:\n", f.name, f.args)
	f.fs.SetOutput(w)
	f.fs.PrintDefaults()
	f.fs.SetOutput(io.Discard)
	fmt.Fprintln(w, "\nFlags may come before or after the arguments. Every setting can also come from the\nenvironment or a settings file (--config); docbot config lists them all.")
}

func (f *flags) withJSON() *flags {
	f.fs.BoolVar(&f.json, "json", false, "print JSON instead of text")
	return f
}

// parse loads the configuration and parses flags, which may come before or
// after the positional arguments. -h prints the command's help.
func (f *flags) parse(e env, args []string) (config.Config, []string, error) {
	cfg, positional, err := config.Load(f.fs, args, e.getenv, f.groups...)
	switch {
	case errors.Is(err, flag.ErrHelp):
		f.help()
		return cfg, nil, err
	case err != nil && strings.HasPrefix(err.Error(), "flag provided but not defined"):
		return cfg, nil, usagef("%v (docbot %s -h lists its flags)", err, f.name)
	case err != nil:
		return cfg, nil, usageError{err.Error()}
	}
	return cfg, positional, nil
}

// corpusSource is an opened corpus: the folder as a file system that
// cannot be escaped through symlinks or "..", or the embedded default.
type corpusSource struct {
	fsys  fs.FS
	name  string
	close func() error

	// With URLs configured, the web mirror is synced first and indexed
	// with the folder (if any) under "web/"; out, if set, gets its report.
	mirror *web.Mirror
	urls   []string
	out    io.Writer
	// webReport, if set, gets the web report (a URL added from Discord is
	// checked in it).
	webReport *web.Report
	uploads   managed
	cached    bool // index the mirror as it is when it has pages (ask, search, docs, serve): only index and /reload fetch
}

// corpusFS is how a corpus folder is read; tests inject faults here.
var corpusFS = func(d *corpus.Dir) fs.FS { return d }

// webDelay spaces two requests to a web host; tests shorten it.
var webDelay = time.Second

// openCorpus opens the configured corpus, with the documents moderators
// added from Discord (the managed folder next to the database, indexed
// under "uploads/", and its page addresses); close it after syncing.
func openCorpus(cfg config.Config) (corpusSource, error) {
	m := managedDir(cfg)
	extra, err := m.urls()
	if err != nil {
		return corpusSource{}, err
	}
	if len(extra) > 0 {
		cfg.URLs = append(slices.Clone(cfg.URLs), extra...)
	}
	src, err := openConfigured(cfg)
	if err != nil {
		return corpusSource{}, err
	}
	src.uploads = m
	return src, nil
}

func openConfigured(cfg config.Config) (corpusSource, error) {
	if len(cfg.URLs) > 0 {
		src := corpusSource{name: strings.Join(cfg.URLs, ", "), close: func() error { return nil }}
		if cfg.Corpus != "" {
			folder, err := openConfigured(config.Config{Corpus: cfg.Corpus})
			if err != nil {
				return corpusSource{}, err
			}
			src = folder
			src.name = cfg.Corpus + " and " + strings.Join(cfg.URLs, ", ")
		}
		src.mirror = &web.Mirror{Dir: dbPath(cfg) + ".web", MaxBytes: cfg.MaxFileBytes, Delay: webDelay}
		src.urls = cfg.URLs
		return src, nil
	}
	if cfg.Corpus == "" {
		return corpusSource{fsys: corpus.Default(), name: "the embedded default corpus", close: func() error { return nil }}, nil
	}
	if problem := folderProblem(cfg.Corpus); problem != "" {
		return corpusSource{}, usageError{problem}
	}
	dir, err := corpus.OpenDir(cfg.Corpus)
	if err != nil {
		return corpusSource{}, fmt.Errorf("open corpus %s: %w", cfg.Corpus, err)
	}
	return corpusSource{fsys: corpusFS(dir), name: cfg.Corpus, close: dir.Close}, nil
}

// folderProblem says what is wrong with the corpus folder dir and what to
// do, or "" when it is a folder.
func folderProblem(dir string) string {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("corpus folder %s does not exist: pass an existing folder with --corpus or DOCBOT_CORPUS (a web page, sitemap or site root there starts with https://)", dir)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("cannot open the corpus folder %s: let docbot's user read it (in Docker, mount it with :ro and check its permissions)", dir)
	case err != nil:
		return fmt.Sprintf("corpus folder %s: %v: pass an existing folder with --corpus or DOCBOT_CORPUS", dir, errors.Unwrap(err))
	case !info.IsDir():
		return fmt.Sprintf("corpus %s is a file, not a folder: pass the folder that holds the articles with --corpus or DOCBOT_CORPUS", dir)
	}
	return ""
}

// sync brings db up to date with the corpus, drawing p (may be nil).
func (c corpusSource) sync(ctx context.Context, db *store.DB, cfg config.Config, p *progress) (store.Report, error) {
	limit, err := maxFileBytes(ctx, db, cfg)
	if err != nil {
		return store.Report{}, err
	}
	opts := store.SyncOptions{MaxFileBytes: limit}
	if p != nil {
		opts.Progress = p.update
		defer p.done()
	}
	fsys := c.fsys
	if c.mirror != nil {
		urls, err := c.mirror.URLs()
		if err != nil {
			return store.Report{}, err
		}
		if !c.cached || len(urls) == 0 {
			wrep, err := c.mirror.Sync(ctx, c.urls)
			if err != nil {
				return store.Report{}, fmt.Errorf("fetch %s: %w", c.name, err)
			}
			if c.out != nil {
				printWebReport(c.out, wrep)
			}
			if c.webReport != nil {
				*c.webReport = wrep
			}
		}
		mfs, err := c.mirror.FS()
		if err != nil {
			return store.Report{}, err
		}
		fsys = corpus.Union(c.fsys, corpus.Mount{At: "web", FSys: mfs})
	}
	if up, err := c.uploads.open(); err != nil {
		return store.Report{}, err
	} else if up != nil {
		defer up.Close()
		fsys = corpus.Union(fsys, corpus.Mount{At: uploadsMount, FSys: up})
	}
	rep, err := db.Sync(ctx, fsys, opts)
	if err != nil {
		return rep, indexError(c.name, rep, err)
	}
	if cfg.Sources["max-file-bytes"] != "default" {
		if err := db.SetSetting(ctx, "max-file-bytes", strconv.FormatInt(limit, 10)); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

func printWebReport(w io.Writer, r web.Report) {
	fmt.Fprintf(w, "fetched from the web: %d new or changed, %d unchanged, %d removed, %d disallowed by robots.txt, %d failed (previous copies kept); %s transferred\n",
		len(r.Fetched), r.NotModified, len(r.Removed), len(r.Disallowed), len(r.Kept), corpus.HumanBytes(r.Bytes))
	for _, f := range r.Kept {
		fmt.Fprintf(w, "  kept %s: %s\n", termSafe(f.URL), termSafe(f.Reason))
	}
	for _, f := range r.Skipped {
		fmt.Fprintf(w, "  skipped %s: %s\n", termSafe(f.URL), termSafe(f.Reason))
	}
}

// maxFileBytes is the file size limit: the configured one, else the one the
// index was last built with, so that a docs after an index --max-file-bytes
// run does not index the files that run skipped.
func maxFileBytes(ctx context.Context, db *store.DB, cfg config.Config) (int64, error) {
	if cfg.Sources["max-file-bytes"] != "default" {
		return cfg.MaxFileBytes, nil
	}
	v, err := db.Setting(ctx, "max-file-bytes")
	if err != nil || v == "" {
		return cfg.MaxFileBytes, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return cfg.MaxFileBytes, nil // unreadable: the default is safe
	}
	return n, nil
}

// dbPath picks the database: the configured one, else one per corpus in
// the user cache directory so that switching corpora does not re-index.
func dbPath(cfg config.Config) string {
	if cfg.DB != "" {
		return cfg.DB
	}
	def := store.DefaultPath()
	if cfg.Corpus == "" {
		return def
	}
	abs, err := filepath.Abs(cfg.Corpus)
	if err != nil {
		abs = cfg.Corpus
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(filepath.Dir(def), "docbot-"+hex.EncodeToString(sum[:6])+".db")
}

// openIndex opens the database and brings it up to date with the corpus.
// It reports on stderr only when the index changed.
func openIndex(ctx context.Context, e env, cfg config.Config) (*store.DB, error) {
	return openIndexReporting(ctx, cfg, e.stderr, newProgress(e.stderr), func(db *store.DB) {
		fmt.Fprintf(e.stderr, "note: the index %s is read-only: answering from it as it is, without re-reading the corpus\n", db.Path())
	}, func(name string, rep store.Report) { printReport(e.stderr, name, rep) })
}

// openIndexLogged is openIndex for serve, whose stderr is the log: what
// the CLI prints goes to log, so that a JSON log is JSON from its first line.
func openIndexLogged(ctx context.Context, cfg config.Config, log *slog.Logger) (*store.DB, error) {
	return openIndexReporting(ctx, cfg, nil, nil, func(*store.DB) {}, func(name string, r store.Report) {
		log.Info("indexed", "corpus", name, "added", len(r.Added), "changed", len(r.Changed), "removed", len(r.Removed),
			"unchanged", r.Unchanged, "skipped", len(r.Skipped), "kept", len(r.Kept), "documents", r.Documents, "passages", r.Passages)
		for _, s := range r.Skipped {
			log.Info("skipped", "path", s.Path, "reason", s.Reason)
		}
	})
}

// out receives the web report when pages are fetched (nil: none).
func openIndexReporting(ctx context.Context, cfg config.Config, out io.Writer, p *progress, readOnly func(*store.DB), report func(string, store.Report)) (*store.DB, error) {
	src, err := openCorpus(cfg)
	if err != nil {
		return nil, err
	}
	src.out, src.cached = out, true
	defer src.close()
	db, err := openStore(ctx, cfg, false)
	if err != nil {
		return nil, err
	}
	if db.ReadOnly() {
		readOnly(db)
		return db, nil
	}
	rep, err := src.sync(ctx, db, cfg, p)
	if err != nil {
		db.Close()
		return nil, err
	}
	if rep.Wrote() {
		report(src.name, rep)
	}
	return db, nil
}

// openStore opens the database. A typo in --db must not create state: a
// configured path whose folder is missing, or that is a folder, is refused,
// and so is a missing database when mustExist (commands that only read it).
func openStore(ctx context.Context, cfg config.Config, mustExist bool) (*store.DB, error) {
	path := dbPath(cfg)
	info, err := os.Stat(path)
	switch {
	case err == nil && info.IsDir():
		return nil, usagef("--db %s is a folder: give the database file, e.g. --db %s", path, filepath.Join(path, "docbot.db"))
	case err != nil && mustExist:
		return nil, usagef("no database at %s: check --db or DOCBOT_DB (docbot index creates one)", path)
	case err != nil && cfg.DB != "":
		if _, derr := os.Stat(filepath.Dir(path)); derr != nil {
			return nil, usagef("--db %s: the folder %s does not exist: check the path, or create the folder first", path, filepath.Dir(path))
		}
	}
	db, err := store.Open(ctx, path)
	if errors.Is(err, store.ErrNoFTS5) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("%w: check --db or DOCBOT_DB", err)
	}
	return db, nil
}

func indexError(name string, rep store.Report, err error) error {
	if errors.Is(err, store.ErrEmptyCorpus) {
		msg := fmt.Sprintf("index %s: no .txt, .md or .html article could be indexed; the existing index is unchanged", name)
		summary, skipped := corpus.SummarizeSkips(rep.Skipped)
		if summary != "" {
			msg += "\n  skipped " + summary
		}
		for _, s := range skipped {
			msg += fmt.Sprintf("\n  skipped %s: %s", termSafe(s.Path), termSafe(s.Reason))
		}
		return usageError{msg}
	}
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("index %s: interrupted; the existing index is unchanged", name)
	}
	return fmt.Errorf("index %s: %w", name, err)
}

func printReport(w io.Writer, name string, r store.Report) {
	kept := ""
	if len(r.Kept) > 0 {
		kept = fmt.Sprintf(", %d kept unread", len(r.Kept))
	}
	fmt.Fprintf(w, "indexed %s: %d added, %d changed, %d removed, %d unchanged, %d skipped%s; %d documents, %d passages; %s read in %.2fs\n",
		termSafe(name), len(r.Added), len(r.Changed), len(r.Removed), r.Unchanged, len(r.Skipped), kept, r.Documents, r.Passages, corpus.HumanBytes(r.Bytes), r.Seconds)
	summary, skipped := corpus.SummarizeSkips(r.Skipped)
	if summary != "" {
		fmt.Fprintf(w, "  skipped %s\n", summary)
	}
	for _, s := range skipped {
		fmt.Fprintf(w, "  skipped %s: %s\n", termSafe(s.Path), termSafe(s.Reason))
	}
	for _, id := range r.Kept {
		fmt.Fprintf(w, "  kept %s: its file or folder could not be read, so the indexed version stays\n", termSafe(id))
	}
	for _, p := range r.Repaired {
		fmt.Fprintf(w, "  repaired %s: invalid UTF-8 replaced with U+FFFD\n", termSafe(p))
	}
}

// dateFlags adds --since and --until.
func dateFlags(f *flags) *retrieval.Filter {
	var flt retrieval.Filter
	f.fs.Func("since", "only articles dated on or after `YYYY-MM-DD`", func(v string) error { return parseDay(v, &flt.Since) })
	f.fs.Func("until", "only articles dated on or before `YYYY-MM-DD`", func(v string) error { return parseDay(v, &flt.Until) })
	return &flt
}

func parseDay(v string, dst *string) error {
	d, ok := corpus.ParseDate(v)
	if !ok || d != strings.TrimSpace(v) {
		return fmt.Errorf("%q is not a date like 2025-09-27", v)
	}
	*dst = d
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// logger logs to stderr; the CLI is quiet unless something goes wrong.
func logger(e env) *slog.Logger {
	return slog.New(redact.Handler(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
}
