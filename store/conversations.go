package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/docbot/docbot/retrieval"
)

// Turns returns the turns of the conversation in channel, oldest first,
// and whether channel is a conversation updated at or after since. A cited
// passage that a reload has since removed comes back with its id only, so
// "source 2" still names the second source.
func (db *DB) Turns(ctx context.Context, channel string, since time.Time) ([]retrieval.Turn, bool, error) {
	var updated string
	err := db.sql().QueryRowContext(ctx, "SELECT updated_at FROM conversations WHERE channel = ?", channel).Scan(&updated)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && updated < stamp(since)) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("conversation: %w", err)
	}
	rows, err := db.sql().QueryContext(ctx, "SELECT question, answer, passage_ids FROM conversation_turns WHERE channel = ? ORDER BY id", channel)
	if err != nil {
		return nil, false, fmt.Errorf("conversation: %w", err)
	}
	defer rows.Close()
	var turns []retrieval.Turn
	var cited [][]string
	for rows.Next() {
		var t retrieval.Turn
		var ids string
		if err := rows.Scan(&t.Question, &t.Answer, &ids); err != nil {
			return nil, false, fmt.Errorf("conversation: %w", err)
		}
		var list []string
		if err := json.Unmarshal([]byte(ids), &list); err != nil {
			return nil, false, fmt.Errorf("conversation: passage ids: %w", err)
		}
		turns, cited = append(turns, t), append(cited, list)
	}
	if err := rows.Close(); err != nil {
		return nil, false, fmt.Errorf("conversation: %w", err)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("conversation: %w", err)
	}
	for i, ids := range cited {
		if turns[i].Sources, err = db.passagesByID(ctx, ids); err != nil {
			return nil, false, fmt.Errorf("conversation: %w", err)
		}
	}
	return turns, true, nil
}

// passagesByID returns the passages named (a JSON array of ids), in the
// order named.
func (db *DB) passagesByID(ctx context.Context, ids []string) ([]retrieval.Passage, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := db.sql().QueryContext(ctx, `SELECT p.id, p.doc_id, d.title, d.url, d.date, p.heading, p.body, p.ordinal, p.code
FROM passages p JOIN documents d ON d.id = p.doc_id WHERE p.id IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	found := map[string]retrieval.Passage{}
	for rows.Next() {
		var p retrieval.Passage
		var code string
		if err := rows.Scan(&p.ID, &p.DocID, &p.Title, &p.URL, &p.Date, &p.Heading, &p.Text, &p.Ordinal, &code); err != nil {
			return nil, err
		}
		p.Code = decodeSpans(code, len(p.Text))
		found[p.ID] = p
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]retrieval.Passage, len(ids))
	for i, id := range ids {
		p, ok := found[id]
		if !ok {
			p = retrieval.Passage{ID: id}
		}
		out[i] = p
	}
	return out, nil
}

// SaveTurn starts the conversation in channel, or marks it used, and adds
// t (when not nil) as its latest turn, keeping only the last keep turns.
func (db *DB) SaveTurn(ctx context.Context, channel string, t *retrieval.Turn, at time.Time, keep int) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO conversations(channel, started_at, updated_at) VALUES (?, ?, ?)
ON CONFLICT(channel) DO UPDATE SET updated_at = excluded.updated_at`, channel, stamp(at), stamp(at)); err != nil {
			return err
		}
		if t == nil {
			return nil
		}
		ids := make([]string, 0, len(t.Sources))
		for _, p := range t.Sources {
			ids = append(ids, p.ID)
		}
		list, err := json.Marshal(ids)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO conversation_turns(channel, question, answer, passage_ids, at) VALUES (?, ?, ?, ?, ?)",
			channel, t.Question, t.Answer, string(list), stamp(at)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM conversation_turns WHERE channel = ? AND id NOT IN
(SELECT id FROM conversation_turns WHERE channel = ? ORDER BY id DESC LIMIT ?)`, channel, channel, max(keep, 1))
		return err
	})
	if err != nil {
		return fmt.Errorf("save conversation turn: %w", err)
	}
	return nil
}

// ExpireConversations deletes the conversations not used since before,
// with their turns, and returns how many it deleted.
func (db *DB) ExpireConversations(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM conversations WHERE updated_at < ?", stamp(before))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("expire conversations: %w", err)
	}
	return int(n), nil
}

// stamp formats t as the fixed-width RFC 3339 UTC text the tables compare.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
