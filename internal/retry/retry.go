// Package retry runs a request again after failures the server says are
// passing (rate limits, overload), with exponential backoff and jitter,
// only while the caller's deadline leaves time for the wait. Discord and
// the LLM share it.
package retry

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/docbot/docbot/internal/clock"
)

// Policy bounds the retries of one request.
type Policy struct {
	Retries int           // after the first try
	Base    time.Duration // the first backoff; it doubles per retry
	Cap     time.Duration // the longest backoff
	Clock   clock.Clock   // nil means the system clock
	// OnRetry, if set, is told about each retry before its wait.
	OnRetry func(retry int, wait time.Duration, err error)
}

// Err marks an error as worth retrying.
type Err struct {
	Err  error
	Wait time.Duration // the server's own wait (Retry-After); 0: back off
}

func (e *Err) Error() string { return e.Err.Error() }
func (e *Err) Unwrap() error { return e.Err }

// After marks err as worth retrying after wait, or after the policy's
// backoff when wait is 0.
func After(err error, wait time.Duration) error { return &Err{Err: err, Wait: wait} }

// Do calls try until it returns nil or an error not marked with After,
// the retries run out, or the next wait would outlast ctx's deadline. It
// returns try's last error (unmarked), or ctx's error if ctx ends while
// waiting.
func Do(ctx context.Context, p Policy, try func(ctx context.Context) error) error {
	c := p.Clock
	if c == nil {
		c = clock.Real{}
	}
	for attempt := 0; ; attempt++ {
		err := try(ctx)
		var r *Err
		if err == nil || !errors.As(err, &r) {
			return err
		}
		if attempt >= p.Retries {
			return r.Err
		}
		wait := r.Wait
		if wait <= 0 {
			wait = p.Backoff(attempt)
		}
		if dl, ok := ctx.Deadline(); ok && dl.Sub(c.Now()) < wait {
			return r.Err // no time left to wait: report this failure
		}
		if p.OnRetry != nil {
			p.OnRetry(attempt+1, wait, r.Err)
		}
		if !clock.Sleep(c, wait, ctx.Done()) {
			return ctx.Err()
		}
	}
}

// Backoff is the wait before retry attempt+1: exponential from Base up to
// Cap, with jitter over its upper half so that clients refused together
// do not return together.
func (p Policy) Backoff(attempt int) time.Duration {
	d := p.Base
	for range attempt {
		if d >= p.Cap {
			break
		}
		d *= 2
	}
	d = min(d, p.Cap)
	if d <= 0 {
		return 0
	}
	return d/2 + rand.N(d/2+1)
}
