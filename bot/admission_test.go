package bot

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/docbot/docbot/internal/clock"
)

func TestAdmissionQueuesFairlyAcrossServers(t *testing.T) {
	a := newAdmission(clock.NewFake(time.Unix(0, 0)), 2, 2, 8)
	var running []*ticket
	for _, u := range []string{"a1", "a2"} { // server A takes both slots
		tk, err := a.enqueue("A", u, time.Time{})
		if err != nil || !tk.admitted {
			t.Fatalf("%s: %v, admitted %v", u, err, tk != nil && tk.admitted)
		}
		running = append(running, tk)
	}
	var waiting []*ticket
	for _, p := range [][2]string{{"A", "a3"}, {"A", "a4"}, {"B", "b1"}, {"A", "a5"}, {"B", "b2"}} {
		tk, err := a.enqueue(p[0], p[1], time.Time{})
		if err != nil || tk.admitted {
			t.Fatalf("%v: %v (admitted %v), want a place in the queue", p, err, tk != nil && tk.admitted)
		}
		waiting = append(waiting, tk)
	}
	if got := waiting[4].ahead; got != 4 {
		t.Errorf("the fifth waiter has %d ahead, want 4", got)
	}
	// slots free one at a time: the servers take turns
	var order []string
	for range 5 {
		running[0].release()
		running = running[1:]
		for _, tk := range waiting {
			if tk.admitted && !tk.released {
				order = append(order, tk.user)
				running = append(running, tk)
			}
		}
		for i := 0; i < len(waiting); i++ {
			if waiting[i].admitted {
				waiting = append(waiting[:i], waiting[i+1:]...)
				i--
			}
		}
	}
	want := []string{"a3", "b1", "a4", "b2", "a5"}
	if len(order) != len(want) {
		t.Fatalf("admitted %v, want %v", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("admitted %v, want %v (servers taking turns)", order, want)
		}
	}
}

func TestAdmissionTurnsAwayOnlyWhenFull(t *testing.T) {
	a := newAdmission(clock.NewFake(time.Unix(0, 0)), 1, 1, 4) // one server may hold 3 of 4 places
	if _, err := a.enqueue("A", "u0", time.Time{}); err != nil {
		t.Fatal(err)
	}
	for k := range 3 {
		if _, err := a.enqueue("A", "u", time.Time{}); err != nil {
			t.Fatalf("waiter %d: %v", k+1, err)
		}
	}
	if _, err := a.enqueue("A", "u", time.Time{}); !errors.Is(err, errQueueFull) {
		t.Errorf("a server's fourth waiter: %v, want errQueueFull (its share is 3)", err)
	}
	if _, err := a.enqueue("B", "v", time.Time{}); err != nil {
		t.Errorf("another server's waiter: %v, want a place", err)
	}
	if _, err := a.enqueue("C", "w", time.Time{}); !errors.Is(err, errQueueFull) {
		t.Errorf("with the queue full: %v, want errQueueFull", err)
	}
	if a.Waiting() != 4 {
		t.Errorf("Waiting = %d, want 4", a.Waiting())
	}
}

// A request whose expected wait outlasts its deadline is turned away at
// once; the estimate is the recent time per job, on the injected clock.
func TestAdmissionRefusesWaitsPastTheDeadline(t *testing.T) {
	fc := clock.NewFake(time.Unix(0, 0))
	a := newAdmission(fc, 1, 1, 10)
	tk, _ := a.enqueue("A", "u", time.Time{})
	fc.Advance(10 * time.Second)
	tk.release() // jobs take 10 s
	tk, _ = a.enqueue("A", "u", time.Time{})
	if _, err := a.enqueue("B", "v", fc.Now().Add(5*time.Second)); !errors.Is(err, errTooLate) {
		t.Errorf("5 s deadline behind a 10 s job: %v, want errTooLate", err)
	}
	if _, err := a.enqueue("B", "v", fc.Now().Add(time.Minute)); err != nil {
		t.Errorf("1 min deadline: %v", err)
	}
	tk.release()
}

// A waiter whose context ends gives its place back; those behind move up.
func TestAdmissionWaiterGivesUpItsPlace(t *testing.T) {
	a := newAdmission(clock.NewFake(time.Unix(0, 0)), 1, 1, 10)
	first, _ := a.enqueue("A", "u1", time.Time{})
	second, _ := a.enqueue("A", "u2", time.Time{})
	third, _ := a.enqueue("A", "u3", time.Time{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := second.wait(ctx, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("wait = %v", err)
	}
	places := make(chan int, 4)
	done := make(chan error)
	go func() { done <- third.wait(context.Background(), func(n int) { places <- n }) }()
	if n := <-places; n != 0 {
		t.Errorf("the third waiter has %d ahead after the second left, want 0", n)
	}
	first.release()
	if err := <-done; err != nil || !third.admitted {
		t.Errorf("wait = %v, admitted %v", err, third.admitted)
	}
	third.release()
}
