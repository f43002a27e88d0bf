package bot

import (
	"context"
	"sync"
)

// flights shares identical work in progress: a request that asks what
// another is already computing waits for that result (and sees its
// drafts) instead of computing it again.
type flights struct {
	mu sync.Mutex
	m  map[string]*flight
}

type flight struct {
	mu     sync.Mutex
	drafts []func(string)
	last   string
	done   chan struct{}
	val    any
	err    error
}

// do runs fn for key, or joins the run in progress for key (joined),
// calling onJoin first. draft gets the run's drafts, the latest at once
// when joining; a joiner's wait ends with its own ctx.
func (f *flights) do(ctx context.Context, key string, draft func(string), onJoin func(), fn func(draft func(string)) (any, error)) (val any, err error, joined bool) {
	f.mu.Lock()
	if f.m == nil {
		f.m = map[string]*flight{}
	}
	if fl, ok := f.m[key]; ok {
		fl.mu.Lock()
		fl.drafts = append(fl.drafts, draft)
		last := fl.last
		fl.mu.Unlock()
		f.mu.Unlock()
		onJoin()
		if last != "" {
			draft(last)
		}
		select {
		case <-fl.done:
			return fl.val, fl.err, true
		case <-ctx.Done():
			return nil, ctx.Err(), true
		}
	}
	fl := &flight{drafts: []func(string){draft}, done: make(chan struct{})}
	f.m[key] = fl
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		delete(f.m, key)
		f.mu.Unlock()
		close(fl.done)
	}()
	fl.val, fl.err = fn(func(s string) {
		fl.mu.Lock()
		fl.last = s
		ds := append([]func(string){}, fl.drafts...)
		fl.mu.Unlock()
		for _, d := range ds {
			d(s)
		}
	})
	return fl.val, fl.err, false
}
