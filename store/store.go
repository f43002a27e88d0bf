// Package store keeps the corpus in SQLite: the schema and its migrations,
// incremental ingestion, and FTS5 search. It is the only package that
// speaks SQL.
//
// Build with the tag sqlite_fts5 (go build -tags sqlite_fts5); without it
// Open refuses to start with a message naming the tag.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/docbot/docbot/internal/text"
)

// driverName is go-sqlite3 with the functions the schema's triggers and
// views call registered on every connection: docbot_cjk (text.SpaceCJK),
// which the full-text index holds of each column.
const driverName = "sqlite3_docbot"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		if err := c.RegisterFunc("docbot_cjk", text.SpaceCJK, true); err != nil {
			return fmt.Errorf("register docbot_cjk: %w", err)
		}
		return nil
	}})
}

//go:embed migrations/*.sql
var migrations embed.FS

// ErrNoFTS5 means the binary was built without FTS5.
var ErrNoFTS5 = errors.New("this docbot was built without SQLite FTS5: rebuild with the build tag, e.g. go build -tags sqlite_fts5 ./cmd/docbot")

// ErrNewerSchema means the database was written by a newer docbot.
var ErrNewerSchema = errors.New("database schema is newer than this docbot")

// ErrDiskFull means a write ran out of disk space; the previous index is intact.
var ErrDiskFull = errors.New("the disk holding the database is full: free space, then index again (the previous index is unchanged)")

// ErrReadOnly means the database cannot be written; the previous index is intact.
var ErrReadOnly = errors.New("the database is read-only: check the file's and the volume's permissions, then index again (the previous index is unchanged)")

// classify turns SQLite's disk-full and read-only errors into ErrDiskFull
// and ErrReadOnly, keeping SQLite's message for the log.
func classify(err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code {
	case sqlite3.ErrFull:
		return fmt.Errorf("%w (%v)", ErrDiskFull, err)
	case sqlite3.ErrReadonly:
		return fmt.Errorf("%w (%v)", ErrReadOnly, err)
	}
	return err
}

// DB is the corpus index. It is safe for concurrent use: one writer at a
// time (write transactions take SQLite's write lock up front) and any
// number of readers, who keep seeing the previous index until a write commits.
type DB struct {
	h      atomic.Pointer[handle] // the open database; replaced by reopen
	path   string
	params string // the DSN parameters it was opened with
	// Now is the clock used for indexed_at; tests may replace it.
	Now func() time.Time

	readOnly bool
	terms    termCache
	vocab    vocabCache
	hits     hitCache

	// Log reports a database reopened because its files changed under the
	// process (see reopen); nil means slog.Default().
	Log      *slog.Logger
	reopenMu sync.Mutex

	// writing admits one write transaction of this process at a time, in
	// arrival order. SQLite would make the others poll its lock with
	// growing sleeps (up to 100 ms each), so a burst of 40 small writes
	// had its last one wait about 200 ms for a lock free most of the time.
	writing chan struct{}
}

// handle is an open database/sql handle and what identifies its files.
type handle struct {
	db *sql.DB
	// pin keeps one connection open for the life of the handle, so that
	// SQLite never removes the -wal file itself; files identifies the
	// database and -wal files as opened. Together they let a write notice
	// that the files were deleted or replaced under the process (see
	// checkFiles).
	pin   *sql.Conn
	files [2]os.FileInfo
}

// sql returns the current database/sql handle.
func (db *DB) sql() *sql.DB { return db.h.Load().db }

