package bot_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docbot/docbot/internal/testsupport"
)

// burst sends n /ask from n distinct members of one server at once and
// waits for every final response; it returns the final texts by token
// and the time from each command to its acknowledgement.
func burst(t *testing.T, e *env, n int) (finals map[string]string, acks []time.Duration, placesShown int) {
	t.Helper()
	log := &interactionLog{m: map[string]*tracked{}}
	var mu sync.Mutex
	e.fake.Observe(func(r testsupport.Request) {
		log.observe(r)
		if strings.Contains(string(r.Body), "ahead of you") || strings.Contains(string(r.Body), "You're next") {
			mu.Lock()
			placesShown++
			mu.Unlock()
		}
	})
	questions := []string{troops, "How many NATO troops protect the Baltic states?", "Which court is investigating war crimes in Ukraine?"}
	var tokens []string
	var wg sync.WaitGroup
	var tmu sync.Mutex
	for k := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t0 := time.Now()
			_, token := e.fake.Command(t, guild, &testsupport.Member{UserID: fmt.Sprint(20000 + k), Permissions: "0"}, "ask",
				map[string]any{"question": questions[k%len(questions)]})
			tr := log.get(token)
			log.mu.Lock()
			tr.sent = t0
			log.mu.Unlock()
			tmu.Lock()
			tokens = append(tokens, token)
			tmu.Unlock()
		}()
	}
	wg.Wait()
	finals = map[string]string{}
	for _, token := range tokens {
		tr := log.get(token)
		select {
		case <-tr.done:
		case <-time.After(60 * time.Second):
			t.Fatalf("%s: no final response", token)
		}
		log.mu.Lock()
		finals[token] = tr.content
		acks = append(acks, tr.ack.Sub(tr.sent))
		log.mu.Unlock()
	}
	mu.Lock()
	defer mu.Unlock()
	return finals, acks, placesShown
}

// With the defaults, 20 members of one server asking at once are all
// answered: the server's limit queues them instead of turning them away.
func TestTwentyAskersInOneServerAreAllAnswered(t *testing.T) {
	e := start(t, setup{defaults: true})
	finals, acks, _ := burst(t, e, 20)
	for token, text := range finals {
		if !strings.Contains(text, "[1]") {
			t.Errorf("%s: %q, want an answer", token, text)
		}
	}
	// a figure, not a verdict (timings on a shared machine): that the
	// acknowledgement never waits for the queue is TestAcksDoNotWaitForTheQueue
	t.Logf("20 askers: all answered; ack p50 %v p99 %v", percentile(acks, 50), percentile(acks, 99))
}

// 200 at once: every one gets a final response; those turned away are
// told the queue is full, and only once it was (4 answering + 48 of the
// 64 places for one server).
func TestTwoHundredAskersEachGetAFinalResponse(t *testing.T) {
	e := start(t, setup{defaults: true})
	finals, acks, places := burst(t, e, 200)
	answered, full := 0, 0
	for token, text := range finals {
		switch {
		case strings.Contains(text, "[1]"):
			answered++
		case strings.Contains(text, "Too many questions are waiting"):
			full++
		default:
			t.Errorf("%s: unexpected final response %q", token, text)
		}
	}
	t.Logf("200 askers: %d answered, %d told the queue was full, %d place updates; ack p99 %v", answered, full, places, percentile(acks, 99))
	if answered < 4+48 {
		t.Errorf("only %d answered: turned away before the queue was full", answered)
	}
	// How many waiters are shown their place depends on how fast answers
	// come on this machine (a draft appears after one edit interval): a
	// figure above, not a verdict here. That a waiter sees its place is
	// asserted on the recorder with a fake clock (recorder_test.go).
}
