package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/docbot/docbot/retrieval"
)

// RecordQuestion logs a question and returns its id (for feedback).
func (db *DB) RecordQuestion(ctx context.Context, q retrieval.QuestionLog) (int64, error) {
	var id int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO questions(guild, user_hash, command, question, answer, outcome, passage_ids, asked_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, q.Guild, q.UserHash, q.Command, q.Question, q.Answer, q.Outcome,
			strings.Join(q.PassageIDs, " "), q.At.UTC().Format(time.RFC3339))
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("record question: %w", err)
	}
	return id, nil
}

// ErrUnknownQuestion means feedback named a question that is not logged.
var ErrUnknownQuestion = errors.New("unknown question")

// RecordFeedback stores a user's 👍 (+1) or 👎 (-1) on a logged answer;
// a second vote by the same user replaces the first.
func (db *DB) RecordFeedback(ctx context.Context, questionID int64, userHash string, vote int) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM questions WHERE id = ?", questionID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return ErrUnknownQuestion
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO feedback(question_id, user_hash, vote, at) VALUES (?, ?, ?, ?)
ON CONFLICT(question_id, user_hash) DO UPDATE SET vote = excluded.vote, at = excluded.at`,
			questionID, userHash, vote, db.Now().UTC().Format(time.RFC3339))
		return err
	})
	if err != nil {
		return fmt.Errorf("record feedback: %w", err)
	}
	return nil
}

// Gaps lists questions since the given time that were not found or got a
// 👎, most frequent first.
func (db *DB) Gaps(ctx context.Context, since time.Time, limit int) ([]retrieval.Gap, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT lower(trim(q.question)) AS k, min(q.question),
	sum(q.outcome = 'not_found'), sum(EXISTS (SELECT 1 FROM feedback f WHERE f.question_id = q.id AND f.vote < 0))
FROM questions q WHERE q.asked_at >= ?
GROUP BY k HAVING sum(q.outcome = 'not_found') + sum(EXISTS (SELECT 1 FROM feedback f WHERE f.question_id = q.id AND f.vote < 0)) > 0
ORDER BY 3 + 4 DESC, k LIMIT ?`, since.UTC().Format(time.RFC3339), limit)
	if err != nil {
		return nil, fmt.Errorf("gaps: %w", err)
	}
	defer rows.Close()
	var gaps []retrieval.Gap
	for rows.Next() {
		var k string
		var g retrieval.Gap
		if err := rows.Scan(&k, &g.Question, &g.NotFound, &g.Disliked); err != nil {
			return nil, fmt.Errorf("gaps: %w", err)
		}
		gaps = append(gaps, g)
	}
	return gaps, rows.Err()
}

// TakeBudget counts one question against a user's daily budget and
// reports whether it was within the limit. Budgets survive restarts.
func (db *DB) TakeBudget(ctx context.Context, userHash string, limit int) (bool, error) {
	day := db.Now().UTC().Format("2006-01-02")
	ok := false
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var used int
		err := tx.QueryRowContext(ctx, "SELECT used FROM budgets WHERE user_hash = ? AND day = ?", userHash, day).Scan(&used)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if used >= limit {
			return nil
		}
		ok = true
		_, err = tx.ExecContext(ctx, `INSERT INTO budgets(user_hash, day, used) VALUES (?, ?, 1)
ON CONFLICT(user_hash, day) DO UPDATE SET used = used + 1`, userHash, day)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("take budget: %w", err)
	}
	return ok, nil
}

// Salt returns this database's random salt for hashing user ids, created
// on first use, so hashes cannot be reversed with a table of known ids.
// On a read-only database without one, the salt lives only as long as
// the process (nothing about users can be stored there anyway).
func (db *DB) Salt(ctx context.Context) (string, error) {
	var salt string
	if db.readOnly {
		err := db.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'user_salt'").Scan(&salt)
		if errors.Is(err, sql.ErrNoRows) {
			var b [16]byte
			rand.Read(b[:])
			return hex.EncodeToString(b[:]), nil
		}
		if err != nil {
			return "", fmt.Errorf("user salt: %w", err)
		}
		return salt, nil
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'user_salt'").Scan(&salt)
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var b [16]byte
		if _, err := rand.Read(b[:]); err != nil {
			return err
		}
		salt = hex.EncodeToString(b[:])
		_, err = tx.ExecContext(ctx, "INSERT INTO meta(key, value) VALUES ('user_salt', ?)", salt)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("user salt: %w", err)
	}
	return salt, nil
}

// Disliked returns the questions whose answers got a 👎 since the given
// time, with the answer given, most recent first, one entry per question text.
func (db *DB) Disliked(ctx context.Context, since time.Time) ([][2]string, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT q.question, q.answer FROM questions q
WHERE q.asked_at >= ? AND EXISTS (SELECT 1 FROM feedback f WHERE f.question_id = q.id AND f.vote < 0)
ORDER BY q.asked_at DESC`, since.UTC().Format(time.RFC3339))
	if err != nil {
		return nil, fmt.Errorf("disliked answers: %w", err)
	}
	defer rows.Close()
	var out [][2]string
	seen := map[string]bool{}
	for rows.Next() {
		var q, a string
		if err := rows.Scan(&q, &a); err != nil {
			return nil, fmt.Errorf("disliked answers: %w", err)
		}
		if k := strings.ToLower(strings.TrimSpace(q)); !seen[k] {
			seen[k] = true
			out = append(out, [2]string{q, a})
		}
	}
	return out, rows.Err()
}
