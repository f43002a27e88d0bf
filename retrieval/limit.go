package retrieval

import (
	"context"
	"crypto/sha256"
	"slices"
	"sync"
	"time"
)

// Limiter is a Completer that keeps at most n requests in flight to the
// model it wraps, queueing the rest in arrival order. A request whose
// expected wait (its place in the queue times the recent duration of a
// request) would leave it no time before its context's deadline fails at
// once with an LLMError of kind LLMBusy, so the caller can answer
// extractively instead of waiting for its timeout; queued requests check
// again whenever one finishes. Identical requests in flight at the same
// time share one model call, and each sees the text stream in.
type Limiter struct {
	llm Completer
	n   int

	mu      sync.Mutex
	free    int                  // slots not taken
	queue   []chan struct{}      // waiters, oldest first; closed when given a slot
	changed chan struct{}        // closed (and replaced) when a slot frees or the average moves
	avg     time.Duration        // moving average of a request's duration; 0 until measured
	flights map[[32]byte]*flight // identical requests in flight
}

// NewLimiter wraps llm with a queue of n slots (n < 1 means 1). estimate,
// if not zero, is the assumed duration of a request until one is measured.
func NewLimiter(llm Completer, n int, estimate time.Duration) *Limiter {
	n = max(n, 1)
	return &Limiter{llm: llm, n: n, free: n, changed: make(chan struct{}), avg: estimate, flights: map[[32]byte]*flight{}}
}

// Model implements Completer.
func (l *Limiter) Model() string { return l.llm.Model() }

// Complete implements Completer.
func (l *Limiter) Complete(ctx context.Context, msgs []Message, onDelta func(string)) (Completion, error) {
	key := flightKey(msgs)
	l.mu.Lock()
	if f, ok := l.flights[key]; ok {
		l.mu.Unlock()
		return f.follow(ctx, onDelta)
	}
	f := &flight{done: make(chan struct{})}
	l.flights[key] = f
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		delete(l.flights, key)
		l.mu.Unlock()
	}()
	f.subscribe(onDelta)
	c, err := l.lead(ctx, msgs, f.publish)
	f.finish(c, err)
	return c, err
}

// lead takes a slot (or gives up when the wait cannot fit the deadline)
// and makes the model call.
func (l *Limiter) lead(ctx context.Context, msgs []Message, onDelta func(string)) (Completion, error) {
	if err := l.acquire(ctx); err != nil {
		return Completion{}, err
	}
	start := time.Now()
	c, err := l.llm.Complete(ctx, msgs, onDelta)
	l.release(time.Since(start), err == nil)
	return c, err
}

// fits reports whether a request at place pos of the queue can expect to
// be answered before its deadline: everyone ahead, then one of the busy
// requests, must finish before it starts, then it needs a request's time.
func (l *Limiter) fits(ctx context.Context, pos int) bool {
	dl, ok := ctx.Deadline()
	if !ok || l.avg == 0 {
		return true
	}
	wait := time.Duration(pos/l.n+1) * l.avg
	return time.Until(dl) >= wait+l.avg
}

var errBusy = &LLMError{Kind: LLMBusy, Msg: "the model is busy with other questions"}

func (l *Limiter) acquire(ctx context.Context) error {
	l.mu.Lock()
	if l.free > 0 && len(l.queue) == 0 {
		l.free--
		l.mu.Unlock()
		return nil
	}
	if !l.fits(ctx, len(l.queue)) {
		l.mu.Unlock()
		return errBusy
	}
	ready := make(chan struct{})
	l.queue = append(l.queue, ready)
	l.mu.Unlock()
	for {
		l.mu.Lock()
		changed := l.changed
		l.mu.Unlock()
		select {
		case <-ready:
			l.mu.Lock()
			dl, ok := ctx.Deadline()
			late := ok && time.Until(dl) < l.avg
			l.mu.Unlock()
			if late { // its turn came, but too late to finish: pass the slot on
				l.release(0, false)
				return errBusy
			}
			return nil
		case <-ctx.Done():
			if !l.leave(ready) {
				l.release(0, false) // given a slot as it gave up: pass it on
			}
			return &LLMError{Kind: LLMTimedOut, Msg: "it took too long (the model was busy)", Err: ctx.Err()}
		case <-changed:
			l.mu.Lock()
			pos := slices.Index(l.queue, ready)
			giveUp := pos >= 0 && !l.fits(ctx, pos)
			if giveUp {
				l.queue = slices.Delete(l.queue, pos, pos+1)
			}
			l.mu.Unlock()
			if giveUp {
				return errBusy
			}
		}
	}
}

