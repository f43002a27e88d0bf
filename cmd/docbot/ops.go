package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/docbot/docbot/config"
	"github.com/docbot/docbot/internal/redact"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
)

// Set by scripts/build.sh through -ldflags.
var (
	version = "dev"
	commit  = "unknown"
)

// buildVersion is the stamped version and commit, else what the Go
// toolchain recorded: the module version for go install …@v1.2.3, the VCS
// revision for a go build in a clone.
func buildVersion() (v, c string) {
	v, c = version, commit
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return v, c
	}
	if v == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
		v = info.Main.Version
	}
	if c == "unknown" {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				c = s.Value[:12]
			}
		}
	}
	return v, c
}

func cmdVersion(ctx context.Context, e env, args []string) error {
	fts := "no (rebuild with -tags sqlite_fts5)"
	if store.FTS5Compiled(ctx) {
		fts = "yes"
	}
	v, c := buildVersion()
	fmt.Fprintf(e.stdout, "docbot %s (commit %s) %s %s/%s, FTS5: %s\n", v, c, runtime.Version(), runtime.GOOS, runtime.GOARCH, fts)
	return nil
}

// cmdConfig prints the effective configuration and where each value came
// from, secrets redacted.
func cmdConfig(ctx context.Context, e env, args []string) error {
	f := newFlags(e, "config", "")
	cfg, pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("config takes no arguments, got %q", pos[0])
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY (flag, file)\tENVIRONMENT\tVALUE\tSOURCE")
	for _, s := range cfg.Effective() {
		key := s.Key
		if key == "" {
			key = "-" // a secret: environment only
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t(%s)\n", key, s.Env, quoteIfEmpty(s.Value), s.Source)
	}
	return tw.Flush()
}

func quoteIfEmpty(s string) string {
	if s == "" {
		return `""`
	}
	return s
}

// cmdHealth probes /healthz for the Docker HEALTHCHECK (the image has no curl).
func cmdHealth(ctx context.Context, e env, args []string) error {
	f := newFlags(e, "health", "", "http-addr")
	cfg, _, err := f.parse(e, args)
	if err != nil {
		return err
	}
	if cfg.HTTPAddr == "" {
		return usagef("DOCBOT_HTTP_ADDR is not set: nothing to probe")
	}
	host, port, err := net.SplitHostPort(cfg.HTTPAddr)
	if err != nil {
		return usagef("DOCBOT_HTTP_ADDR %q: %v", cfg.HTTPAddr, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 4*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+net.JoinHostPort(host, port)+"/healthz", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("health: %s: %s", resp.Status, strings.TrimSpace(string(body)))
	}
	fmt.Fprintln(e.stdout, "ok")
	return nil
}

// newLogger logs text on a terminal and JSON otherwise, unless
// DOCBOT_LOG_FORMAT says which, at DOCBOT_LOG_LEVEL.
func newLogger(w io.Writer, cfg config.Config) *slog.Logger {
	var level slog.Level
	level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	format := cfg.LogFormat
	if format == "" {
		format = "json"
		if f, ok := w.(*os.File); ok {
			if info, err := f.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
				format = "text"
			}
		}
	}
	// Every line passes through redact: errors quote URLs, and URLs may
	// hold passwords or Discord interaction tokens.
	if format == "text" {
		return slog.New(redact.Handler(slog.NewTextHandler(w, opts)))
	}
	opts.ReplaceAttr = durationsInSeconds
	return slog.New(redact.Handler(slog.NewJSONHandler(w, opts)))
}

// durationsInSeconds writes a duration as seconds under a key that says so
// ("latency_seconds": 0.25): slog's JSON handler would write nanoseconds.
func durationsInSeconds(groups []string, a slog.Attr) slog.Attr {
	if a.Value.Kind() != slog.KindDuration {
		return a
	}
	key := a.Key
	if !strings.HasSuffix(key, "_seconds") {
		key += "_seconds"
	}
	return slog.Float64(key, math.Round(a.Value.Duration().Seconds()*1e6)/1e6)
}

// metrics are docbot's Prometheus series.
type metrics struct {
	reg        *prometheus.Registry
	questions  *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	reloads    *prometheus.CounterVec
	reloadTime prometheus.Histogram
	reconnects prometheus.Counter
	retrieval  prometheus.Histogram
	llmCalls   *prometheus.CounterVec
	llmTokens  *prometheus.CounterVec
	llmLatency prometheus.Histogram
}

func newMetrics(db *store.DB) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.questions = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "docbot_questions_total", Help: "Questions by command and outcome (answered, not_found, error, refused)."}, []string{"command", "outcome"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "docbot_answer_seconds", Help: "Time from question to final answer.",
		Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120}}, []string{"command"})
	m.reloads = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "docbot_reloads_total", Help: "Corpus reloads by result."}, []string{"result"})
	m.reloadTime = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "docbot_reload_seconds", Help: "Corpus reload duration.", Buckets: prometheus.ExponentialBuckets(0.05, 3, 10)})
	m.reconnects = prometheus.NewCounter(prometheus.CounterOpts{Name: "docbot_gateway_reconnects_total", Help: "Discord gateway reconnections."})
	m.retrieval = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "docbot_retrieval_seconds", Help: "Time to retrieve and rank passages.", Buckets: prometheus.ExponentialBuckets(0.001, 2.5, 10)})
	m.llmCalls = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "docbot_llm_requests_total", Help: "LLM completion requests by result (ok, error)."}, []string{"result"})
	m.llmTokens = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "docbot_llm_tokens_total", Help: "LLM tokens by kind (prompt, completion)."}, []string{"kind"})
	m.llmLatency = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "docbot_llm_seconds", Help: "LLM completion request duration.", Buckets: prometheus.ExponentialBuckets(0.1, 2, 10)})
	index := func(name, help string, pick func(docs, passages int) int) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			docs, err := db.Docs(ctx)
			if err != nil {
				return -1
			}
			passages := 0
			for _, d := range docs {
				passages += d.Passages
			}
			return float64(pick(len(docs), passages))
		})
	}
	v, c := buildVersion()
	buildInfo := prometheus.NewGauge(prometheus.GaugeOpts{Name: "docbot_build_info", Help: "Always 1; the labels say which docbot runs.",
		ConstLabels: prometheus.Labels{"version": v, "commit": c, "goversion": runtime.Version()}})
	buildInfo.Set(1)
	m.reg.MustRegister(m.questions, m.latency, m.reloads, m.reloadTime, m.reconnects, m.retrieval, m.llmCalls, m.llmTokens, m.llmLatency,
		index("docbot_index_documents", "Documents in the index.", func(d, _ int) int { return d }),
		index("docbot_index_passages", "Passages in the index.", func(_, p int) int { return p }),
		buildInfo, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Every series exists from the start at zero, so that rate() and
	// alerts see the first event instead of a series appearing.
	for _, command := range []string{"ask", "mention", "auto", "ask-message"} {
		for _, outcome := range []string{retrieval.OutcomeAnswered, retrieval.OutcomeNotFound, retrieval.OutcomeError, retrieval.OutcomeRefused} {
			m.questions.WithLabelValues(command, outcome)
		}
		m.latency.WithLabelValues(command)
	}
	for _, r := range []string{"ok", "failed"} {
		m.reloads.WithLabelValues(r)
	}
	for _, r := range []string{"ok", "error"} {
		m.llmCalls.WithLabelValues(r)
	}
	for _, k := range []string{"prompt", "completion"} {
		m.llmTokens.WithLabelValues(k)
	}
	return m
}

