package testsupport

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// SitePage is one response of a FakeSite.
type SitePage struct {
	Body         string
	ContentType  string // default text/html; charset=utf-8
	Status       int    // default 200; 3xx redirects to Location
	Location     string
	LastModified string // sent, and compared with If-Modified-Since
	NoETag       bool   // send no ETag (default: a hash of Body)
}

// FakeSite is a website on httptest for crawl tests: pages by path (with
// query), robots.txt and sitemaps among them; conditional GETs get a 304
// when the page is unchanged; every request is counted. Pages can be
// changed, failed or removed between syncs.
type FakeSite struct {
	*httptest.Server
	mu       sync.Mutex
	pages    map[string]SitePage
	requests map[string]int // by path
	bodies   map[string]int // 200 responses with a body, by path
	agents   map[string]bool
}

// NewFakeSite starts a site serving pages; it stops with the test.
func NewFakeSite(t testing.TB, pages map[string]SitePage) *FakeSite {
	s := &FakeSite{pages: map[string]SitePage{}, requests: map[string]int{}, bodies: map[string]int{}, agents: map[string]bool{}}
	for p, pg := range pages {
		s.pages[p] = pg
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// Set adds or replaces the page at path.
func (s *FakeSite) Set(path string, p SitePage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[path] = p
}

// Remove makes path answer 404.
func (s *FakeSite) Remove(path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.pages, path)
}

// Requests is how many requests path received.
func (s *FakeSite) Requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[path]
}

// Transfers is how many times path was sent in full (200 with a body).
func (s *FakeSite) Transfers(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bodies[path]
}

// Reset forgets the counts.
func (s *FakeSite) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests, s.bodies = map[string]int{}, map[string]int{}
}

// UserAgents are the User-Agent headers seen.
func (s *FakeSite) UserAgents() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for a := range s.agents {
		out = append(out, a)
	}
	return out
}

func (s *FakeSite) serve(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Path
	if r.URL.RawQuery != "" {
		key += "?" + r.URL.RawQuery
	}
	s.mu.Lock()
	s.requests[key]++
	s.agents[r.UserAgent()] = true
	p, ok := s.pages[key]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	if p.Status >= 300 && p.Status < 400 {
		http.Redirect(w, r, p.Location, p.Status)
		return
	}
	if p.Status != 0 && p.Status != http.StatusOK {
		http.Error(w, http.StatusText(p.Status), p.Status)
		return
	}
	ct := p.ContentType
	if ct == "" {
		ct = "text/html; charset=utf-8"
		if strings.HasSuffix(r.URL.Path, ".xml") {
			ct = "application/xml"
		} else if strings.HasSuffix(r.URL.Path, ".txt") {
			ct = "text/plain; charset=utf-8"
		}
	}
	w.Header().Set("Content-Type", ct)
	if !p.NoETag {
		sum := sha256.Sum256([]byte(p.Body))
		etag := `"` + hex.EncodeToString(sum[:8]) + `"`
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	if p.LastModified != "" {
		w.Header().Set("Last-Modified", p.LastModified)
		if p.NoETag && r.Header.Get("If-Modified-Since") == p.LastModified {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	s.mu.Lock()
	s.bodies[key]++
	s.mu.Unlock()
	_, _ = w.Write([]byte(p.Body))
}
