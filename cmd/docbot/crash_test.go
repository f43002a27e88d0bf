package main

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/docbot/docbot/corpus"
	"github.com/docbot/docbot/store"
)

// TestMain lets a test run this binary as docbot itself: with
// DOCBOT_TEST_MAIN=1 the process is `docbot <args>`, so crash tests can
// kill a real docbot process.
func TestMain(m *testing.M) {
	if os.Getenv("DOCBOT_TEST_MAIN") == "1" {
		installTestFaults()
		main()
		return
	}
	os.Exit(m.Run())
}

// docbotProcess starts docbot as a child process: the binary named by
// DOCBOT_BIN if set (a release build), else this test binary as docbot.
func docbotProcess(t testing.TB, args ...string) *exec.Cmd {
	t.Helper()
	bin := os.Getenv("DOCBOT_BIN")
	if bin == "" {
		bin = os.Args[0]
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "DOCBOT_TEST_MAIN=1", "DOCBOT_LOG_LEVEL=error")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// writeVersion writes one version of a generated corpus: n articles of
// resampled seed sentences. Versions share half their ids (those change
// text) and each has ids of its own (added and removed by a reload).
func writeVersion(t *testing.T, dir string, version, n int, sentences []string) map[string]string {
	t.Helper()
	r := rand.New(rand.NewPCG(uint64(version), 7))
	for i := range n {
		id := version*n/2 + i
		var b strings.Builder
		fmt.Fprintf(&b, "Article %d, version %d\n\n", id, version)
		for p := range 6 {
			for range 5 {
				b.WriteString(sentences[r.IntN(len(sentences))])
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "Version %d paragraph %d.\n\n", version, p)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%05d.txt", id)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, _, err := corpus.Scan(os.DirFS(dir), 0)
	if err != nil {
		t.Fatal(err)
	}
	hashes := map[string]string{}
	for _, f := range files {
		hashes[f.ID] = f.Hash
	}
	return hashes
}

func seedSentences(t *testing.T) []string {
	t.Helper()
	var out []string
	names, _ := fs.Glob(corpus.Default(), "*.txt")
	for _, name := range names {
		data, err := fs.ReadFile(corpus.Default(), name)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range strings.SplitAfter(strings.Join(strings.Fields(string(data)), " "), ". ") {
			if len(strings.Fields(s)) >= 6 {
				out = append(out, strings.TrimSpace(s))
			}
		}
	}
	return out
}

// indexState opens the database as the next start would, checks its
// integrity and says which corpus version it holds: 0, 1, or -1 for a mix.
func indexState(t *testing.T, path string, versions []map[string]string) int {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatalf("the next start cannot open the index: %v", err)
	}
	defer db.Close()
	if err := db.Check(ctx); err != nil {
		t.Fatalf("after kill -9: %v", err)
	}
	docs, err := db.Docs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range docs {
		got[d.ID] = d.Hash
	}
	for v, want := range versions {
		if fmt.Sprint(got) == fmt.Sprint(want) {
			return v
		}
	}
	return -1
}

// TestKillDuringReloadKeepsAConsistentIndex kills a real `docbot index`
// with SIGKILL at random points of a large reload, again and again. Each
// time the next start must find an index that passes SQLite's and FTS5's
// integrity checks and holds the old corpus or the new one, never a mix.
// CI kills a 400-article reload 5 times; DOCBOT_CRASH_RUNS=20 (or more)
// runs the full campaign on 1,200 articles (docs/RELIABILITY.md).
func TestKillDuringReloadKeepsAConsistentIndex(t *testing.T) {
	runs, articles := 5, 400
	if s := os.Getenv("DOCBOT_CRASH_RUNS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("DOCBOT_CRASH_RUNS=%q: want a positive number", s)
		}
		runs, articles = n, 1200
	}
	sentences := seedSentences(t)
	dirs := []string{t.TempDir(), t.TempDir()}
	versions := []map[string]string{writeVersion(t, dirs[0], 0, articles, sentences), writeVersion(t, dirs[1], 1, articles, sentences)}
	dbFile := filepath.Join(t.TempDir(), "docbot.db")

	// Index version 0, then time a full reload to version 1.
	for v, dir := range dirs {
		start := time.Now()
		cmd := docbotProcess(t, "index", "--corpus", dir, "--db", dbFile)
		if err := cmd.Wait(); err != nil {
			t.Fatalf("index version %d: %v", v, err)
		}
		if got := indexState(t, dbFile, versions); got != v {
			t.Fatalf("after a full index of version %d the index holds %d", v, got)
		}
		if v == 1 {
			full := time.Since(start)
			t.Logf("a full reload of %d articles takes %v", articles, full)
			seed := uint64(time.Now().UnixNano())
			t.Logf("kill points from seed %d", seed)
			r := rand.New(rand.NewPCG(seed, 1))
			state, completed := 1, 0
			for i := range runs {
				target := 1 - state
				cmd := docbotProcess(t, "index", "--corpus", dirs[target], "--db", dbFile)
				after := time.Duration(r.Int64N(int64(full)))
				time.Sleep(after)
				_ = cmd.Process.Kill() // SIGKILL: no deferred cleanup runs
				_ = cmd.Wait()
				got := indexState(t, dbFile, versions)
				if got < 0 {
					t.Fatalf("kill %d at %v: the index holds a mix of both corpora", i, after)
				}
				if got == target {
					completed++
				}
				state = got
			}
			t.Logf("%d kills: %d reloads had committed, %d rolled back; every index consistent", runs, completed, runs-completed)
		}
	}
	if r := docbot(t, map[string]string{"DOCBOT_DB": dbFile}, "index", "--check"); r.code != 0 || !strings.Contains(r.stdout, "ok") {
		t.Fatalf("index --check after the kills: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
}
