package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/docbot/docbot/bot"
	"github.com/docbot/docbot/config"
	"github.com/docbot/docbot/corpus"
	"github.com/docbot/docbot/internal/clock"
	"github.com/docbot/docbot/store"
	"github.com/docbot/docbot/web"
)

// Documents moderators add from Discord live in a managed folder next to
// the database (DB + ".uploads"): the files as they were uploaded, and
// ".urls", the page addresses, one a line. Every corpus sync (index, ask,
// serve, /reload) reads the folder under "uploads/" and fetches the
// addresses with DOCBOT_URLS, so the uploads are indexed by the same sync
// and never lost by another command's sync of the same database.

const uploadsMount = "uploads"

// managed is the managed folder; the zero value has none.
type managed struct{ dir string }

func managedDir(cfg config.Config) managed { return managed{dir: dbPath(cfg) + ".uploads"} }

func (m managed) urlsFile() string { return filepath.Join(m.dir, ".urls") }

// urls returns the page addresses added from Discord.
func (m managed) urls() ([]string, error) {
	if m.dir == "" {
		return nil, nil
	}
	b, err := os.ReadFile(m.urlsFile())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("uploaded addresses: %w", err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out, nil
}

func (m managed) setURLs(urls []string) error {
	if err := os.MkdirAll(m.dir, 0o755); err != nil {
		return fmt.Errorf("uploads folder: %w", err)
	}
	data := strings.Join(urls, "\n")
	if data != "" {
		data += "\n"
	}
	return m.write(".urls", []byte(data))
}

// write replaces the file name in the folder atomically.
func (m managed) write(name string, data []byte) error {
	if err := os.MkdirAll(m.dir, 0o755); err != nil {
		return fmt.Errorf("uploads folder: %w", err)
	}
	tmp, err := os.CreateTemp(m.dir, ".incoming-*")
	if err != nil {
		return fmt.Errorf("uploads folder: %w", err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write upload: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(m.dir, name)); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write upload: %w", err)
	}
	return nil
}

// open opens the folder for a sync; nil when there is none.
func (m managed) open() (*corpus.Dir, error) {
	if m.dir == "" {
		return nil, nil
	}
	if _, err := os.Stat(m.dir); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	d, err := corpus.OpenDir(m.dir)
	if err != nil {
		return nil, fmt.Errorf("uploads folder: %w", err)
	}
	return d, nil
}

// files lists the uploaded files.
func (m managed) files() []string {
	es, _ := os.ReadDir(m.dir)
	var out []string
	for _, e := range es {
		if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, e.Name())
		}
	}
	return out
}

// uploadName makes an attachment's file name safe to store: its base name,
// letters, digits, ".", "-" and "_" only, at most 100 bytes, the
// extension lower case. "" when nothing is left.
func uploadName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	ext := strings.ToLower(path.Ext(name))
	stem := strings.TrimSuffix(name, path.Ext(name))
	var sb strings.Builder
	for _, r := range stem {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			sb.WriteRune(r)
		default:
			sb.WriteByte('-')
		}
	}
	s := strings.Trim(sb.String(), ".-")
	if s == "" {
		return ""
	}
	if len(s) > 90 {
		s = s[:90]
	}
	return s + ext
}

// syncLock lets one corpus sync run at a time in serve: /reload, /docs
// add and remove, and the scheduled re-sync.
type syncLock chan struct{}

func newSyncLock() syncLock { return make(syncLock, 1) }