// Open opens or creates the database at path and migrates it.
//
// A database that exists but cannot be written — on a read-only mount or
// in a folder where SQLite cannot create its -wal and -shm files, as when
// a prebuilt index ships with a corpus — is opened read-only: it answers
// questions, ReadOnly reports it, and writes fail with ErrReadOnly.
func Open(ctx context.Context, path string) (*DB, error) {
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("open database %s: the path must not contain '?' or '#'", path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
	}
	// WAL lets readers continue while a reload writes. The busy timeout makes
	// a second writer wait instead of failing. _txlock=immediate takes the
	// write lock at BEGIN: a deferred transaction that reads and then writes
	// fails at once with "database is locked", ignoring the busy timeout.
	db, err := open(ctx, path, "_journal_mode=WAL&_busy_timeout=10000&_foreign_keys=on&_txlock=immediate&_synchronous=NORMAL", false)
	if err == nil || errors.Is(err, ErrNoFTS5) || !cannotWrite(err) {
		return db, err
	}
	if _, statErr := os.Stat(path); statErr != nil {
		return nil, err // nothing to read either
	}
	// mode=ro needs a writable -shm file when the database is in WAL mode;
	// immutable=1 needs none, but ignores a -wal file, so it is only used
	// when there is no -wal holding writes.
	ro, roErr := open(ctx, path, "mode=ro&_busy_timeout=10000", true)
	if roErr == nil {
		return ro, nil
	}
	if info, statErr := os.Stat(path + "-wal"); statErr == nil && info.Mode().IsRegular() && info.Size() > 0 {
		return nil, fmt.Errorf("%w; read-only, its -wal file holds writes not yet merged: open it once where it can be written (or copy it while no docbot runs)", err)
	}
	ro, roErr = open(ctx, path, "mode=ro&immutable=1", true)
	if roErr != nil {
		return nil, err
	}
	return ro, nil
}

// cannotWrite reports errors that opening read-only may get around.
func cannotWrite(err error) bool {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code {
	case sqlite3.ErrCantOpen, sqlite3.ErrReadonly, sqlite3.ErrPerm, sqlite3.ErrIoErr, sqlite3.ErrAuth:
		return true
	}
	return false
}

// stmtCache is how many prepared statements each connection keeps, by
// their SQL text (go-sqlite3's _stmt_cache_size): a question's search and
// generation query are then parsed and planned once per connection, not
// once per question. Preparing the search was 4 % of Retrieve at 1k
// passages (see docs/BENCHMARKS.md, "Session 9, issue 19").
const stmtCache = "_stmt_cache_size=32"

func open(ctx context.Context, path, params string, readOnly bool) (*DB, error) {
	sqldb, err := sql.Open(driverName, "file:"+path+"?"+params+"&"+stmtCache)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db := &DB{path: path, params: params, Now: time.Now, readOnly: readOnly, writing: make(chan struct{}, 1)}
	db.h.Store(&handle{db: sqldb})
	// Switching a fresh file to WAL takes an exclusive lock, and SQLite
	// does not wait for it (the busy handler is skipped to avoid a
	// deadlock): a connection opened while another process does the same
	// fails with "database is locked". Retry for as long as the busy
	// timeout would have waited.
	deadline := time.Now().Add(10 * time.Second)
	for attempt := 1; ; attempt++ {
		err = db.checkFTS5(ctx)
		if err == nil {
			if err = db.migrate(ctx); err != nil {
				err = fmt.Errorf("open database %s: %w", path, err)
			}
		}
		if err == nil || !busy(err) || time.Now().After(deadline) {
			break
		}
		select {
		case <-ctx.Done():
			err = ctx.Err()
		case <-time.After(time.Duration(min(attempt, 20)) * 5 * time.Millisecond):
			continue
		}
		break
	}
	if err != nil {
		sqldb.Close()
		return nil, err
	}
	if !readOnly {
		if err := db.pinFiles(ctx); err != nil {
			sqldb.Close()
			return nil, fmt.Errorf("open database %s: %w", path, err)
		}
	}
	return db, nil
}

// ErrFilesChanged means the database file was deleted while docbot had it
// open (or its files changed and reopening them failed): writes would go
// to a file nobody reads and be lost, so they are refused. A deleted -wal
// file or a replaced database is reopened in place instead (see checkFiles).
var ErrFilesChanged = errors.New("the database file was deleted under docbot: restore it or restart docbot")

