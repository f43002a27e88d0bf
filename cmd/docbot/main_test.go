package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
)

type result struct {
	code           int
	stdout, stderr string
}

// docbot runs the command in-process with an isolated database.
func docbot(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	if env == nil {
		env = map[string]string{}
	}
	if _, ok := env["DOCBOT_DB"]; !ok {
		env["DOCBOT_DB"] = filepath.Join(t.TempDir(), "test.db")
	}
	var out, errb bytes.Buffer
	code := run(context.Background(), args, func(k string) string { return env[k] }, &out, &errb)
	return result{code, out.String(), errb.String()}
}

// keys returns the sorted keys of a JSON object.
func keys(t *testing.T, raw json.RawMessage) []string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("not a JSON object: %s", raw)
	}
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func TestAskJSONContract(t *testing.T) {
	r := docbot(t, nil, "ask", "--json", "what did Trump offer on ground troops?")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var out struct {
		Question  string            `json:"question"`
		Answer    string            `json:"answer"`
		Found     bool              `json:"found"`
		Citations []json.RawMessage `json:"citations"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	if got := keys(t, json.RawMessage(r.stdout)); !reflect.DeepEqual(got, []string{"answer", "citations", "found", "mode", "question"}) {
		t.Errorf("keys = %v", got)
	}
	if !out.Found || out.Question != "what did Trump offer on ground troops?" || !strings.Contains(out.Answer, "ground troops [1]") {
		t.Errorf("answer = %+v", out)
	}
	if len(out.Citations) == 0 {
		t.Fatal("no citations")
	}
	if got, want := keys(t, out.Citations[0]), []string{"date", "doc_id", "n", "passage_id", "quote", "title", "url"}; !reflect.DeepEqual(got, want) {
		t.Errorf("citation keys = %v, want %v", got, want)
	}
	var c struct {
		N         int    `json:"n"`
		DocID     string `json:"doc_id"`
		PassageID string `json:"passage_id"`
		Title     string `json:"title"`
	}
	json.Unmarshal(out.Citations[0], &c)
	if c.N != 1 || c.DocID != "can-security-guarantees-bring-peace" || !strings.HasPrefix(c.PassageID, c.DocID+"#") {
		t.Errorf("citation = %+v", c)
	}
}

func TestAskNotFoundIsExitZero(t *testing.T) {
	r := docbot(t, nil, "ask", "How do I bake sourdough bread?", "--json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var out struct {
		Found     bool                 `json:"found"`
		Mode      string               `json:"mode"`
		Citations []any                `json:"citations"`
		Closest   []retrieval.Citation `json:"closest"`
	}
	json.Unmarshal([]byte(r.stdout), &out)
	if out.Found || out.Citations == nil || len(out.Citations) != 0 || out.Mode != "extractive" {
		t.Errorf("out = %s, want found:false, mode extractive and citations:[]", r.stdout)
	}
	if out.Closest == nil || len(out.Closest) != 0 {
		t.Errorf("closest = %+v, want [] (no passage matches at all)", out.Closest)
	}
	r = docbot(t, nil, "ask", "what is the price of bread in Kyiv?", "--json")
	json.Unmarshal([]byte(r.stdout), &out)
	if out.Found || len(out.Closest) == 0 || out.Closest[0].PassageID == "" || out.Closest[0].Quote == "" {
		t.Errorf("closest = %+v, want the nearest passages", out.Closest)
	}
}

func TestSearchAndDocsJSON(t *testing.T) {
	env := map[string]string{"DOCBOT_DB": filepath.Join(t.TempDir(), "x.db")}
	r := docbot(t, env, "search", "--json", "--k", "3", "ground", "troops")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var s struct {
		Query string            `json:"query"`
		Hits  []json.RawMessage `json:"hits"`
	}
	json.Unmarshal([]byte(r.stdout), &s)
	if s.Query != "ground troops" || len(s.Hits) != 3 {
		t.Fatalf("search = %s", r.stdout)
	}
	if got, want := keys(t, s.Hits[0]), []string{"doc_id", "passage_id", "rank", "score", "text", "title"}; !reflect.DeepEqual(got, want) {
		t.Errorf("hit keys = %v", got)
	}

	r = docbot(t, env, "docs", "--json")
	var d struct {
		Docs []json.RawMessage `json:"docs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil || len(d.Docs) != 5 {
		t.Fatalf("docs = %s (%v)", r.stdout, err)
	}
	if got := keys(t, d.Docs[0]); !reflect.DeepEqual(got, []string{"date", "id", "passages", "title", "url"}) {
		t.Errorf("doc keys = %v", got)
	}
}

