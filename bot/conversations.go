package bot

import (
	"context"
	"sync"
	"time"

	"github.com/docbot/docbot/internal/lru"
	"github.com/docbot/docbot/retrieval"
)

// turnsKept is how much of a conversation follow-ups see.
const turnsKept = 6

// Conversations keeps the turns of threads and DMs (the store, in SQLite,
// so they survive restarts).
type Conversations interface {
	// Turns returns channel's turns, oldest first, and whether channel is
	// a conversation used at or after since.
	Turns(ctx context.Context, channel string, since time.Time) ([]retrieval.Turn, bool, error)
	// SaveTurn starts channel's conversation or marks it used, adding t
	// (when not nil) and keeping the last keep turns.
	SaveTurn(ctx context.Context, channel string, t *retrieval.Turn, at time.Time, keep int) error
	// ExpireConversations deletes conversations unused since before.
	ExpireConversations(ctx context.Context, before time.Time) (int, error)
}

// memoryConversations keeps conversations in memory, for a read-only
// database: the most recent 500, forgotten at a restart.
type memoryConversations struct {
	mu    sync.Mutex // orders read-modify-write of one conversation
	convs *lru.Cache[string, memoryConversation]
}

type memoryConversation struct {
	used  time.Time
	turns []retrieval.Turn
}

var _ Conversations = (*memoryConversations)(nil)

func newMemoryConversations() *memoryConversations {
	return &memoryConversations{convs: lru.New[string, memoryConversation](500)}
}

func (m *memoryConversations) Turns(_ context.Context, channel string, since time.Time) ([]retrieval.Turn, bool, error) {
	c, ok := m.convs.Get(channel)
	if !ok || c.used.Before(since) {
		return nil, false, nil
	}
	return append([]retrieval.Turn(nil), c.turns...), true, nil
}

func (m *memoryConversations) SaveTurn(_ context.Context, channel string, t *retrieval.Turn, at time.Time, keep int) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, _ := m.convs.Get(channel)
	c.used = at
	if t != nil {
		c.turns = append(append([]retrieval.Turn(nil), c.turns...), *t)
		c.turns = c.turns[max(0, len(c.turns)-keep):]
	}
	m.convs.Put(channel, c)
	return nil
}

// ExpireConversations leaves expiry to the LRU bound.
func (m *memoryConversations) ExpireConversations(context.Context, time.Time) (int, error) {
	return 0, nil
}
