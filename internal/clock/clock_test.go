package clock

import (
	"testing"
	"time"
)

func TestFakeTimersFireWhenAdvancedPast(t *testing.T) {
	start := time.Date(2025, 9, 27, 12, 0, 0, 0, time.UTC)
	f := NewFake(start)
	a, b := f.NewTimer(time.Second), f.NewTimer(3*time.Second)
	f.Advance(999 * time.Millisecond)
	select {
	case <-a.C():
		t.Fatal("timer fired early")
	default:
	}
	f.Advance(time.Millisecond)
	if got := <-a.C(); !got.Equal(start.Add(time.Second)) {
		t.Errorf("fired at %v, want %v", got, start.Add(time.Second))
	}
	if !b.Stop() || b.Stop() {
		t.Error("Stop on a waiting timer = false, or a second Stop = true")
	}
	f.Advance(time.Hour)
	select {
	case <-b.C():
		t.Error("a stopped timer fired")
	default:
	}
	if n := f.Timers(); n != 0 {
		t.Errorf("%d timers left", n)
	}
}

func TestBlockUntilSeesAWaiter(t *testing.T) {
	f := NewFake(time.Unix(0, 0))
	done := make(chan bool)
	go func() { done <- Sleep(f, time.Minute, nil) }()
	f.BlockUntil(1)
	f.Advance(time.Minute)
	if !<-done {
		t.Error("Sleep did not complete")
	}
}
