package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Setting returns the value of a setting the index was built with (see
// SetSetting), or "" when none was recorded.
func (db *DB) Setting(ctx context.Context, name string) (string, error) {
	var v string
	err := db.sql().QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", "setting:"+name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("setting %s: %w", name, err)
	}
	return v, nil
}

// SetSetting records a setting the index was built with, such as the file
// size limit, so that a later run without it indexes the same files.
func (db *DB) SetSetting(ctx context.Context, name, value string) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, "setting:"+name, value)
		return err
	})
	if err != nil {
		return fmt.Errorf("record setting %s: %w", name, classify(err))
	}
	return nil
}
