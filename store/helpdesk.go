package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/docbot/docbot/retrieval"
)

// GuildSettings returns a server's help-desk settings; a server nobody
// configured has the zero settings (every value the default).
func (db *DB) GuildSettings(ctx context.Context, guild string) (retrieval.GuildSettings, error) {
	s := retrieval.GuildSettings{Guild: guild}
	var private, budget sql.NullInt64
	err := db.sql().QueryRowContext(ctx, "SELECT helper_role, private_default, daily_budget FROM guild_settings WHERE guild = ?", guild).
		Scan(&s.HelperRole, &private, &budget)
	if errors.Is(err, sql.ErrNoRows) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("guild settings: %w", err)
	}
	if private.Valid {
		s.PrivateDefault = new(bool)
		*s.PrivateDefault = private.Int64 != 0
	}
	if budget.Valid {
		s.DailyBudget = new(int)
		*s.DailyBudget = int(budget.Int64)
	}
	return s, nil
}

// SaveGuildSettings replaces a server's settings.
func (db *DB) SaveGuildSettings(ctx context.Context, s retrieval.GuildSettings) error {
	var private, budget any
	if s.PrivateDefault != nil {
		private = *s.PrivateDefault
	}
	if s.DailyBudget != nil {
		budget = *s.DailyBudget
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO guild_settings(guild, helper_role, private_default, daily_budget, updated_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT(guild) DO UPDATE SET helper_role = excluded.helper_role, private_default = excluded.private_default,
	daily_budget = excluded.daily_budget, updated_at = excluded.updated_at`,
			s.Guild, s.HelperRole, private, budget, db.Now().UTC().Format(time.RFC3339))
		return err
	})
	if err != nil {
		return fmt.Errorf("save guild settings: %w", classify(err))
	}
	return nil
}

// ChannelSettings returns a channel's settings, and whether a moderator
// set them; a channel nobody configured has the defaults.
func (db *DB) ChannelSettings(ctx context.Context, channel string) (retrieval.ChannelSettings, bool, error) {
	s := retrieval.DefaultChannelSettings(channel, "")
	err := db.sql().QueryRowContext(ctx, "SELECT guild, forum, auto_answer, mention_required, in_thread FROM channel_settings WHERE channel = ?", channel).
		Scan(&s.Guild, &s.Forum, &s.AutoAnswer, &s.MentionRequired, &s.InThread)
	if errors.Is(err, sql.ErrNoRows) {
		return s, false, nil
	}
	if err != nil {
		return s, false, fmt.Errorf("channel settings: %w", err)
	}
	return s, true, nil
}

// GuildChannelSettings lists the configured channels of a server.
func (db *DB) GuildChannelSettings(ctx context.Context, guild string) ([]retrieval.ChannelSettings, error) {
	return scanChannelSettings(db.sql().QueryContext(ctx, `SELECT channel, guild, forum, auto_answer, mention_required, in_thread
FROM channel_settings WHERE guild = ? ORDER BY channel`, guild))
}

// ContentChannels lists the configured channels, of any server, in which
// docbot reads ordinary messages (retrieval.ChannelSettings.NeedsContent).
func (db *DB) ContentChannels(ctx context.Context) ([]retrieval.ChannelSettings, error) {
	return scanChannelSettings(db.sql().QueryContext(ctx, `SELECT channel, guild, forum, auto_answer, mention_required, in_thread
FROM channel_settings WHERE auto_answer = 1 OR mention_required = 0 ORDER BY channel`))
}

func scanChannelSettings(rows *sql.Rows, err error) ([]retrieval.ChannelSettings, error) {
	if err != nil {
		return nil, fmt.Errorf("channel settings: %w", err)
	}
	defer rows.Close()
	var out []retrieval.ChannelSettings
	for rows.Next() {
		var s retrieval.ChannelSettings
		if err := rows.Scan(&s.Channel, &s.Guild, &s.Forum, &s.AutoAnswer, &s.MentionRequired, &s.InThread); err != nil {
			return nil, fmt.Errorf("channel settings: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SaveChannelSettings replaces a channel's settings.
func (db *DB) SaveChannelSettings(ctx context.Context, s retrieval.ChannelSettings) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO channel_settings(channel, guild, forum, auto_answer, mention_required, in_thread, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(channel) DO UPDATE SET guild = excluded.guild, forum = excluded.forum, auto_answer = excluded.auto_answer,
	mention_required = excluded.mention_required, in_thread = excluded.in_thread, updated_at = excluded.updated_at`,
			s.Channel, s.Guild, s.Forum, s.AutoAnswer, s.MentionRequired, s.InThread, db.Now().UTC().Format(time.RFC3339))
		return err
	})
	if err != nil {
		return fmt.Errorf("save channel settings: %w", classify(err))
	}
	return nil
}