func TestIndexReportsAndIsIncremental(t *testing.T) {
	dir := alphaCorpus(t)
	os.WriteFile(filepath.Join(dir, "b.pdf"), []byte("%PDF"), 0o644)
	os.WriteFile(filepath.Join(dir, "c.docx"), []byte("PK"), 0o644)
	env := map[string]string{"DOCBOT_DB": filepath.Join(t.TempDir(), "x.db"), "DOCBOT_CORPUS": dir}
	r := docbot(t, env, "index")
	if r.code != 0 || !strings.Contains(r.stdout, "1 added") || !strings.Contains(r.stdout, "skipped b.pdf: not a PDF") ||
		!strings.Contains(r.stdout, "skipped c.docx: unsupported format") {
		t.Fatalf("first index: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = docbot(t, env, "index", "--json")
	var rep struct {
		Added     []string `json:"added"`
		Unchanged int      `json:"unchanged"`
	}
	json.Unmarshal([]byte(r.stdout), &rep)
	if len(rep.Added) != 0 || rep.Unchanged != 1 {
		t.Errorf("second index: %s", r.stdout)
	}
	// ask indexes nothing more and answers from the folder
	r = docbot(t, env, "ask", "where do apples grow?")
	if r.code != 0 || !strings.Contains(r.stdout, "orchard") || strings.Contains(r.stderr, "indexed") {
		t.Errorf("ask: exit %d\n%s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"no command", nil, nil, "Usage"},
		{"unknown command", []string{"fly"}, nil, "unknown command"},
		{"no question", []string{"ask"}, nil, "no question"},
		{"bad flag", []string{"ask", "--nope", "q"}, nil, "flag provided but not defined"},
		{"bad date", []string{"ask", "--since", "27/09/2025", "troops"}, nil, "not a date like 2025-09-27"},
		{"bad k", []string{"ask", "--k", "0", "troops"}, nil, "from 1 to 50"},
		{"only stop words", []string{"ask", "what is the?"}, nil, "no searchable words"},
		{"missing corpus", []string{"docs", "--corpus", "/nonexistent/folder"}, nil, "pass an existing folder"},
		{"empty corpus", []string{"index"}, map[string]string{"DOCBOT_CORPUS": "EMPTY"}, "existing index is unchanged"},
		{"bad env", []string{"docs"}, map[string]string{"DOCBOT_MAX_FILE_BYTES": "lots"}, "DOCBOT_MAX_FILE_BYTES"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.env != nil && tt.env["DOCBOT_CORPUS"] == "EMPTY" {
				tt.env["DOCBOT_CORPUS"] = t.TempDir()
			}
			r := docbot(t, tt.env, tt.args...)
			if r.code != 2 {
				t.Errorf("exit %d, want 2", r.code)
			}
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr = %q, want it to mention %q", r.stderr, tt.want)
			}
		})
	}
}

func TestHelpIsExitZero(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"ask", "-h"}, {"index", "--help"}} {
		if r := docbot(t, nil, args...); r.code != 0 || !strings.Contains(r.stderr, "Usage") {
			t.Errorf("%v: exit %d, %q", args, r.code, r.stderr)
		}
	}
}

