package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/docbot/docbot/web"
)

// The crawler sends one request at a time to a host, Delay apart
// (robots.txt included), and stops at the page limit.
func TestSyncIsPolite(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time
	inFlight, most := 0, 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		inFlight++
		most = max(most, inFlight)
		mu.Unlock()
		defer func() { mu.Lock(); inFlight--; mu.Unlock() }()
		time.Sleep(5 * time.Millisecond)
		switch r.URL.Path {
		case "/docs/a.html", "/docs/b.html", "/docs/c.html", "/docs/d.html":
			fmt.Fprintf(w, `<html><body><main><h1>%s</h1><p>The page %s explains one step of the set-up.</p></main></body></html>`, r.URL.Path, r.URL.Path)
		case "/docs/":
			fmt.Fprint(w, `<html><body><main><h1>Docs</h1><p><a href="a.html">a</a> <a href="b.html">b</a> <a href="c.html">c</a> <a href="d.html">d</a></p></main></body></html>`)
		default: // robots.txt, sitemaps
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	const delay = 80 * time.Millisecond
	m := &web.Mirror{Dir: t.TempDir(), Delay: delay, MaxPages: 4}
	rep, err := m.Sync(t.Context(), []string{srv.URL + "/docs/"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Fetched) != 4 {
		t.Errorf("fetched %v, want 4 pages (the limit)", rep.Fetched)
	}
	mu.Lock()
	defer mu.Unlock()
	if most != 1 {
		t.Errorf("%d requests in flight at once, want 1", most)
	}
	if len(times) < 5 { // robots.txt, perhaps a sitemap, and 4 pages
		t.Fatalf("%d requests, want at least 5", len(times))
	}
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < delay-5*time.Millisecond {
			t.Errorf("request %d came %v after the previous one, want at least %v", i, gap, delay)
		}
	}
}
