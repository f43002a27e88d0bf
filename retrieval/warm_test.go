package retrieval_test

import (
	"context"
	"math"
	"reflect"
	"sync"
	"testing"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
)

// warmQuestions: plain ones, typos (spelling), an acronym, chat shorthand,
// a word bridged through WordNet.
var warmQuestions = []string{
	"how many troops will europe send",
	"wat did trump promis on ground troops pls",
	"icc doing anything abt the war crimes?",
	"macorn and zelensky phone call what was it about",
	"what did macron say",
	"how many ppl were displaced",
	"which nations pledged soldiers",
}

// retrieveAll asks every question of warmQuestions.
func retrieveAll(t *testing.T, svc *retrieval.Service) []retrieval.Retrieval {
	t.Helper()
	out := make([]retrieval.Retrieval, len(warmQuestions))
	for i, q := range warmQuestions {
		r, err := svc.Retrieve(context.Background(), q, retrieval.Filter{}, 5)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		out[i] = r
	}
	return out
}

func sameRetrievals(t *testing.T, what string, got, want []retrieval.Retrieval) {
	t.Helper()
	for i := range want {
		g, w := got[i], want[i]
		// the coverage sums weights in map order: its last bit differs
		// between two services without warm-up too
		if math.Abs(g.Coverage-w.Coverage) < 1e-9 {
			g.Coverage = w.Coverage
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s, %q: %d hits (found %v, %.3f, notes %q), without warm-up %d (found %v, %.3f, notes %q)", what, warmQuestions[i],
				len(got[i].Hits), got[i].Found, got[i].Coverage, got[i].Notes, len(want[i].Hits), want[i].Found, want[i].Coverage, want[i].Notes)
		}
	}
}

// Questions asked while the warm-up runs, and after it, are answered as
// without it; the warm-up lists a small index's passages once, and the
// questions don't list them again.
func TestWarmWhileAsking(t *testing.T) {
	want := retrieveAll(t, retrieval.NewService(testsupport.SeedDB(t), nil, nil))

	l := &countingLister{DB: testsupport.SeedDB(t)}
	svc := retrieval.NewService(l, nil, nil)
	var wg sync.WaitGroup
	wg.Add(1)
	var warmErr error
	go func() {
		defer wg.Done()
		warmErr = svc.Warm(context.Background())
	}()
	during := retrieveAll(t, svc)
	wg.Wait()
	if warmErr != nil {
		t.Fatal(warmErr)
	}
	after := retrieveAll(t, svc)
	sameRetrievals(t, "asked during the warm-up", during, want)
	sameRetrievals(t, "asked after the warm-up", after, want)
	if l.lists != 1 {
		t.Errorf("passages listed %d times, want once", l.lists)
	}
}

// A warm-up whose context has ended stops at once, and the questions
// after it are answered as without it.
func TestWarmStopsWithItsContext(t *testing.T) {
	want := retrieveAll(t, retrieval.NewService(testsupport.SeedDB(t), nil, nil))
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := svc.Warm(ctx); err == nil {
		t.Error("a warm-up with an ended context reported no error")
	}
	sameRetrievals(t, "after a stopped warm-up", retrieveAll(t, svc), want)
}

// bigIndex reports more passages than Warm keeps the stems of, so that it
// walks them for their words instead, and counts the walks.
type bigIndex struct {
	*store.DB
	mu     sync.Mutex
	walked int
}

func (b *bigIndex) TermStats(ctx context.Context, stems []string) (retrieval.TermStats, error) {
	ts, err := b.DB.TermStats(ctx, stems)
	ts.Passages += 100_000
	return ts, err
}

func (b *bigIndex) WalkPassages(ctx context.Context, limit int, fn func(*retrieval.Hit)) error {
	return b.DB.WalkPassages(ctx, limit, func(h *retrieval.Hit) {
		b.mu.Lock()
		b.walked++
		b.mu.Unlock()
		fn(h)
	})
}

// A large index's passages are walked for their words, not kept, and
// answers are the same.
func TestWarmLargeIndexWalksPassages(t *testing.T) {
	want := retrieveAll(t, retrieval.NewService(&bigIndex{DB: testsupport.SeedDB(t)}, nil, nil))
	b := &bigIndex{DB: testsupport.SeedDB(t)}
	svc := retrieval.NewService(b, nil, nil)
	if err := svc.Warm(context.Background()); err != nil {
		t.Fatal(err)
	}
	if b.walked == 0 {
		t.Error("no passage walked")
	}
	sameRetrievals(t, "after a large index's warm-up", retrieveAll(t, svc), want)
}
