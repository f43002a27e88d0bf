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

// RecordQuestion logs a question and returns its public id, the one its
// feedback buttons carry: random, so it cannot be guessed.
func (db *DB) RecordQuestion(ctx context.Context, q retrieval.QuestionLog) (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("record question: %w", err)
	}
	id := hex.EncodeToString(b[:])
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO questions(public_id, guild, channel, private, user_hash, command, question, answer, outcome, passage_ids, asked_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, q.Guild, q.Channel, q.Private, q.UserHash, q.Command, q.Question, q.Answer, q.Outcome,
			strings.Join(q.PassageIDs, " "), q.At.UTC().Format(time.RFC3339))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("record question: %w", err)
	}
	return id, nil
}

// ErrUnknownQuestion means feedback named a question that is not logged,
// or one the voter could not have seen.
var ErrUnknownQuestion = errors.New("unknown question")

// RecordFeedback stores a 👍 (+1) or 👎 (-1) on a logged answer. Only a
// vote from where the answer was posted counts (same guild and channel),
// and on a private answer or in a DM only the asker's; anything else is
// ErrUnknownQuestion, as for an id that does not exist. A second vote by
// the same user replaces the first.
func (db *DB) RecordFeedback(ctx context.Context, v retrieval.Vote) error {
	if v.Value != 1 && v.Value != -1 {
		return fmt.Errorf("record feedback: vote %d is not +1 or -1", v.Value)
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var qid int64
		var guild, channel, asker string
		var private bool
		err := tx.QueryRowContext(ctx, "SELECT id, guild, channel, user_hash, private FROM questions WHERE public_id = ?", v.QuestionID).
			Scan(&qid, &guild, &channel, &asker, &private)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrUnknownQuestion
		}
		if err != nil {
			return err
		}
		if guild != v.Guild || channel != v.Channel || (private || guild == "") && asker != v.UserHash {
			return ErrUnknownQuestion
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO feedback(question_id, user_hash, vote, at) VALUES (?, ?, ?, ?)
ON CONFLICT(question_id, user_hash) DO UPDATE SET vote = excluded.vote, at = excluded.at`,
			qid, v.UserHash, v.Value, db.Now().UTC().Format(time.RFC3339))
		return err
	})
	if err != nil {
		return fmt.Errorf("record feedback: %w", err)
	}
	return nil
}

// Gaps lists one guild's questions since the given time that were not
// found, got a 👎 or needed a human ("Still need help?"), most frequent first. Private answers, DMs and other
// guilds are never listed; 👎 counts people, not clicks.
func (db *DB) Gaps(ctx context.Context, guild string, since time.Time, limit int) ([]retrieval.Gap, error) {
	if guild == "" {
		return nil, nil
	}
	rows, err := db.sql().QueryContext(ctx, `SELECT lower(trim(q.question)) AS k, min(q.question),
	sum(q.outcome = 'not_found') AS nf, sum(q.needs_human) AS nh,
	(SELECT count(DISTINCT f.user_hash) FROM feedback f JOIN questions q2 ON q2.id = f.question_id
	 WHERE f.vote < 0 AND q2.guild = ?1 AND q2.private = 0 AND q2.asked_at >= ?2 AND lower(trim(q2.question)) = lower(trim(q.question))) AS disliked
FROM questions q WHERE q.guild = ?1 AND q.private = 0 AND q.asked_at >= ?2
GROUP BY k HAVING nf + nh + disliked > 0
ORDER BY nf + nh + disliked DESC, k LIMIT ?3`, guild, since.UTC().Format(time.RFC3339), limit)
	if err != nil {
		return nil, fmt.Errorf("gaps: %w", err)
	}
	defer rows.Close()
	var gaps []retrieval.Gap
	for rows.Next() {
		var k string
		var g retrieval.Gap
		if err := rows.Scan(&k, &g.Question, &g.NotFound, &g.NeedsHuman, &g.Disliked); err != nil {
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
		err := db.sql().QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'user_salt'").Scan(&salt)
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
	rows, err := db.sql().QueryContext(ctx, `SELECT q.question, q.answer FROM questions q
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
