package bot_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/docbot/docbot/bot"
	"github.com/docbot/docbot/internal/testsupport"
)

// interactionLog follows every interaction through the fake's REST log:
// when it was sent, acknowledged, and given its final response.
type interactionLog struct {
	mu sync.Mutex
	m  map[string]*tracked // by interaction token
}

type tracked struct {
	sent, ack, final time.Time
	content          string        // the final response's text
	done             chan struct{} // closed at the final response
}

func (l *interactionLog) get(token string) *tracked {
	l.mu.Lock()
	defer l.mu.Unlock()
	tr, ok := l.m[token]
	if !ok {
		tr = &tracked{done: make(chan struct{})}
		l.m[token] = tr
	}
	return tr
}

// observe records acknowledgements (the interaction callback) and final
// responses: an immediate reply (callback type 4), or an edit of the
// deferred response that is not a streaming preview (those end in " …").
func (l *interactionLog) observe(r testsupport.Request) {
	parts := strings.Split(strings.Trim(r.Path, "/"), "/")
	var token, content string
	final := false
	switch {
	case r.Method == "POST" && len(parts) == 4 && parts[0] == "interactions":
		token = parts[2]
		var cb struct {
			Type int `json:"type"`
			Data struct {
				Content string `json:"content"`
			} `json:"data"`
		}
		json.Unmarshal(r.Body, &cb)
		final, content = cb.Type == 4, cb.Data.Content
	case r.Method == "PATCH" && len(parts) == 5 && parts[0] == "webhooks" && parts[4] == "@original":
		token = parts[2]
		var m struct {
			Content string `json:"content"`
		}
		json.Unmarshal(r.Body, &m)
		final, content = !strings.HasSuffix(m.Content, " …"), m.Content
	default:
		return
	}
	tr := l.get(token)
	l.mu.Lock()
	defer l.mu.Unlock()
	if tr.ack.IsZero() {
		tr.ack = r.At
	}
	if final && tr.final.IsZero() {
		tr.final, tr.content = r.At, content
		close(tr.done)
	}
}

