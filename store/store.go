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
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

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
	db   *sql.DB
	path string
	// Now is the clock used for indexed_at; tests may replace it.
	Now func() time.Time

	terms termCache
	vocab vocabCache
}

// Open opens or creates the database at path and migrates it.
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
	dsn := "file:" + path + "?_journal_mode=WAL&_busy_timeout=10000&_foreign_keys=on&_txlock=immediate&_synchronous=NORMAL"
	sqldb, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db := &DB{db: sqldb, path: path, Now: time.Now}
	if err := db.checkFTS5(ctx); err != nil {
		sqldb.Close()
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error { return db.db.Close() }

// Check runs SQLite's integrity_check and FTS5's integrity-check (the
// full-text index agrees with the passages it indexes).
func (db *DB) Check(ctx context.Context) error {
	var res string
	if err := db.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("check %s: %w", db.path, err)
	}
	if res != "ok" {
		return fmt.Errorf("check %s: integrity_check: %s", db.path, res)
	}
	// FTS5's check is an INSERT command: it writes nothing but needs write access.
	if _, err := db.db.ExecContext(ctx, "INSERT INTO passages_fts(passages_fts) VALUES('integrity-check')"); err != nil {
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
	rows, err := db.db.QueryContext(ctx, "PRAGMA compile_options")
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
// transaction, recording progress in PRAGMA user_version.
func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	slices.Sort(names)
	var version int
	if err := db.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if version > len(names) {
		return fmt.Errorf("%w (schema %d, this build knows %d): upgrade docbot or point --db at another file", ErrNewerSchema, version, len(names))
	}
	for i := version; i < len(names); i++ {
		script, err := migrations.ReadFile(names[i])
		if err != nil {
			return err
		}
		if err := db.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, string(script)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1))
			return err
		}); err != nil {
			return fmt.Errorf("migration %s: %w", names[i], err)
		}
	}
	return nil
}

// inTx runs fn in a write transaction, committing when it returns nil.
func (db *DB) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.db.BeginTx(ctx, nil)
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
	sqldb, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		return false
	}
	defer sqldb.Close()
	db := &DB{db: sqldb, path: ":memory:"}
	return db.checkFTS5(ctx) == nil
}

// Ping checks the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.db.PingContext(ctx) }