// leave takes a waiter out of the queue; false means it was given a slot.
func (l *Limiter) leave(ready chan struct{}) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if pos := slices.Index(l.queue, ready); pos >= 0 {
		l.queue = slices.Delete(l.queue, pos, pos+1)
		return true
	}
	return false
}

// release frees a slot, giving it to the oldest waiter, and records how
// long a successful request took.
func (l *Limiter) release(d time.Duration, measured bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if measured {
		if l.avg == 0 {
			l.avg = d
		} else {
			l.avg = (l.avg*7 + d*3) / 10
		}
	}
	if len(l.queue) > 0 {
		close(l.queue[0])
		l.queue = l.queue[1:]
	} else {
		l.free++
	}
	close(l.changed)
	l.changed = make(chan struct{})
}

// Queued reports the requests waiting for a slot, and those waiting for
// an identical request's answer.
func (l *Limiter) Queued() (waiting, sharing int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, f := range l.flights {
		f.mu.Lock()
		sharing += f.followers
		f.mu.Unlock()
	}
	return len(l.queue), sharing
}

func flightKey(msgs []Message) [32]byte {
	h := sha256.New()
	for _, m := range msgs {
		h.Write([]byte(m.Role))
		h.Write([]byte{0})
		h.Write([]byte(m.Content))
		h.Write([]byte{0})
	}
	var k [32]byte
	copy(k[:], h.Sum(nil))
	return k
}

// flight is one model call shared by identical requests: the text so far,
// the callers to stream it to, and the result.
type flight struct {
	mu        sync.Mutex
	followers int
	text      []string
	subs      []*subscriber
	done      chan struct{}
	c         Completion
	err       error
}

type subscriber struct {
	mu      sync.Mutex
	onDelta func(string) // nil once the caller has gone
}

func (s *subscriber) send(d string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.onDelta != nil {
		s.onDelta(d)
	}
}

func (s *subscriber) leave() {
	s.mu.Lock()
	s.onDelta = nil
	s.mu.Unlock()
}

// subscribe replays the text so far to onDelta and streams the rest.
func (f *flight) subscribe(onDelta func(string)) *subscriber {
	if onDelta == nil {
		return nil
	}
	sub := &subscriber{onDelta: onDelta}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, d := range f.text {
		sub.send(d)
	}
	f.subs = append(f.subs, sub)
	return sub
}

func (f *flight) publish(d string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.text = append(f.text, d)
	for _, s := range f.subs {
		s.send(d)
	}
}

func (f *flight) finish(c Completion, err error) {
	f.mu.Lock()
	f.c, f.err = c, err
	f.mu.Unlock()
	close(f.done)
}

// follow waits for the shared call, streaming its text to onDelta.
func (f *flight) follow(ctx context.Context, onDelta func(string)) (Completion, error) {
	f.mu.Lock()
	f.followers++
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.followers--
		f.mu.Unlock()
	}()
	sub := f.subscribe(onDelta)
	if sub != nil {
		defer sub.leave()
	}
	select {
	case <-f.done:
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.c, f.err
	case <-ctx.Done():
		return Completion{}, &LLMError{Kind: LLMTimedOut, Msg: "it took too long", Err: ctx.Err()}
	}
}