// ResetChannelSettings returns a server's channel to the defaults; it
// reports whether the channel had settings.
func (db *DB) ResetChannelSettings(ctx context.Context, guild, channel string) (bool, error) {
	var n int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM channel_settings WHERE guild = ? AND channel = ?", guild, channel)
		if err == nil {
			n, err = res.RowsAffected()
		}
		return err
	})
	if err != nil {
		return false, fmt.Errorf("reset channel settings: %w", classify(err))
	}
	return n > 0, nil
}

// StartHelpThread records a help thread; a thread already recorded keeps
// its asker and state.
func (db *DB) StartHelpThread(ctx context.Context, t retrieval.HelpThread) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO help_threads(thread, guild, parent, forum, asker_hash, started_at) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT(thread) DO NOTHING`, t.Thread, t.Guild, t.Parent, t.Forum, t.AskerHash, t.StartedAt.UTC().Format(time.RFC3339))
		return err
	})
	if err != nil {
		return fmt.Errorf("start help thread: %w", classify(err))
	}
	return nil
}

// HelpThread returns a help thread, and whether it is one.
func (db *DB) HelpThread(ctx context.Context, thread string) (retrieval.HelpThread, bool, error) {
	t := retrieval.HelpThread{Thread: thread}
	var started string
	err := db.sql().QueryRowContext(ctx, `SELECT guild, parent, forum, asker_hash, started_at, helper_called_at IS NOT NULL, solved_at IS NOT NULL
FROM help_threads WHERE thread = ?`, thread).Scan(&t.Guild, &t.Parent, &t.Forum, &t.AskerHash, &started, &t.HelperCalled, &t.Solved)
	if errors.Is(err, sql.ErrNoRows) {
		return t, false, nil
	}
	if err != nil {
		return t, false, fmt.Errorf("help thread: %w", err)
	}
	t.StartedAt, _ = time.Parse(time.RFC3339, started)
	return t, true, nil
}

// CallHelper records that the helpers were called to a thread and marks
// its questions as needing a human (/gaps lists them). It reports false
// when they had already been called: they are called once per thread.
func (db *DB) CallHelper(ctx context.Context, thread string, at time.Time) (bool, error) {
	first := false
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE help_threads SET helper_called_at = ? WHERE thread = ? AND helper_called_at IS NULL",
			at.UTC().Format(time.RFC3339), thread)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		first = true
		_, err = tx.ExecContext(ctx, "UPDATE questions SET needs_human = 1 WHERE channel = ?", thread)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("call helper: %w", classify(err))
	}
	return first, nil
}

// MarkSolved marks a help thread solved, and its latest answer as the one
// that solved it. It reports false when the thread was already solved.
func (db *DB) MarkSolved(ctx context.Context, thread string, at time.Time) (bool, error) {
	first := false
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE help_threads SET solved_at = ? WHERE thread = ? AND solved_at IS NULL",
			at.UTC().Format(time.RFC3339), thread)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		first = true
		_, err = tx.ExecContext(ctx, `UPDATE questions SET solved = 1 WHERE id = (
	SELECT id FROM questions WHERE channel = ? AND outcome = 'answered' ORDER BY id DESC LIMIT 1)`, thread)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("mark solved: %w", classify(err))
	}
	return first, nil
}

// SolvedAnswers returns the answers marked as solving their question since
// the given time, most recent first, one per question text.
func (db *DB) SolvedAnswers(ctx context.Context, since time.Time) ([]retrieval.Solved, error) {
	rows, err := db.sql().QueryContext(ctx, `SELECT question, answer FROM questions WHERE solved = 1 AND asked_at >= ?
ORDER BY asked_at DESC, id DESC`, since.UTC().Format(time.RFC3339))
	if err != nil {
		return nil, fmt.Errorf("solved answers: %w", err)
	}
	defer rows.Close()
	var out []retrieval.Solved
	seen := map[string]bool{}
	for rows.Next() {
		var s retrieval.Solved
		if err := rows.Scan(&s.Question, &s.Answer); err != nil {
			return nil, fmt.Errorf("solved answers: %w", err)
		}
		if k := strings.ToLower(strings.TrimSpace(s.Question)); !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out, rows.Err()
}

// AnsweredWith returns questions asked in public in a server that were
// answered citing the passage, most asked first: what that passage is
// known to answer (suggested follow-ups).
func (db *DB) AnsweredWith(ctx context.Context, guild, passageID string, limit int) ([]string, error) {
	like := "% " + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(passageID) + " %"
	rows, err := db.sql().QueryContext(ctx, `SELECT min(question) FROM questions
WHERE guild = ? AND private = 0 AND outcome = 'answered' AND ' ' || passage_ids || ' ' LIKE ? ESCAPE '\'
GROUP BY lower(trim(question)) ORDER BY count(*) DESC, max(asked_at) DESC LIMIT ?`, guild, like, limit)
	if err != nil {
		return nil, fmt.Errorf("answered with %s: %w", passageID, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var q string
		if err := rows.Scan(&q); err != nil {
			return nil, fmt.Errorf("answered with %s: %w", passageID, err)
		}
		out = append(out, q)
	}
	return out, rows.Err()
}