func seedQuestions(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("../eval/seeds-qa.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var line struct {
			Q string `json:"q"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err == nil && line.Q != "" {
			qs = append(qs, line.Q)
		}
	}
	return qs
}

// peakRSS returns the process's peak resident set (VmHWM) in MiB, or 0
// where /proc is not available.
func peakRSS() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb float64
			fmt.Sscanf(strings.TrimSpace(rest), "%f", &kb)
			return kb / 1024
		}
	}
	return 0
}

func percentile(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	return d[min(len(d)-1, len(d)*p/100)]
}

// TestLoadEveryQuestionGetsAFinalReply sends many /ask from many users at
// once through the fake Discord, answered by a fake LLM with realistic
// latency (300 ms to the first token, then about 50 tokens/s), with a
// moderator's /reload in the middle. Every interaction must end with a
// final response: an answer (or "not in the articles" for the QA file's
// unanswerable questions), or a polite refusal (cooldown, queue full, or a
// wait that would outlast the deadline). CI runs
// 20 users × 3 questions under -race; DOCBOT_LOAD=full runs 100 users × 5
// (the figures in docs/RELIABILITY.md).
func TestLoadEveryQuestionGetsAFinalReply(t *testing.T) {
	users, perUser, workers, queue := 20, 3, 8, 16
	if os.Getenv("DOCBOT_LOAD") == "full" {
		users, perUser, workers, queue = 100, 5, 32, 32
	}
	const cooldown = time.Second
	questions := seedQuestions(t)
	llm := testsupport.NewFakeLLM(t)
	llm.Respond(func(r testsupport.ChatRequest) testsupport.Reply {
		// a grounded answer: the claim checks keep it
		return testsupport.Reply{Text: testsupport.QuoteFirst(r.Prompt()),
			Delay: 300 * time.Millisecond, ChunkSize: 4, ChunkDelay: 20 * time.Millisecond}
	})
	e := start(t, setup{llm: llm, llmLimit: 20 * time.Second, cfg: bot.Config{Workers: workers, Queue: queue,
		Cooldown: cooldown, Deadline: 30 * time.Second, EditInterval: 500 * time.Millisecond}})
	log := &interactionLog{m: map[string]*tracked{}}
	e.fake.Observe(log.observe)

	var peakG atomic.Int64
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() { // owned by this test; stops when the load is over
		defer close(sampled)
		for {
			peakG.Store(max(peakG.Load(), int64(runtime.NumGoroutine())))
			select {
			case <-stopSampling:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()

	total := users * perUser
	var sent atomic.Int64
	var tokens sync.Map // token → kind of interaction ("ask", "reload")
	start := time.Now()
	var wg sync.WaitGroup
	reloaded := make(chan string, 1)
	wg.Add(1)
	go func() { // a moderator reloads a changed corpus half-way through
		defer wg.Done()
		for sent.Load() < int64(total/2) {
			time.Sleep(5 * time.Millisecond)
		}
		extra := "Arctic patrols\n\n" + strings.Repeat("Greenland icebreakers patrol the Arctic sea lanes every winter. ", 10)
		if err := os.WriteFile(filepath.Join(e.corpus, "arctic.txt"), []byte(extra), 0o644); err != nil {
			t.Error(err)
			return
		}
		_, token := e.fake.Command(t, guild, moderator, "reload", nil)
		tokens.Store(token, "reload")
		reloaded <- token
	}()
	for u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(u), 1))
			user := &testsupport.Member{UserID: fmt.Sprint(10000 + u), Permissions: "0"}
			g := fmt.Sprint(5000 + u%4)
			impatient := u%10 == 0 // asks again at once, and meets the cooldown
			for q := range perUser {
				t0 := time.Now()
				_, token := e.fake.Command(t, g, user, "ask", map[string]any{"question": questions[r.IntN(len(questions))]})
				tr := log.get(token)
				log.mu.Lock()
				tr.sent = t0
				log.mu.Unlock()
				tokens.Store(token, "ask")
				sent.Add(1)
				if impatient && q == 0 {
					continue
				}
				select {
				case <-tr.done:
				case <-time.After(90 * time.Second):
					t.Errorf("user %d question %d: no final response after 90 s", u, q)
					return
				}
				time.Sleep(cooldown + time.Duration(r.IntN(300))*time.Millisecond) // reads the answer
			}
		}()
	}
	wg.Wait()
	// the last questions of impatient users and the reload may still be running
	var acks, answers []time.Duration
	var burstAcks, laterAcks []time.Duration // of the questions all users ask at once at the start, and the others
	counts := map[string]int{}
	tokens.Range(func(k, v any) bool {
		tr := log.get(k.(string))
		select {
		case <-tr.done:
		case <-time.After(90 * time.Second):
			t.Errorf("%s %s: no final response", v, k)
			return true
		}
		log.mu.Lock()
		defer log.mu.Unlock()
		if v == "reload" {
			if !strings.HasPrefix(tr.content, "Reloaded in") || !strings.Contains(tr.content, "1 added") {
				t.Errorf("reload under load: %q", tr.content)
			}
			return true
		}
		acks = append(acks, tr.ack.Sub(tr.sent))
		if tr.sent.Sub(start) < 100*time.Millisecond {
			burstAcks = append(burstAcks, tr.ack.Sub(tr.sent))
		} else {
			laterAcks = append(laterAcks, tr.ack.Sub(tr.sent))
		}
		switch c := tr.content; {
		case strings.Contains(c, "Please wait"):
			counts["refused: cooldown"]++
		case strings.HasPrefix(c, "Too many questions are waiting right now"):
			counts["refused: queue full"]++
		case strings.HasPrefix(c, "Too many questions are waiting for me to answer yours in time"):
			counts["refused: too late"]++
		case strings.Contains(c, "[1]"):
			counts["answered"]++
			answers = append(answers, tr.final.Sub(tr.sent))
		case strings.HasPrefix(c, "The articles don't"): // the QA file's unanswerable questions
			counts["not in the articles"]++
		default:
			counts["other"]++
			t.Errorf("unexpected final response: %q", c)
		}
		return true
	})
	close(stopSampling)
	<-sampled
	elapsed := time.Since(start)

	if n := counts["answered"] + counts["not in the articles"] + counts["refused: cooldown"] + counts["refused: queue full"] + counts["refused: too late"]; n != total {
		t.Errorf("%d of %d questions got a final answer or refusal", n, total)
	}
	if counts["answered"]+counts["not in the articles"] < total/2 {
		t.Errorf("only %d of %d questions answered: %v", counts["answered"], total, counts)
	}
	// The fake quotes its first passage: the claim checks must keep that.
	if counts["answered"] < counts["not in the articles"] {
		t.Errorf("grounded answers rejected: %v", counts)
	}
	if users >= 10 && counts["refused: cooldown"] == 0 {
		t.Errorf("impatient users were never refused by the cooldown: %v", counts)
	}
	t.Logf("%d users × %d questions in %v (workers %d, queue %d, cooldown %v): %v; reload answered",
		users, perUser, elapsed.Round(time.Millisecond), workers, queue, cooldown, counts)
	t.Logf("ack p50 %v p99 %v (the %d asked at once at the start: p50 %v max %v); answer p50 %v p99 %v; peak goroutines %d; peak RSS %.0f MiB (test process, fakes included)",
		percentile(acks, 50), percentile(acks, 99), len(burstAcks), percentile(burstAcks, 50), percentile(burstAcks, 100),
		percentile(answers, 50), percentile(answers, 99), peakG.Load(), peakRSS())
	t.Logf("ack of the %d asked after the start: p50 %v p99 %v", len(laterAcks), percentile(laterAcks, 50), percentile(laterAcks, 99))
}
