package retry

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/docbot/docbot/internal/clock"
)

var errBusy = errors.New("busy")

func TestDo(t *testing.T) {
	start := time.Unix(0, 0)
	tests := []struct {
		name     string
		fails    []error // what try returns, in order; then nil
		retries  int
		deadline time.Duration // 0: none
		want     error
		tries    int
	}{
		{"succeeds after passing failures", []error{After(errBusy, 0), After(errBusy, time.Second)}, 3, 0, nil, 3},
		{"gives up after the retries", []error{After(errBusy, 0), After(errBusy, 0), After(errBusy, 0)}, 2, 0, errBusy, 3},
		{"does not retry an unmarked error", []error{errBusy}, 3, 0, errBusy, 1},
		{"does not wait past the deadline", []error{After(errBusy, time.Minute)}, 3, time.Second, errBusy, 1},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			fc := clock.NewFake(start)
			ctx := context.Background()
			if test.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithDeadline(ctx, start.Add(test.deadline))
				defer cancel()
			}
			tries := 0
			done := make(chan error, 1)
			go func() {
				done <- Do(ctx, Policy{Retries: test.retries, Base: 100 * time.Millisecond, Cap: time.Second, Clock: fc}, func(context.Context) error {
					tries++
					if tries <= len(test.fails) {
						return test.fails[tries-1]
					}
					return nil
				})
			}()
			for {
				select {
				case err := <-done:
					if !errors.Is(err, test.want) || (test.want == nil && err != nil) {
						t.Errorf("Do = %v, want %v", err, test.want)
					}
					var marked *Err
					if errors.As(err, &marked) {
						t.Errorf("Do returned a marked error: %v", err)
					}
					if tries != test.tries {
						t.Errorf("%d tries, want %d", tries, test.tries)
					}
					return
				default:
				}
				if fc.Timers() > 0 {
					fc.Advance(time.Second)
				}
				time.Sleep(time.Millisecond) // yield to Do's goroutine; no pass/fail rides on this
			}
		})
	}
}

func TestBackoffDoublesUpToTheCap(t *testing.T) {
	p := Policy{Base: 100 * time.Millisecond, Cap: 800 * time.Millisecond}
	for attempt, top := range []time.Duration{100, 200, 400, 800, 800} {
		top *= time.Millisecond
		for range 20 {
			if d := p.Backoff(attempt); d < top/2 || d > top {
				t.Fatalf("Backoff(%d) = %v, want within [%v, %v]", attempt, d, top/2, top)
			}
		}
	}
}
