package bot_test

import (
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/docbot/docbot/bot"
	"github.com/docbot/docbot/internal/testsupport"
)

// checkGoroutines fails the test if, once everything it started has shut
// down (its cleanups run before this one), more goroutines run than before.
// Call it first, so its cleanup runs last.
func checkGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(10 * time.Second)
		after := runtime.NumGoroutine()
		for after > before && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
			after = runtime.NumGoroutine()
		}
		t.Logf("goroutines: %d before, %d after shutdown", before, after)
		if after > before {
			buf := make([]byte, 1<<20)
			t.Errorf("%d goroutines leaked:\n%s", after-before, buf[:runtime.Stack(buf, true)])
		}
	})
}

// After a close that ends the session (4009: session timed out), the
// resume is refused with op 9 and the bot identifies anew; questions
// asked afterwards are answered.
func TestNonResumableCloseStartsANewSession(t *testing.T) {
	checkGoroutines(t)
	e := start(t, setup{})
	e.fake.CloseGateway(4009)
	e.fake.WaitConnected(t, 2, 20*time.Second)
	if _, ids, _ := e.fake.Identified(); ids != 2 || e.fake.InvalidSessions() != 1 {
		t.Fatalf("identifies = %d, invalid sessions = %d; want a refused resume, then a new session", ids, e.fake.InvalidSessions())
	}
	_, token := e.fake.Command(t, guild, member, "ask", map[string]any{"question": troops})
	finalEdit(t, e, token, answered)
}

// Op 7 (Reconnect) moves the session to a new connection: the bot resumes
// it and keeps answering.
func TestReconnectRequestResumes(t *testing.T) {
	checkGoroutines(t)
	e := start(t, setup{})
	e.fake.RequestReconnect(t)
	e.fake.WaitConnected(t, 2, 20*time.Second)
	if _, ids, resumes := e.fake.Identified(); ids != 1 || resumes != 1 {
		t.Fatalf("identifies = %d, resumes = %d after op 7; want the session resumed", ids, resumes)
	}
	_, token := e.fake.Command(t, guild, member, "ask", map[string]any{"question": troops})
	finalEdit(t, e, token, answered)
}

// A gateway that stops acknowledging heartbeats is a zombie: the bot drops
// it and resumes on a new connection.
func TestMissedHeartbeatAcksReconnect(t *testing.T) {
	checkGoroutines(t)
	e := start(t, setup{heartbeat: 100 * time.Millisecond})
	e.fake.StopAcks(true)
	e.fake.WaitConnected(t, 2, 20*time.Second)
	e.fake.StopAcks(false)
	if _, _, resumes := e.fake.Identified(); resumes < 1 {
		t.Fatalf("resumes = %d after missed ACKs, want the session resumed", resumes)
	}
	_, token := e.fake.Command(t, guild, member, "ask", map[string]any{"question": troops})
	finalEdit(t, e, token, answered)
}

// An answer being written when the gateway drops still gets its final
// reply: replies go over REST, which does not need the gateway.
func TestAnswerInFlightSurvivesAGatewayDrop(t *testing.T) {
	checkGoroutines(t)
	e, _, token := askSlowly(t, 800*time.Millisecond)
	e.fake.CloseGateway(4009)
	finalEdit(t, e, token, func(m message) bool { return strings.Contains(m.Content, "ground troops [1]") })
	e.fake.WaitConnected(t, 2, 20*time.Second)
}

// While Discord's gateway is down the bot keeps trying, backing off, and
// reconnects when it is back; questions asked then are answered.
func TestGatewayOutageIsRetriedUntilItEnds(t *testing.T) {
	checkGoroutines(t)
	e := start(t, setup{})
	e.fake.GatewayDown(true)
	e.fake.CloseGateway(4000) // resumable
	waitDials(t, e.fake, 3)   // the first attempt, then after 1 s and 2 s
	e.fake.GatewayDown(false)
	e.fake.WaitConnected(t, 2, 20*time.Second)
	_, token := e.fake.Command(t, guild, member, "ask", map[string]any{"question": troops})
	finalEdit(t, e, token, answered)
}

// A bot stopped while it waits to retry an unreachable gateway stops at
// once and leaves nothing behind: discordgo's own reconnect loop slept
// through Close (up to ten minutes) and outlived the session.
func TestStopDuringAnOutageLeavesNothingBehind(t *testing.T) {
	checkGoroutines(t)
	e := start(t, setup{})
	e.fake.GatewayDown(true)
	e.fake.CloseGateway(4000)
	waitDials(t, e.fake, 3)
	e.cancel()
	select {
	case err := <-e.done:
		e.done <- err // for the cleanup
	case <-time.After(5 * time.Second):
		t.Fatal("the bot did not stop within 5 s while waiting to reconnect")
	}
}

// waitDials waits until the gateway has been dialled n times in all.
func waitDials(t *testing.T, f *testsupport.FakeDiscord, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for f.GatewayDials() < n {
		if time.Now().After(deadline) {
			t.Fatalf("the gateway was dialled %d time(s) within 20 s, want %d", f.GatewayDials(), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Close codes that reconnecting cannot fix stop the bot with the reason,
// instead of retrying forever while looking alive.
func TestFatalCloseCodeStopsTheBot(t *testing.T) {
	checkGoroutines(t)
	e := start(t, setup{})
	e.fake.CloseGateway(4014)
	select {
	case err := <-e.done:
		if !errors.Is(err, bot.ErrGatewayClosed) || !strings.Contains(err.Error(), "Message Content intent") {
			t.Fatalf("Run = %v, want the disallowed-intents reason", err)
		}
		e.done <- err // for the cleanup
	case <-time.After(20 * time.Second):
		t.Fatal("the bot kept running after close code 4014")
	}
	if _, ids, resumes := e.fake.Identified(); ids != 1 || resumes != 0 {
		t.Errorf("identifies = %d, resumes = %d after a fatal close: want no retry", ids, resumes)
	}
}