func (db *DB) pinFiles(ctx context.Context) error {
	h := db.h.Load()
	conn, err := h.db.Conn(ctx)
	if err != nil {
		return err
	}
	var one int
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM meta").Scan(&one); err != nil {
		conn.Close()
		return err
	}
	pinned := &handle{db: h.db, pin: conn}
	for i, p := range []string{db.path, db.path + "-wal"} {
		if info, err := os.Stat(p); err == nil {
			pinned.files[i] = info
		}
	}
	db.h.Store(pinned)
	return nil
}

// checkFiles reports ErrFilesChanged when the database or -wal file at
// its path is not the one opened. When the database file is still there
// (only its -wal was deleted, or it was replaced by another database, as
// a restore does), it reopens it in place and logs that, so later writes
// are kept; a deleted database file is only reported: reopening would
// create an empty one.
func (db *DB) checkFiles() error {
	err := db.filesChanged(db.h.Load())
	if err == nil {
		return nil
	}
	if info, statErr := os.Stat(db.path); statErr != nil || !info.Mode().IsRegular() {
		return err
	}
	return db.reopen(err)
}

// reopen replaces the handle whose files changed (cause) with a new one on
// the files now at the path.
func (db *DB) reopen(cause error) error {
	db.reopenMu.Lock()
	defer db.reopenMu.Unlock()
	old := db.h.Load()
	if db.filesChanged(old) == nil {
		return nil // another writer reopened it meanwhile
	}
	log := db.Log
	if log == nil {
		log = slog.Default()
	}
	// The old handle goes first: while it holds the -shm file, SQLite
	// cannot rebuild the index of a -wal file that is gone. Close waits
	// for the queries running on it.
	if old.pin != nil {
		old.pin.Close()
	}
	old.db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	fresh, err := open(ctx, db.path, db.params, db.readOnly)
	if err != nil {
		log.Error("database files changed under docbot and reopening them failed: restart docbot", "db", db.path, "cause", cause, "error", err)
		return fmt.Errorf("%w; reopening it failed: %v", cause, err)
	}
	db.h.Store(fresh.h.Load())
	log.Warn("database files changed under docbot: reopened them; writes not yet merged into the database file before that are lost", "db", db.path, "cause", cause)
	return nil
}

// filesChanged reports ErrFilesChanged when the database or -wal file at
// its path is not the one h opened.
func (db *DB) filesChanged(h *handle) error {
	for i, p := range []string{db.path, db.path + "-wal"} {
		if h.files[i] == nil {
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("%w: %s: %v", ErrFilesChanged, p, errors.Unwrap(err))
		}
		if !os.SameFile(info, h.files[i]) {
			return fmt.Errorf("%w: %s is another file now", ErrFilesChanged, p)
		}
	}
	return nil
}

func busy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}

// ReadOnly reports whether the database was opened read-only (see Open).
func (db *DB) ReadOnly() bool { return db.readOnly }

// Close closes the database.
func (db *DB) Close() error {
	h := db.h.Load()
	if h.pin != nil {
		h.pin.Close()
	}
	return h.db.Close()
}

// Check runs SQLite's integrity_check and FTS5's integrity-check with
// rank 1, which also compares the full-text index with the passages it
// indexes (through docbot_cjk): without it FTS5 checks only that the index
// agrees with itself, and a passage changed behind its back (a write
// that bypassed the triggers) would pass.
func (db *DB) Check(ctx context.Context) error {
	var res string
	if err := db.sql().QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("check %s: %w", db.path, err)
	}
	if res != "ok" {
		return fmt.Errorf("check %s: integrity_check: %s", db.path, res)
	}
	// FTS5's check is an INSERT command: it writes nothing but needs write access.
	if _, err := db.sql().ExecContext(ctx, "INSERT INTO passages_fts(passages_fts, rank) VALUES('integrity-check', 1)"); err != nil {
		if errors.Is(classify(err), ErrReadOnly) {
			return fmt.Errorf("check %s: integrity_check ok, but the full-text check needs write access and the database is read-only", db.path)
		}
		return fmt.Errorf("check %s: full-text index: %w", db.path, err)
	}
	return nil
}

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }

func (db *DB) checkFTS5(ctx context.Context) error {
	rows, err := db.sql().QueryContext(ctx, "PRAGMA compile_options")
	if err != nil {
		return fmt.Errorf("open database %s: %w", db.path, err)
	}
	defer rows.Close()
	var opts []string
	for rows.Next() {
		var o string
		if err := rows.Scan(&o); err != nil {
			return err
		}
		opts = append(opts, o)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return fts5Available(opts)
}

// fts5Available checks SQLite's compile options for FTS5.
func fts5Available(compileOptions []string) error {
	if slices.Contains(compileOptions, "ENABLE_FTS5") {
		return nil
	}
	return ErrNoFTS5
}

// migrate applies the embedded migrations in name order, each in its own
// transaction, recording progress in PRAGMA user_version. The version is
// read again inside each (immediate, so write-locked) transaction: when
// several processes open a fresh database at once, one migrates and the
// others find the work done.
func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	slices.Sort(names)
	version, err := schemaVersion(ctx, db.sql())
	if err != nil {
		return err
	}
	for {
		if version > len(names) {
			return fmt.Errorf("%w (schema %d, this build knows %d): upgrade docbot or point --db at another file", ErrNewerSchema, version, len(names))
		}
		if version == len(names) {
			return nil
		}
		if db.readOnly {
			return fmt.Errorf("schema %d needs upgrading to %d, but the database is read-only: open it once where it can be written", version, len(names))
		}
		err := db.inTx(ctx, func(tx *sql.Tx) error {
			if version, err = schemaVersion(ctx, tx); err != nil || version >= len(names) {
				return err
			}
			script, err := migrations.ReadFile(names[version])
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(script)); err != nil {
				return fmt.Errorf("migration %s: %w", names[version], err)
			}
			version++
			_, err = tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", version))
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
}

func schemaVersion(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	var v int
	if err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}

// writeWait is how long a write waits for the one before it, as the
// busy timeout (_busy_timeout) makes it wait for another process's.
const writeWait = 10 * time.Second

var errWriteWait = fmt.Errorf("database is locked: another write has held it for %v", writeWait)

// inTx runs fn in a write transaction, committing when it returns nil.
// The process's write transactions run one at a time, in arrival order.
func (db *DB) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	wait := time.NewTimer(writeWait)
	defer wait.Stop()
	select {
	case db.writing <- struct{}{}:
		defer func() { <-db.writing }()
	case <-ctx.Done():
		return ctx.Err()
	case <-wait.C: // as SQLite's busy timeout would have failed it
		return errWriteWait
	}
	if err := db.checkFiles(); err != nil {
		return err
	}
	tx, err := db.sql().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// DefaultPath is the database used when none is configured: docbot.db in
// the user's cache directory.
func DefaultPath() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "docbot", "docbot.db")
}

// FTS5Compiled reports whether this binary's SQLite has FTS5.
func FTS5Compiled(ctx context.Context) bool {
	sqldb, err := sql.Open(driverName, ":memory:")
	if err != nil {
		return false
	}
	defer sqldb.Close()
	db := &DB{path: ":memory:", writing: make(chan struct{}, 1)}
	db.h.Store(&handle{db: sqldb})
	return db.checkFTS5(ctx) == nil
}

// Ping checks the database answers.
// Ping checks the database answers and its files are still the ones opened.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.checkFiles(); err != nil {
		return err
	}
	return db.sql().PingContext(ctx)
}