func TestAskWithLLMStreamsAndKeepsTheKeySecret(t *testing.T) {
	fake := testsupport.NewFakeLLM(t)
	fake.Respond(func(r testsupport.ChatRequest) testsupport.Reply {
		return testsupport.Reply{Text: "He offered air support, not ground troops [1]."}
	})
	key := "sk-cli-secret-987654321"
	env := map[string]string{"OPENAI_BASE_URL": fake.URL, "OPENAI_API_KEY": key, "DOCBOT_MODEL": "fake-model"}
	r := docbot(t, env, "ask", troopsQuestion)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "He offered air support, not ground troops [1].") || !strings.Contains(r.stdout, "written by fake-model") {
		t.Errorf("exit %d, stdout:\n%s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	r = docbot(t, env, "ask", "--json", troopsQuestion) // asked before: from the answer cache
	if r.code != 0 || !strings.Contains(r.stdout, `"cached": true`) || len(fake.Requests()) != 1 {
		t.Errorf("repeated question: exit %d, %d model calls\n%s", r.code, len(fake.Requests()), r.stdout)
	}
	fake.Script(testsupport.Reply{Status: 401, ErrorBody: `{"error":{"message":"bad key ` + key + `"}}`})
	r = docbot(t, env, "ask", "--json", "what did Trump say about air support?")
	if r.code != 0 || !strings.Contains(r.stdout, `"found": true`) || !strings.Contains(r.stderr, "API key") ||
		!strings.Contains(r.stdout, `"mode": "extractive-fallback"`) || !strings.Contains(r.stdout, `"note": "The language model could not answer`) {
		t.Errorf("401: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout, fake.URL) || strings.Contains(r.stdout, "127.0.0.1") {
		t.Errorf("the LLM's address reached the answer:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout+r.stderr, key) {
		t.Errorf("the API key was printed")
	}
}

const troopsQuestion = "what did Trump offer on ground troops?"

// A missing token is the caller's mistake (exit 2); a token Discord
// rejects is found only when connecting (exit 1, as a lost gateway).
func TestServeTokenErrors(t *testing.T) {
	fake := testsupport.NewFakeDiscord(t)
	r := docbot(t, map[string]string{"DOCBOT_DISCORD_URL": fake.URL}, "serve")
	if r.code != 2 || !strings.Contains(r.stderr, "no Discord bot token") {
		t.Errorf("no token: exit %d, %q", r.code, r.stderr)
	}
	r = docbot(t, map[string]string{"DISCORD_TOKEN_FILE": filepath.Join(t.TempDir(), "missing")}, "serve")
	if r.code != 2 || !strings.Contains(r.stderr, "DISCORD_TOKEN_FILE") {
		t.Errorf("missing token file: exit %d, %q", r.code, r.stderr)
	}
	r = docbot(t, map[string]string{"DOCBOT_DISCORD_URL": fake.URL, "DISCORD_TOKEN": "wrong-token"}, "serve")
	if r.code != 1 || !strings.Contains(r.stderr, "rejected the bot token") || strings.Contains(r.stderr, "wrong-token") {
		t.Errorf("bad token: exit %d, %q", r.code, r.stderr)
	}
	r = docbot(t, map[string]string{"DOCBOT_SHARD_ID": "3", "DOCBOT_SHARD_COUNT": "2"}, "serve")
	if r.code != 2 || !strings.Contains(r.stderr, "DOCBOT_SHARD_ID=3 must be less than DOCBOT_SHARD_COUNT=2") {
		t.Errorf("bad shards: exit %d, %q", r.code, r.stderr)
	}
}

func TestFeedbackExportWritesAQAFile(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "x.db")
	ctx := context.Background()
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := db.RecordQuestion(ctx, retrieval.QuestionLog{Guild: "g", Question: "What about tanks?", Answer: "Something [1].", Outcome: "answered", At: time.Now()})
	if err := db.RecordFeedback(ctx, retrieval.Vote{QuestionID: id, Guild: "g", UserHash: "someone", Value: -1}); err != nil {
		t.Fatal(err)
	}
	// a forum post whose answer the asker marked solved
	db.StartHelpThread(ctx, retrieval.HelpThread{Thread: "post", Guild: "g", Parent: "forum", Forum: true, AskerHash: "a", StartedAt: time.Now()})
	db.RecordQuestion(ctx, retrieval.QuestionLog{Guild: "g", Channel: "post", Question: "Who leads the mission?", Answer: "A general [1].", Outcome: "answered", At: time.Now()})
	if _, err := db.MarkSolved(ctx, "post", time.Now()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	r := docbot(t, map[string]string{"DOCBOT_DB": dbPath}, "feedback", "export", "--since", "2020-01-01")
	type line struct {
		Q            string   `json:"q"`
		ExpectAny    []string `json:"expect_any"`
		SolvedAnswer string   `json:"solved_answer"`
	}
	var lines []line
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	for dec.More() {
		var l line
		if err := dec.Decode(&l); err != nil {
			t.Fatalf("stdout %q: %v", r.stdout, err)
		}
		lines = append(lines, l)
	}
	if r.code != 0 || len(lines) != 2 || lines[0].Q != "What about tanks?" || lines[0].ExpectAny == nil ||
		lines[1].Q != "Who leads the mission?" || lines[1].SolvedAnswer != "A general [1]." {
		t.Errorf("exit %d, stdout %q, stderr %q; want the disliked question, then the solved one", r.code, r.stdout, r.stderr)
	}
}

func TestSoftMemoryLimit(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	debug.SetMemoryLimit(math.MaxInt64)
	softMemoryLimit(func(string) string { return "1GiB" }) // GOMEMLIMIT set: Go's runtime applied it
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("with GOMEMLIMIT set the limit changed to %d", got)
	}
	softMemoryLimit(func(string) string { return "" })
	if got := debug.SetMemoryLimit(-1); got != defaultMemoryLimit {
		t.Errorf("limit = %d, want the default %d", got, defaultMemoryLimit)
	}
}
