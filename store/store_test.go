package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/internal/text"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
)

func TestFTS5CheckNamesTheTag(t *testing.T) {
	withoutFTS5 := []string{"COMPILER=gcc-12.2.0", "ENABLE_FTS3", "ENABLE_RTREE", "THREADSAFE=1"}
	err := store.FTS5Available(withoutFTS5)
	if err == nil || !strings.Contains(err.Error(), "sqlite_fts5") {
		t.Fatalf("without ENABLE_FTS5: err = %v, want a message naming the build tag sqlite_fts5", err)
	}
	if err := store.FTS5Available(append(withoutFTS5, "ENABLE_FTS5")); err != nil {
		t.Fatalf("with ENABLE_FTS5: %v", err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetSchemaVersion(ctx, 99); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = store.Open(ctx, path)
	if !errors.Is(err, store.ErrNewerSchema) || !strings.Contains(err.Error(), "upgrade docbot") {
		t.Fatalf("Open(newer schema) = %v, want ErrNewerSchema with a fix", err)
	}
}

func TestOpenIsIdempotent(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "dir", "x.db") // parents are created
	for i := 0; i < 2; i++ {
		db, err := store.Open(ctx, path)
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		db.Close()
	}
}

// writeCorpus creates files (name → content) in dir, removing those with "" content.
func writeCorpus(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if content == "" {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func article(title, body string) string {
	return title + "\n\n" + strings.Repeat(body+" ", 8)
}

func searchIDs(t *testing.T, db *store.DB, words string) []string {
	t.Helper()
	q, err := retrieval.BuildQuery(words)
	if err != nil {
		t.Fatal(err)
	}
	hits, err := db.Search(context.Background(), q.Match, retrieval.Filter{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var ids []string
	for _, h := range hits {
		if !seen[h.DocID] {
			seen[h.DocID] = true
			ids = append(ids, h.DocID)
		}
	}
	return ids
}

func TestSyncIsIncremental(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	writeCorpus(t, dir, map[string]string{
		"alpha.txt":     article("Alpha", "Apples grow in the alpha orchard."),
		"beta.md":       article("# Beta", "Bananas ripen in the beta plantation."),
		"sub/gamma.txt": article("Gamma", "Grapes hang in the gamma vineyard."),
	})
	db := testsupport.OpenDB(t)
	sync := func() store.Report {
		t.Helper()
		root, err := os.OpenRoot(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer root.Close()
		rep, err := db.Sync(ctx, root.FS(), store.SyncOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}

	rep := sync()
	if len(rep.Added) != 3 || rep.Documents != 3 || rep.Passages == 0 {
		t.Fatalf("first run: %+v", rep)
	}
	before, _ := db.PassageRowIDs(ctx, "alpha")

	rep = sync()
	if rep.Wrote() || rep.Unchanged != 3 {
		t.Fatalf("unchanged corpus: %+v, want no writes", rep)
	}
	after, _ := db.PassageRowIDs(ctx, "alpha")
	if len(before) == 0 || before[0] != after[0] {
		t.Errorf("unchanged document re-chunked: rowids %v → %v", before, after)
	}

	writeCorpus(t, dir, map[string]string{
		"alpha.txt":     article("Alpha", "Apricots dry in the alpha orchard."), // changed
		"beta.md":       "",                                                     // deleted
		"delta.html":    "<h1>Delta</h1><p>" + strings.Repeat("Dates grow in the delta oasis. ", 8) + "</p>",
		"sub/gamma.txt": article("Gamma", "Grapes hang in the gamma vineyard."), // same
	})
	rep = sync()
	if strings.Join(rep.Changed, ",") != "alpha" || strings.Join(rep.Removed, ",") != "beta" ||
		strings.Join(rep.Added, ",") != "delta" || rep.Unchanged != 1 || rep.Documents != 3 {
		t.Fatalf("after edits: %+v", rep)
	}
	if ids := searchIDs(t, db, "apples bananas"); len(ids) != 0 {
		t.Errorf("old content still found: %v", ids)
	}
	if ids := searchIDs(t, db, "apricots dates grapes"); strings.Join(ids, ",") == "" || len(ids) != 3 {
		t.Errorf("new content: found %v, want alpha, delta, sub/gamma", ids)
	}
	gamma, _ := db.PassageRowIDs(ctx, "sub/gamma")
	if len(gamma) == 0 {
		t.Errorf("nested document id sub/gamma missing")
	}
	if err := db.Check(ctx); err != nil {
		t.Fatal(err)
	}

	// numbering a file keeps its ID (a name of two words) and content
	// but moves it in the collection: written again
	writeCorpus(t, dir, map[string]string{"sub/gamma.txt": "", "0-gamma-notes.txt": article("Gamma", "Grapes hang in the gamma vineyard.")})
	if rep = sync(); strings.Join(rep.Added, ",") != "gamma-notes" || strings.Join(rep.Removed, ",") != "sub/gamma" {
		t.Fatalf("after moving gamma: %+v", rep)
	}
	writeCorpus(t, dir, map[string]string{"0-gamma-notes.txt": "", "9-gamma-notes.txt": article("Gamma", "Grapes hang in the gamma vineyard.")})
	if rep = sync(); strings.Join(rep.Changed, ",") != "gamma-notes" {
		t.Fatalf("after renumbering gamma: %+v, want it written again", rep)
	}
	docs, err := db.Docs(ctx)
	if err != nil || len(docs) != 3 || docs[0].ID != "gamma-notes" || docs[1].ID != "alpha" {
		t.Errorf("docs after numbering: %+v, %v; want gamma-notes, alpha, delta", docs, err)
	}
}

func TestSyncRefusesEmptyCorpusAndKeepsIndex(t *testing.T) {
	ctx := context.Background()
	db := testsupport.SeedDB(t)
	for name, dir := range map[string]string{"empty folder": t.TempDir(), "only junk": junkDir(t)} {
		root, err := os.OpenRoot(dir)
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.Sync(ctx, root.FS(), store.SyncOptions{})
		root.Close()
		if !errors.Is(err, store.ErrEmptyCorpus) {
			t.Errorf("%s: err = %v, want ErrEmptyCorpus", name, err)
		}
		docs, err := db.Docs(ctx)
		if err != nil || len(docs) != 5 {
			t.Errorf("%s: index now has %d docs (err %v), want the 5 seeds kept", name, len(docs), err)
		}
	}
}

func junkDir(t *testing.T) string {
	dir := t.TempDir()
	writeCorpus(t, dir, map[string]string{"a.png": "png", "b.txt": "\x00\x01binary", "c.txt": "Leave a Reply"})
	return dir
}

// The Go stemmer must agree with FTS5's porter tokenizer, or term
// statistics and proximity scoring would miss words the index holds.
func TestStemmerAgreesWithFTS5(t *testing.T) {
	ctx := context.Background()
	db := testsupport.SeedDB(t)
	docs, err := db.Docs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stems := map[string]bool{}
	for _, d := range docs {
		ps, err := db.Passages(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			for _, tok := range text.Tokenize(p.Text) {
				stems[text.Stem(tok.Word)] = true
			}
		}
	}
	var list []string
	for s := range stems {
		list = append(list, s)
	}
	ts, err := db.TermStats(ctx, list)
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, s := range list {
		if ts.DF[s] == 0 {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d of %d Go stems are not FTS5 terms, e.g. %v", len(missing), len(list), missing[:min(10, len(missing))])
	}
}

// Readers see the old index or the new one, never a mix, while a reload writes.
func TestReadersNeverSeeAHalfIndex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	files := map[string]string{}
	for i := 0; i < 20; i++ {
		files[filepath.Join("d", string(rune('a'+i))+".txt")] = article("Doc", "The version word is oldversion here.")
	}
	writeCorpus(t, dir, files)
	db := testsupport.OpenDB(t)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if _, err := db.Sync(ctx, root.FS(), store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	for name := range files {
		files[name] = article("Doc", "The version word is newversion here.")
	}
	writeCorpus(t, dir, files)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				q, _ := retrieval.BuildQuery("oldversion newversion")
				hits, err := db.Search(ctx, q.Match, retrieval.Filter{}, 1000)
				if err != nil {
					errs <- err.Error()
					return
				}
				var o, n int
				for _, h := range hits {
					if strings.Contains(h.Text, "oldversion") {
						o++
					} else {
						n++
					}
				}
				if !(o == 20 && n == 0) && !(o == 0 && n == 20) {
					errs <- fmt.Sprintf("mixed index: %d old, %d new passages", o, n)
					return
				}
			}
		}()
	}
	time.Sleep(20 * time.Millisecond)
	if _, err := db.Sync(ctx, root.FS(), store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	close(stop)
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestDocsListsSeeds(t *testing.T) {
	db := testsupport.SeedDB(t)
	docs, err := db.Docs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 5 {
		t.Fatalf("%d docs, want 5", len(docs))
	}
	// in the collection's order (the files are numbered), not by title
	if docs[0].ID != "ukraine-quest-for-security-guarantees" || docs[4].ID != "macron-zelenskyy-diplomatic-shift" {
		t.Errorf("docs listed %s … %s, want the first file's first and the fifth's last", docs[0].ID, docs[4].ID)
	}
	for _, d := range docs {
		if d.Passages < 5 || d.Title == "" {
			t.Errorf("doc %+v", d)
		}
	}
}

func TestFeedbackAndDisliked(t *testing.T) {
	ctx := context.Background()
	db := testsupport.OpenDB(t)
	id, err := db.RecordQuestion(ctx, retrieval.QuestionLog{Guild: "g", UserHash: "u1", Command: "ask", Question: "Why?", Answer: "Because [1].", Outcome: "answered", At: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	vote := func(id, user string, v int) error {
		return db.RecordFeedback(ctx, retrieval.Vote{QuestionID: id, Guild: "g", UserHash: user, Value: v})
	}
	if err := vote(id, "u2", -1); err != nil {
		t.Fatal(err)
	}
	if err := vote(id, "u2", 1); err != nil { // replaces the 👎
		t.Fatal(err)
	}
	if d, _ := db.Disliked(ctx, time.Time{}); len(d) != 0 {
		t.Errorf("a replaced 👎 still counts: %v", d)
	}
	vote(id, "u3", -1)
	if d, _ := db.Disliked(ctx, time.Time{}); len(d) != 1 || d[0][0] != "Why?" {
		t.Errorf("disliked = %v", d)
	}
	if err := vote("1", "u2", 1); !errors.Is(err, store.ErrUnknownQuestion) {
		t.Errorf("feedback on an unknown question: %v", err)
	}
	for i := 0; i < 3; i++ {
		ok, err := db.TakeBudget(ctx, "u1", 2)
		if err != nil || ok != (i < 2) {
			t.Errorf("budget take %d: %v %v", i, ok, err)
		}
	}
}

// A reload that cannot write (the disk fills up, the file turns read-only)
// fails with an error saying what to do, and the previous index keeps
// serving, whole; once the fault clears, the same reload succeeds.
func TestFailedWritesKeepTheOldIndex(t *testing.T) {
	ctx := context.Background()
	bigger := fstest.MapFS{}
	for i := range 300 {
		bigger[fmt.Sprintf("extra-%03d.txt", i)] = &fstest.MapFile{Data: []byte(article(fmt.Sprintf("Extra %d", i),
			fmt.Sprintf("Orchard number %d grows quinces and medlars beside the river.", i)))}
	}
	for _, tc := range []struct {
		name  string
		fault func(*store.DB, bool) error // on, then off
		want  error
	}{
		{"disk full", func(db *store.DB, on bool) error {
			return db.LimitPages(ctx, map[bool]int{true: 4, false: 1 << 20}[on])
		}, store.ErrDiskFull},
		{"read-only", func(db *store.DB, on bool) error { return db.QueryOnly(ctx, on) }, store.ErrReadOnly},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := testsupport.SeedDB(t)
			before, err := db.Docs(ctx)
			if err != nil {
				t.Fatal(err)
			}
			troops := searchIDs(t, db, "ground troops")
			if err := tc.fault(db, true); err != nil {
				t.Fatal(err)
			}
			_, err = db.Sync(ctx, bigger, store.SyncOptions{})
			if !errors.Is(err, tc.want) {
				t.Fatalf("sync: %v, want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), "previous index is unchanged") {
				t.Errorf("error does not say the index is intact: %v", err)
			}
			after, err := db.Docs(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("documents changed by a failed write:\nbefore %v\nafter  %v", before, after)
			}
			if got := searchIDs(t, db, "ground troops"); fmt.Sprint(got) != fmt.Sprint(troops) {
				t.Errorf("search after the failure: %v, want %v", got, troops)
			}
			if ids := searchIDs(t, db, "quinces medlars"); len(ids) != 0 {
				t.Errorf("part of the failed write is visible: %v", ids)
			}

			if err := tc.fault(db, false); err != nil {
				t.Fatal(err)
			}
			if err := db.Check(ctx); err != nil {
				t.Fatal(err)
			}
			rep, err := db.Sync(ctx, bigger, store.SyncOptions{})
			if err != nil || len(rep.Added) != len(bigger) {
				t.Fatalf("sync once the fault cleared: %v, %d added", err, len(rep.Added))
			}
			if ids := searchIDs(t, db, "quinces medlars"); len(ids) == 0 {
				t.Errorf("the new corpus is not searchable after the retry")
			}
		})
	}
}

// Term statistics are cached, but a write by another process (here, a
// second handle on the same file) is seen by the next question.
func TestTermStatsSeeWritesFromOtherProcesses(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	server, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	cli, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	stem := text.Stem("quinces")
	corpus := fstest.MapFS{"a.txt": {Data: []byte(article("Apples", "Apples grow in the orchard by the river."))}}
	if _, err := cli.Sync(ctx, corpus, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	before, err := server.TermStats(ctx, []string{stem})
	if err != nil || before.DF[stem] != 0 || before.Passages == 0 {
		t.Fatalf("before: %+v, %v", before, err)
	}
	corpus["b.txt"] = &fstest.MapFile{Data: []byte(article("Quinces", "Quinces ripen late in the autumn orchard."))}
	if _, err := cli.Sync(ctx, corpus, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	after, err := server.TermStats(ctx, []string{stem})
	if err != nil || after.DF[stem] == 0 || after.Passages <= before.Passages {
		t.Fatalf("after another process indexed quinces: %+v (before %+v), %v", after, before, err)
	}
}

// TermStats reports the average words per passage in each field, as FTS5
// counts them, and follows a re-index.
func TestTermStatsAverageLengths(t *testing.T) {
	ctx := context.Background()
	db := testsupport.OpenDB(t)
	body := func(n int) string { return strings.TrimSpace(strings.Repeat("word ", n)) }
	fsys := fstest.MapFS{
		"a.md": {Data: []byte("---\ntitle: Two Words\n---\n" + body(40) + "\n")},
		"b.md": {Data: []byte("---\ntitle: Three Word Title\n---\n" + body(60) + "\n")},
	}
	if _, err := db.Sync(ctx, fsys, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	ts, err := db.TermStats(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ts.Passages != 2 || ts.AvgLen[0] != 2.5 || ts.AvgLen[2] != 50 {
		t.Fatalf("passages %d, average lengths %v; want 2 passages, title 2.5, body 50", ts.Passages, ts.AvgLen)
	}
	fsys["b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Three Word Title\n---\n" + body(80) + "\n")}
	if _, err := db.Sync(ctx, fsys, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if ts, err = db.TermStats(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if ts.AvgLen[2] != 60 {
		t.Fatalf("after re-index: body average %v, want 60", ts.AvgLen[2])
	}
}

// index --check finds an index that no longer matches its passages (a
// passage rewritten without the full-text index hearing of it), not only
// an index that is broken in itself.
func TestCheckComparesTheIndexWithThePassages(t *testing.T) {
	ctx := context.Background()
	db := testsupport.SeedDB(t)
	if err := db.Check(ctx); err != nil {
		t.Fatalf("a fresh index: %v", err)
	}
	// no trigger runs on UPDATE: the index still holds the old words
	if _, err := store.RawDB(db).ExecContext(ctx, "UPDATE passages SET body = 'a text the index never saw' WHERE rowid = (SELECT min(rowid) FROM passages)"); err != nil {
		t.Fatal(err)
	}
	if err := db.Check(ctx); err == nil {
		t.Error("Check passed an index that disagrees with its passages")
	}
}

// The vocabulary carries the acronyms the passages spell out in
// capitalised words, and a reload that removes the article drops them.
func TestVocabularyAcronyms(t *testing.T) {
	ctx := context.Background()
	fsys := fstest.MapFS{
		"court.txt": {Data: []byte("The court\n\nThe International Criminal Court opened an inquiry.\n")},
		"rain.txt":  {Data: []byte("Weather\n\nRain is expected across the valley on Sunday.\n")},
	}
	db := testsupport.IndexedDB(t, fsys)
	v, err := db.Vocabulary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Acronyms["icc"] || !v.Acronyms["cc"] || v.Acronyms["rie"] {
		t.Errorf("acronyms %v: want icc and cc, not rie", v.Acronyms)
	}
	delete(fsys, "court.txt")
	if _, err := db.Sync(ctx, fsys, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if v, err = db.Vocabulary(ctx); err != nil || v.Acronyms == nil || v.Acronyms["icc"] {
		t.Errorf("after the article went: acronyms %v, %v; want icc gone", v.Acronyms, err)
	}
}
