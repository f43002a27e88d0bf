package main

import (
	"context"
	"log/slog"
	"sync"
)

// warmer warms the answer pipeline's caches of the index's current
// generation (retrieval.Service.Warm) on a goroutine: when serve starts and
// after each sync that wrote the index, so that the first questions after a
// start or a reload do not pay for loading the vocabulary, WordNet and the
// passages' stems. Questions never wait for it. A new warm-up cancels the
// one running (whose generation is gone) and starts once it has stopped, so
// at most one runs; stop cancels it and waits.
type warmer struct {
	ctx  context.Context // serve's: its end stops any warm-up
	warm func(context.Context) error
	log  *slog.Logger

	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{} // closed when the last warm-up started has stopped
}

func newWarmer(ctx context.Context, warm func(context.Context) error, log *slog.Logger) *warmer {
	done := make(chan struct{})
	close(done)
	return &warmer{ctx: ctx, warm: warm, log: log, cancel: func() {}, done: done}
}

// start cancels the warm-up running, if any, and warms anew once it has
// stopped. It does not wait.
func (w *warmer) start() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.cancel()
	ctx, cancel := context.WithCancel(w.ctx)
	prev, done := w.done, make(chan struct{})
	w.cancel, w.done = cancel, done
	go func() { // owned by the warmer: stop cancels it and waits
		defer close(done)
		defer cancel()
		select {
		case <-prev:
		case <-ctx.Done():
			<-prev
			return
		}
		if err := w.warm(ctx); err != nil && ctx.Err() == nil {
			w.log.Warn("warming the index's caches failed; questions fill them as they come", "error", err)
		}
	}()
}

// stop cancels the warm-up running, if any, and waits for it to stop.
func (w *warmer) stop() {
	w.mu.Lock()
	w.cancel()
	done := w.done
	w.mu.Unlock()
	<-done
}
