package main

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/docbot/docbot/retrieval"
)

// blockingWarm records each warm-up, which runs until its context ends.
type blockingWarm struct {
	mu      sync.Mutex
	started []context.Context
	running int
	overlap bool // two warm-ups ran at once
	begun   chan struct{}
}

func (b *blockingWarm) warm(ctx context.Context) error {
	b.mu.Lock()
	b.started = append(b.started, ctx)
	b.running++
	b.overlap = b.overlap || b.running > 1
	b.mu.Unlock()
	b.begun <- struct{}{}
	<-ctx.Done()
	b.mu.Lock()
	b.running--
	b.mu.Unlock()
	return ctx.Err()
}

// A new warm-up (a reload's) stops the one running before it starts, so
// that one runs at a time; stop ends the last and waits for it.
func TestWarmerRestartStopsTheRunningWarmUp(t *testing.T) {
	b := &blockingWarm{begun: make(chan struct{}, 4)}
	w := newWarmer(context.Background(), b.warm, slog.New(slog.DiscardHandler))
	w.start()
	<-b.begun
	w.start() // the index was reloaded
	<-b.begun
	b.mu.Lock()
	first, n, overlap := b.started[0], len(b.started), b.overlap
	b.mu.Unlock()
	if first.Err() == nil || n != 2 || overlap {
		t.Errorf("after a restart: first warm-up's context %v, %d started, overlapping %v", first.Err(), n, overlap)
	}
	done := make(chan struct{})
	go func() {
		w.stop()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("stop did not return")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.running != 0 || b.started[1].Err() == nil {
		t.Errorf("after stop: %d running, last context %v", b.running, b.started[1].Err())
	}
}

// A sync that writes the index warms the new generation's caches; one
// that changes nothing does not. A question asked while the warm-up runs is
// answered.
func TestSyncWarmsTheNewGeneration(t *testing.T) {
	dir := alphaCorpus(t)
	cfg := corpusConfig(t, dir)
	ctx := context.Background()
	db := openTestStore(t, ctx, cfg)
	svc := retrieval.NewService(db, nil, nil)
	var mu sync.Mutex
	warmed := 0
	s := &syncer{cfg: cfg, db: db, lock: newSyncLock()}
	s.warm = newWarmer(ctx, func(ctx context.Context) error {
		mu.Lock()
		warmed++
		mu.Unlock()
		return svc.Warm(ctx)
	}, slog.New(slog.DiscardHandler))
	defer s.warm.stop()
	count := func() int {
		s.warm.stop() // waits for the warm-up started, if any
		mu.Lock()
		defer mu.Unlock()
		return warmed
	}
	if _, err := s.reload(ctx); err != nil {
		t.Fatal(err)
	}
	if r, err := svc.Retrieve(ctx, "where do apples grow", retrieval.Filter{}, 3); err != nil || len(r.Hits) == 0 {
		t.Errorf("a question during the warm-up: %d hits, %v", len(r.Hits), err)
	}
	if n := count(); n != 1 {
		t.Errorf("%d warm-ups after a sync that wrote the index, want 1", n)
	}
	if _, err := s.reload(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1 {
		t.Errorf("%d warm-ups after a sync that changed nothing, want still 1", n)
	}
}