// lock waits for the lock, or for ctx's end.
func (l syncLock) lock(ctx context.Context) error {
	select {
	case l <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// tryLock takes the lock if it is free.
func (l syncLock) tryLock() bool {
	select {
	case l <- struct{}{}:
		return true
	default:
		return false
	}
}

func (l syncLock) unlock() { <-l }

// syncer runs serve's corpus syncs, one at a time.
type syncer struct {
	cfg  config.Config
	db   *store.DB
	lock syncLock
	warm *warmer // warms the caches of each generation a sync writes; nil: none
}

// run syncs the corpus, fetching the web pages again unless cached; wrep,
// if set, gets the web report. The caller holds the lock.
func (s *syncer) run(ctx context.Context, cached bool, wrep *web.Report) (store.Report, error) {
	src, err := openCorpus(s.cfg)
	if err != nil {
		return store.Report{}, err
	}
	defer src.close()
	src.webReport = wrep
	if cached {
		src.cached = true
	}
	rep, err := src.sync(ctx, s.db, s.cfg, nil)
	if err == nil && rep.Wrote() && s.warm != nil {
		s.warm.start() // a new generation: its first questions should not pay for its caches
	}
	return rep, err
}

// reload is /reload: it waits for a sync in progress, then syncs.
func (s *syncer) reload(ctx context.Context) (bot.ReloadResult, error) {
	if err := s.lock.lock(ctx); err != nil {
		return bot.ReloadResult{}, err
	}
	defer s.lock.unlock()
	rep, err := s.run(ctx, false, nil)
	if err != nil {
		return bot.ReloadResult{}, err
	}
	return reloadResult(rep), nil
}

// reloadResult is a sync's report for the bot.
func reloadResult(rep store.Report) bot.ReloadResult {
	res := bot.ReloadResult{Added: len(rep.Added), Changed: len(rep.Changed), Removed: len(rep.Removed), Skipped: len(rep.Skipped),
		Documents: rep.Documents, Passages: rep.Passages, Seconds: rep.Seconds,
		AddedIDs: rep.Added, ChangedIDs: rep.Changed, RemovedIDs: rep.Removed}
	summary, rest := corpus.SummarizeSkips(rep.Skipped)
	if summary != "" {
		res.Skips = append(res.Skips, summary)
	}
	for _, s := range rest {
		res.Skips = append(res.Skips, s.Path+": "+s.Reason)
	}
	return res
}

// documents is bot.Documents over the managed folder.
type documents struct {
	*syncer
	m        managed
	maxBytes int64
}

var _ bot.Documents = (*documents)(nil)

func refuse(format string, args ...any) error {
	return &bot.Refusal{Reason: fmt.Sprintf(format, args...)}
}

// AddFile stores an uploaded file and syncs. A file the corpus cannot
// read (wrong type, not what its extension says, no text) is refused and
// the folder left as it was.
func (d *documents) AddFile(ctx context.Context, original string, data []byte) (bot.ReloadResult, error) {
	name := uploadName(original)
	if name == "" || !slices.Contains(bot.UploadTypes, path.Ext(name)) {
		return bot.ReloadResult{}, refuse("I can only add .md, .txt, .html and .pdf files; “%s” is not one.", original)
	}
	if int64(len(data)) > d.maxBytes {
		return bot.ReloadResult{}, refuse("“%s” is %s; the limit is %s.", name, corpus.HumanBytes(int64(len(data))), corpus.HumanBytes(d.maxBytes))
	}
	if reason := contentMismatch(name, data); reason != "" {
		return bot.ReloadResult{}, refuse("“%s” was not added: %s.", name, reason)
	}
	if err := d.lock.lock(ctx); err != nil {
		return bot.ReloadResult{}, err
	}
	defer d.lock.unlock()
	stem := strings.TrimSuffix(name, path.Ext(name))
	for _, f := range d.m.files() {
		if f != name && strings.TrimSuffix(f, path.Ext(f)) == stem {
			return bot.ReloadResult{}, refuse("“%s” would be the same document as “%s”, added before. Remove that one first (`/docs remove name: %s`), or rename the file.", name, f, f)
		}
	}
	if f := d.corpusNamesake(stem); f != "" {
		return bot.ReloadResult{}, refuse("“%s” would be the same document as the server's own “%s”. Rename the file and add it again.", name, f)
	}
	file := filepath.Join(d.m.dir, name)
	old, err := os.ReadFile(file)
	existed := err == nil
	if err := d.m.write(name, data); err != nil {
		return bot.ReloadResult{}, err
	}
	undo := func() error {
		if existed {
			return d.m.write(name, old)
		}
		return os.Remove(file)
	}
	rep, err := d.run(ctx, true, nil)
	if err != nil {
		return bot.ReloadResult{}, errors.Join(err, undo())
	}
	for _, s := range rep.Skipped {
		if s.Path == uploadsMount+"/"+name {
			if err := undo(); err != nil {
				return bot.ReloadResult{}, err
			}
			if existed { // the previous version was dropped from the index: put it back
				if _, err := d.run(ctx, true, nil); err != nil {
					return bot.ReloadResult{}, err
				}
			}
			return bot.ReloadResult{}, refuse("“%s” was not added: %s. Nothing changed.", name, s.Reason)
		}
	}
	id := uploadsMount + "/" + stem
	if s := unreadableOver(rep, uploadsMount+"/"+name); s != nil && !existed &&
		!slices.Contains(rep.Added, id) && !slices.Contains(rep.Changed, id) {
		if err := undo(); err != nil {
			return bot.ReloadResult{}, err
		}
		return bot.ReloadResult{}, refuse("“%s” was not added: the index could not read %s (%s). Ask the server's operator to fix it.", name, s.Path, s.Reason)
	}
	return reloadResult(rep), nil
}

// unreadableOver is the skip of rep that marks p, or a folder above it,
// unreadable, whose documents the index keeps as they were; nil if none.
func unreadableOver(rep store.Report, p string) *corpus.Skip {
	for i, s := range rep.Skipped {
		if s.Unreadable && (s.Path == p || strings.HasPrefix(p, s.Path+"/")) {
			return &rep.Skipped[i]
		}
	}
	return nil
}

// corpusNamesake is a document of the corpus folder's own uploads/
// subfolder that an upload of that stem would hide or share a document ID
// with (uploads/guide.md, for guide.md or guide.txt), or "".
func (d *documents) corpusNamesake(stem string) string {
	if d.cfg.Corpus == "" {
		return ""
	}
	entries, err := os.ReadDir(filepath.Join(d.cfg.Corpus, uploadsMount))
	if err != nil {
		return "" // no such subfolder (or unreadable: the sync reports it)
	}
	for _, e := range entries {
		// only a document List indexes: not guide.docx, .guide.md or a folder
		if n := e.Name(); !e.IsDir() && corpus.Supported(n) && strings.TrimSuffix(n, path.Ext(n)) == stem {
			return uploadsMount + "/" + n
		}
	}
	return ""
}

// contentMismatch refuses a file whose content is not what its extension
// says: a .pdf without the PDF signature, a text file holding binary
// data. The sync's own parse refuses the rest (a PDF without text).
func contentMismatch(name string, data []byte) string {
	head := data[:min(len(data), 1024)]
	if path.Ext(name) == ".pdf" {
		if !bytes.Contains(head, []byte("%PDF-")) {
			return "it is not a PDF (export it to PDF again, or upload it as a .txt or .md file)"
		}
		return ""
	}
	if len(data) == 0 {
		return "it is empty"
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return "" // UTF-16 text, which holds zero bytes
	}
	if bytes.IndexByte(data[:min(len(data), 8192)], 0) >= 0 {
		return "it holds binary data, not text"
	}
	return ""
}

// AddURL adds a page, sitemap or site address and syncs, fetching it. An
// address that cannot be fetched is refused and not kept.
func (d *documents) AddURL(ctx context.Context, raw string) (bot.ReloadResult, error) {
	u, err := web.ParseSource(raw)
	if err != nil {
		return bot.ReloadResult{}, refuse("That is not a web address; give one starting with https://.")
	}
	src := u.String()
	if slices.Contains(d.cfg.URLs, src) {
		return bot.ReloadResult{}, refuse("%s is already indexed (the operator configured it); /reload fetches it again.", src)
	}
	if err := d.lock.lock(ctx); err != nil {
		return bot.ReloadResult{}, err
	}
	defer d.lock.unlock()
	list, err := d.m.urls()
	if err != nil {
		return bot.ReloadResult{}, err
	}
	listed := slices.Contains(list, src)
	if !listed {
		if err := d.m.setURLs(append(slices.Clone(list), src)); err != nil {
			return bot.ReloadResult{}, err
		}
	}
	var wrep web.Report
	rep, err := d.run(ctx, false, &wrep)
	if err != nil {
		if !listed {
			err = errors.Join(err, d.m.setURLs(list))
		}
		return bot.ReloadResult{}, err
	}
	if reason := fetchFailure(wrep, src); reason != "" && !listed {
		if err := d.m.setURLs(list); err != nil {
			return bot.ReloadResult{}, err
		}
		return bot.ReloadResult{}, refuse("I couldn't add %s: %s. Check the address, or try again later.", src, reason)
	}
	return reloadResult(rep), nil
}

// fetchFailure is why the source src failed in a web report, or "".
func fetchFailure(r web.Report, src string) string {
	for _, f := range slices.Concat(r.Kept, r.Skipped) {
		if f.URL == src {
			return f.Reason
		}
	}
	if slices.Contains(r.Disallowed, src) {
		return "the site's robots.txt does not allow it"
	}
	return ""
}

// Remove removes an uploaded file (by its name, with or without
// "uploads/" or its extension) or an added address, and syncs.
func (d *documents) Remove(ctx context.Context, name string) (bot.ReloadResult, error) {
	name = strings.TrimPrefix(strings.TrimSpace(name), uploadsMount+"/")
	if err := d.lock.lock(ctx); err != nil {
		return bot.ReloadResult{}, err
	}
	defer d.lock.unlock()
	list, err := d.m.urls()
	if err != nil {
		return bot.ReloadResult{}, err
	}
	if u, err := web.ParseSource(name); err == nil && slices.Contains(list, u.String()) {
		rest := slices.DeleteFunc(slices.Clone(list), func(s string) bool { return s == u.String() })
		if err := d.m.setURLs(rest); err != nil {
			return bot.ReloadResult{}, err
		}
		rep, err := d.run(ctx, false, nil)
		if err != nil {
			return bot.ReloadResult{}, errors.Join(err, d.m.setURLs(list))
		}
		return reloadResult(rep), nil
	}
	files := d.m.files()
	for _, f := range files {
		if f == name || f == uploadName(name) || strings.TrimSuffix(f, path.Ext(f)) == name {
			full := filepath.Join(d.m.dir, f)
			old, err := os.ReadFile(full)
			if err != nil {
				return bot.ReloadResult{}, fmt.Errorf("remove upload: %w", err)
			}
			if err := os.Remove(full); err != nil {
				return bot.ReloadResult{}, fmt.Errorf("remove upload: %w", err)
			}
			rep, err := d.run(ctx, true, nil)
			if err != nil {
				return bot.ReloadResult{}, errors.Join(err, d.m.write(f, old))
			}
			id := uploadsMount + "/" + strings.TrimSuffix(f, path.Ext(f))
			if s := unreadableOver(rep, uploadsMount+"/"+f); s != nil && !slices.Contains(rep.Removed, id) {
				// the index keeps the documents under a folder it cannot
				// read: the file goes back, as the document stays
				if err := d.m.write(f, old); err != nil {
					return bot.ReloadResult{}, err
				}
				return bot.ReloadResult{}, refuse("“%s” was not removed: the index could not read %s (%s), so it keeps the documents there as they were. Ask the server's operator to fix it.", f, s.Path, s.Reason)
			}
			return reloadResult(rep), nil
		}
	}
	known := append(files, list...)
	if len(known) == 0 {
		return bot.ReloadResult{}, refuse("Nothing was added from Discord, so there is nothing to remove. Documents in the operator's folder are changed there.")
	}
	if len(known) > 20 {
		known = append(known[:20], "…")
	}
	return bot.ReloadResult{}, refuse("No document added from Discord is called “%s”. Added from Discord: %s.", name, strings.Join(known, ", "))
}

// resync re-syncs the corpus every interval until ctx ends, skipping a
// turn while another sync (/reload, /docs) runs, and reports each run as
// /reload does: a log line and the reload metric.
func (s *syncer) resync(ctx context.Context, clk clock.Clock, every time.Duration, m interface {
	Reload(bool, time.Duration)
}, log *slog.Logger) {
	for {
		t := clk.NewTimer(every)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C():
		}
		if !s.lock.tryLock() {
			log.Info("scheduled re-sync skipped: another sync is running")
			continue
		}
		start := clk.Now()
		rep, err := s.run(ctx, false, nil)
		s.lock.unlock()
		took := clk.Now().Sub(start)
		switch {
		case err != nil && ctx.Err() != nil:
			return
		case err != nil:
			m.Reload(false, took)
			log.Error("scheduled re-sync failed; the previous index keeps answering", "error", err)
		default:
			m.Reload(true, took)
			log.Info("scheduled re-sync", "added", len(rep.Added), "changed", len(rep.Changed), "removed", len(rep.Removed),
				"skipped", len(rep.Skipped), "documents", rep.Documents, "passages", rep.Passages, "seconds", rep.Seconds)
		}
	}
}

// startResync runs resync on a goroutine; wait returns once it has stopped.
func (s *syncer) startResync(ctx context.Context, every time.Duration, m interface {
	Reload(bool, time.Duration)
}, log *slog.Logger) (wait func()) {
	var wg sync.WaitGroup
	if every <= 0 {
		return wg.Wait
	}
	wg.Add(1)
	go func() { // owned by serve: it waits for it after ctx ends
		defer wg.Done()
		s.resync(ctx, clock.Real{}, every, m, log)
	}()
	return wg.Wait
}