func (m *metrics) Question(command, outcome string, d time.Duration) {
	m.questions.WithLabelValues(command, outcome).Inc()
	if outcome != "refused" {
		m.latency.WithLabelValues(command).Observe(d.Seconds())
	}
}

func (m *metrics) Reload(ok bool, d time.Duration) {
	result := "ok"
	if !ok {
		result = "failed"
	}
	m.reloads.WithLabelValues(result).Inc()
	m.reloadTime.Observe(d.Seconds())
}

func (m *metrics) Reconnect() { m.reconnects.Inc() }

func (m *metrics) Retrieval(d time.Duration) { m.retrieval.Observe(d.Seconds()) }

func (m *metrics) LLM(c retrieval.LLMCall) {
	result := "ok"
	if c.Err != nil {
		result = "error"
	}
	m.llmCalls.WithLabelValues(result).Inc()
	m.llmTokens.WithLabelValues("prompt").Add(float64(c.PromptTokens))
	m.llmTokens.WithLabelValues("completion").Add(float64(c.CompletionTokens))
	m.llmLatency.Observe(c.Duration.Seconds())
}

// queueDepth exposes the bot's waiting questions.
func (m *metrics) queueDepth(depth func() int) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "docbot_queue_depth", Help: "Questions waiting for a worker."},
		func() float64 { return float64(depth()) }))
}

// gatewayWatch tells how long the Discord gateway has been down: since
// the start until the first connection, then since the last disconnection.
type gatewayWatch struct {
	connected func() bool
	now       func() time.Time // a test clock may replace it

	mu        sync.Mutex
	downSince time.Time // zero while connected
}

func newGatewayWatch(connected func() bool, now func() time.Time) *gatewayWatch {
	return &gatewayWatch{connected: connected, now: now, downSince: now()}
}

// downFor looks at the gateway now and returns how long it has been down.
func (g *gatewayWatch) downFor() time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	if g.connected() {
		g.downSince = time.Time{}
		return 0
	}
	if g.downSince.IsZero() {
		g.downSince = now
	}
	return now.Sub(g.downSince)
}

// httpHandler serves /healthz (process up, and the gateway not down for
// longer than grace, so that Docker's health check notices a bot cut off
// from Discord), /readyz (database answers, index non-empty, gateway
// connected) and /metrics.
func httpHandler(m *metrics, db *store.DB, gw *gatewayWatch, grace time.Duration) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if down := gw.downFor(); down > grace {
			http.Error(w, fmt.Sprintf("discord gateway down for %s, longer than DOCBOT_GATEWAY_GRACE (%s)", down.Round(time.Second), grace), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		var problems []string
		if err := db.Ping(r.Context()); err != nil {
			problems = append(problems, "database: "+err.Error())
		} else if docs, err := db.Docs(r.Context()); err != nil || len(docs) == 0 {
			problems = append(problems, "index is empty")
		}
		if !gw.connected() {
			problems = append(problems, "discord gateway not connected")
		}
		if len(problems) > 0 {
			http.Error(w, strings.Join(problems, "\n"), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	return mux
}

// serveHTTP serves httpHandler on addr until ctx is done.
func serveHTTP(ctx context.Context, addr string, m *metrics, db *store.DB, connected func() bool, grace time.Duration, log *slog.Logger) error {
	gw := newGatewayWatch(connected, time.Now)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("DOCBOT_HTTP_ADDR %s: %w", addr, err)
	}
	srv := &http.Server{Handler: httpHandler(m, db, gw, grace), ReadHeaderTimeout: 5 * time.Second}
	go func() { // stopped by the shutdown below when ctx ends
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	go func() { // notice a disconnection when it happens, not at the next probe
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				gw.downFor()
			}
		}
	}()
	log.Info("serving health and metrics", "addr", ln.Addr().String())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
