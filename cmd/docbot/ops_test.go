package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docbot/docbot/internal/testsupport"
)

func TestDockerfileBuildsThroughTheScript(t *testing.T) {
	df, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	script, err := os.ReadFile("../../scripts/build.sh")
	if err != nil {
		t.Fatal(err)
	}
	ci, err := os.ReadFile("../../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"scripts/build.sh", "USER nonroot", "HEALTHCHECK", `"/docbot", "health"`, "VOLUME /data", `CMD ["serve"]`, "AS build"} {
		if !bytes.Contains(df, []byte(want)) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	for _, want := range []string{"-tags sqlite_fts5", "-trimpath", "CGO_ENABLED=1", "-X main.version="} {
		if !bytes.Contains(script, []byte(want)) {
			t.Errorf("scripts/build.sh lacks %q", want)
		}
	}
	if !bytes.Contains(ci, []byte("scripts/build.sh")) {
		t.Error(".ci/run does not build through scripts/build.sh")
	}
}

func TestVersionAndConfig(t *testing.T) {
	r := docbot(t, nil, "version")
	if r.code != 0 || !strings.Contains(r.stdout, "FTS5: yes") {
		t.Errorf("version: %d %q", r.code, r.stdout)
	}
	env := map[string]string{"OPENAI_API_KEY": "sk-very-secret", "DISCORD_TOKEN": "discord-secret", "DOCBOT_MODEL": "llama3",
		"OPENAI_BASE_URL": "http://llm:base-url-password@llm.internal:8080/v1"}
	r = docbot(t, env, "config", "--workers", "7")
	if r.code != 0 {
		t.Fatalf("config: %d %s", r.code, r.stderr)
	}
	for _, want := range []string{"DOCBOT_MODEL", "llama3", "(env)", "DOCBOT_WORKERS", "7", "(flag)", "[redacted]", "(default)"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("config output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "sk-very-secret") || strings.Contains(r.stdout, "discord-secret") || strings.Contains(r.stdout, "base-url-password") {
		t.Error("docbot config prints a secret")
	}
}

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func get(url string) (int, string) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// The bot serves health, readiness and metrics, and neither the Discord
// token nor the LLM key (which the LLM server echoes in its 401, as
// OpenAI does) appears in the logs at debug level, in /metrics, or in any
// message sent to Discord.
func TestServeHealthReadinessAndMetrics(t *testing.T) {
	fake := testsupport.NewFakeDiscord(t)
	llm := testsupport.NewFakeLLM(t)
	const apiKey = "sk-proj-0123456789abcdefSECRET"
	llm.Script(testsupport.Reply{Status: 401, ErrorBody: `{"error":{"message":"Incorrect API key provided: ` + apiKey + `","type":"invalid_request_error"}}`})
	addr := freeAddr(t)
	secret := fake.Token
	env := map[string]string{"DISCORD_TOKEN": secret, "DOCBOT_DISCORD_URL": fake.URL, "DOCBOT_HTTP_ADDR": addr,
		"DOCBOT_DB": filepath.Join(t.TempDir(), "x.db"), "DOCBOT_LOG_LEVEL": "debug",
		"OPENAI_API_KEY": apiKey, "OPENAI_BASE_URL": llm.URL}
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, io.Discard, logs) }()
	defer func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve exited %d: %s", code, logs.String())
			}
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop")
		}
	}()
	base := "http://" + addr
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(15 * time.Second); !ok(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s; logs:\n%s", what, logs.String())
			}
		}
	}
	waitFor("/healthz", func() bool { c, _ := get(base + "/healthz"); return c == 200 })
	waitFor("/readyz", func() bool { c, _ := get(base + "/readyz"); return c == 200 })
	fake.WaitFor(t, 10*time.Second, "command registration", func(rs []testsupport.Request) bool {
		for _, r := range rs {
			if r.Method == "PUT" {
				return true
			}
		}
		return false
	})

	_, token := fake.Command(t, "5000", &testsupport.Member{UserID: "4001", Permissions: "0"}, "ask", map[string]any{"question": troopsQuestion})
	fake.WaitFor(t, 10*time.Second, "the answer", func(rs []testsupport.Request) bool {
		for _, r := range rs {
			if r.Method == "PATCH" && strings.Contains(r.Path, token) && strings.Contains(string(r.Body), "ground troops") {
				return true
			}
		}
		return false
	})
	waitFor("the question metric", func() bool {
		_, body := get(base + "/metrics")
		return strings.Contains(body, `docbot_questions_total{command="ask",outcome="answered"} 1`)
	})
	_, body := get(base + "/metrics")
	for _, want := range []string{"docbot_answer_seconds_bucket", "docbot_index_documents 5", "docbot_index_passages", "docbot_retrieval_seconds_count 1", "docbot_queue_depth 0"} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if len(llm.Requests()) == 0 {
		t.Fatal("the question never reached the LLM")
	}
	// one line per question; no secret in the logs, the metrics or any message
	if l := logs.String(); !strings.Contains(l, `"msg":"question"`) || !strings.Contains(l, `"latency_seconds":`) {
		t.Errorf("logs lack the question line, with its latency in seconds:\n%s", l)
	}
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		if !json.Valid([]byte(line)) {
			t.Errorf("a JSON log holds a line that is not JSON: %q", line)
		}
	}
	var sent strings.Builder
	for _, r := range fake.Requests() {
		sent.WriteString(r.Path + " " + string(r.Body) + "\n")
	}
	if !strings.Contains(sent.String(), "language model could not answer") {
		t.Errorf("the answer does not say the LLM failed:\n%s", sent.String())
	}
	for where, text := range map[string]string{"logs": logs.String(), "/metrics": body, "Discord messages": sent.String()} {
		for _, s := range []string{secret, apiKey, "0123456789abcdef"} {
			if strings.Contains(text, s) {
				t.Errorf("%s contain a secret (%.6s…)", where, s)
			}
		}
	}
}
