package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/docbot/docbot/config"
	"github.com/docbot/docbot/store"
)

func testDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// /metrics passes promlint (what promtool check metrics runs), says which
// build runs, and has every outcome's series from the start, at zero.
func TestMetricsLintBuildInfoAndZeroSeries(t *testing.T) {
	m := newMetrics(testDB(t))
	m.queueDepth(func() int { return 0 })
	problems, err := testutil.GatherAndLint(m.reg)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("promlint: %s: %s", p.Metric, p.Text)
	}
	rec := httptest.NewRecorder()
	httpHandler(m, testDB(t), newGatewayWatch(func() bool { return true }, time.Now), time.Minute).
		ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{
		`docbot_build_info{commit="`, `goversion="go`,
		`docbot_questions_total{command="ask",outcome="answered"} 0`,
		`docbot_questions_total{command="mention",outcome="error"} 0`,
		`docbot_questions_total{command="ask",outcome="refused"} 0`,
		`docbot_reloads_total{result="failed"} 0`,
		`docbot_llm_requests_total{result="error"} 0`,
		`docbot_llm_tokens_total{kind="completion"} 0`,
		`docbot_answer_seconds_count{command="mention"} 0`,
		"go_goroutines", "process_",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// /healthz, which the container's health check probes, fails once the
// gateway has been down longer than DOCBOT_GATEWAY_GRACE, and recovers
// with it.
func TestHealthzFailsWhenTheGatewayStaysDown(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	var up atomic.Bool
	gw := newGatewayWatch(up.Load, func() time.Time { return now })
	h := httpHandler(newMetrics(testDB(t)), testDB(t), gw, 5*time.Minute)
	probe := func() (int, string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
		return rec.Code, rec.Body.String()
	}
	steps := []struct {
		advance time.Duration
		up      bool
		want    int
	}{
		{0, false, 200},               // starting: not connected yet
		{4 * time.Minute, false, 200}, // still within the grace
		{2 * time.Minute, false, 503}, // never connected in 6 minutes
		{0, true, 200},                // connected
		{time.Hour, true, 200},
		{time.Minute, false, 200}, // dropped (seen now; serve looks every second)
		{5*time.Minute + time.Second, false, 503},
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		up.Store(s.up)
		code, body := probe()
		if code != s.want {
			t.Errorf("step %d (up %v): /healthz %d %q, want %d", i, s.up, code, body, s.want)
		}
		if code == 503 && !strings.Contains(body, "DOCBOT_GATEWAY_GRACE") {
			t.Errorf("step %d: body %q does not name the setting", i, body)
		}
	}
}

// JSON logs give durations in seconds, under a key that says so.
func TestJSONLogDurationsInSeconds(t *testing.T) {
	var buf bytes.Buffer
	cfg := config.Default()
	cfg.LogFormat = "json"
	newLogger(&buf, cfg).Info("question", "latency", 1500*time.Millisecond, slog.Group("llm", "wait", 20*time.Millisecond))
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatal(err)
	}
	if line["latency_seconds"] != 1.5 || line["latency"] != nil {
		t.Errorf("log line %s: want latency_seconds 1.5", buf.String())
	}
	if g, _ := line["llm"].(map[string]any); g["wait_seconds"] != 0.02 {
		t.Errorf("log line %s: want llm.wait_seconds 0.02", buf.String())
	}
}
