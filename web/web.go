// Package web keeps a local mirror of documents published on the web —
// single pages, sitemaps and whole sites — for the corpus to index like a
// folder.
//
// The crawler is polite: it reads robots.txt and obeys it, fetches one
// page at a time with a delay between requests to a host, stays on the
// site it was pointed at, stops at a page limit, and revalidates pages it
// has with conditional requests (ETag, Last-Modified), so an unchanged
// page costs a 304. A page that cannot be fetched keeps its mirrored copy
// (reported); only a page that is gone (404, 410) or no longer listed by a
// sitemap that was read is removed.
package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// UserAgent is how docbot names itself to web servers and robots.txt.
const UserAgent = "docbot/1.0 (documentation Q&A bot)"

// stateFile is the mirror's record of what it fetched; corpus ignores
// hidden files.
const stateFile = ".docbot-web.json"

// Mirror is a folder holding copies of web pages, one file per page
// (host/path.html, .md or .txt).
type Mirror struct {
	Dir      string
	Client   *http.Client  // nil: a client with a 30 s timeout
	Delay    time.Duration // between two requests to a host; robots.txt's Crawl-delay wins when longer (at most 30 s)
	MaxPages int           // pages per source; 0 means 500
	MaxBytes int64         // per page; 0 means 20 MiB
	Log      *slog.Logger  // nil: discard
}

// Failure is a page or source that could not be fetched.
type Failure struct {
	URL    string `json:"url"`
	Reason string `json:"reason"`
}

// Report says what a Sync did.
type Report struct {
	Fetched     []string  `json:"fetched"`      // new or changed pages
	NotModified int       `json:"not_modified"` // answered 304
	Removed     []string  `json:"removed"`      // gone (404/410) or no longer listed
	Kept        []Failure `json:"kept"`         // failed this time: the mirrored copy stays
	Disallowed  []string  `json:"disallowed"`   // refused by robots.txt
	Skipped     []Failure `json:"skipped"`      // not a document docbot reads, off-site, over a limit
	Bytes       int64     `json:"bytes"`        // transferred
}

// page is the mirror's record of one page.
type page struct {
	File         string `json:"file"`          // slash path in the mirror
	URL          string `json:"url,omitempty"` // where a redirect led, if anywhere
	Source       string `json:"source"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

type state struct {
	Pages map[string]*page `json:"pages"` // by URL
}

// ErrBadSource means a source is not an http(s) URL.
var ErrBadSource = errors.New("not an http or https URL")

// ParseSource checks a source URL.
func ParseSource(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("source %q: %w", s, ErrBadSource)
	}
	u.Fragment = ""
	return u, nil
}

// Sync brings the mirror up to date with sources: page URLs, sitemap
// URLs (ending in .xml) and site roots (ending in "/": the site's sitemap,
// from robots.txt or /sitemap.xml, else the pages linked from the root,
// breadth first, under the root's path). A source whose listing fails
// keeps all its pages. It returns an error only for a bad source, a
// mirror folder that cannot be written, or ctx's end.
func (m *Mirror) Sync(ctx context.Context, sources []string) (Report, error) {
	var rep Report
	var srcs []*url.URL
	for _, s := range sources {
		u, err := ParseSource(s)
		if err != nil {
			return rep, err
		}
		srcs = append(srcs, u)
	}
	if err := os.MkdirAll(m.Dir, 0o755); err != nil {
		return rep, fmt.Errorf("web mirror: %w", err)
	}
	st, err := m.load()
	if err != nil {
		return rep, err
	}
	c := &crawl{m: m, st: st, rep: &rep, seen: map[string]bool{}, keep: map[string]bool{}, robots: map[string]*robots{}, last: map[string]time.Time{}}
	for _, u := range srcs {
		if err := c.source(ctx, u); err != nil {
			return rep, err
		}
	}
	// Pages neither seen nor kept are gone: 404 or 410, no longer listed
	// by a sitemap that was read, or of a source no longer configured.
	for u, p := range st.Pages {
		if c.seen[u] || c.keep[u] {
			continue
		}
		if err := m.remove(p.File); err != nil {
			return rep, err
		}
		delete(st.Pages, u)
		rep.Removed = append(rep.Removed, u)
	}
	slices.Sort(rep.Removed)
	return rep, m.save(st)
}

type crawl struct {
	m      *Mirror
	st     *state
	rep    *Report
	seen   map[string]bool // pages present this run
	keep   map[string]bool // pages whose fate is unknown this run
	robots map[string]*robots
	last   map[string]time.Time // last request per host
}

func (c *crawl) source(ctx context.Context, src *url.URL) error {
	rb, err := c.robotsFor(ctx, src)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		c.keepSource(src, "robots.txt: "+err.Error())
		return nil
	}
	limit := c.m.MaxPages
	if limit <= 0 {
		limit = 500
	}
	switch {
	case strings.HasSuffix(strings.ToLower(src.Path), ".xml"):
		urls, err := c.sitemap(ctx, src, rb, 0)
		if err != nil {
			return c.listFailed(ctx, src, err)
		}
		return c.pages(ctx, src, urls, rb, limit)
	case strings.HasSuffix(src.Path, "/") || src.Path == "":
		var maps []*url.URL
		for _, s := range rb.sitemaps {
			if u, err := src.Parse(s); err == nil && u.Host == src.Host {
				maps = append(maps, u)
			}
		}
		if len(maps) == 0 {
			maps = append(maps, src.ResolveReference(&url.URL{Path: "/sitemap.xml"}))
		}
		var urls []*url.URL
		found := false
		for _, sm := range maps {
			us, err := c.sitemap(ctx, sm, rb, 0)
			if errors.Is(err, errNotFound) {
				continue
			}
			if err != nil {
				return c.listFailed(ctx, src, err)
			}
			found = true
			for _, u := range us {
				if strings.HasPrefix(u.Path, src.Path) || src.Path == "" {
					urls = append(urls, u)
				}
			}
		}
		if found {
			return c.pages(ctx, src, urls, rb, limit)
		}
		return c.follow(ctx, src, rb, limit)
	}
	return c.pages(ctx, src, []*url.URL{src}, rb, limit)
}

// listFailed keeps every page of a source whose listing failed.
func (c *crawl) listFailed(ctx context.Context, src *url.URL, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	c.keepSource(src, err.Error())
	return nil
}

func (c *crawl) keepSource(src *url.URL, reason string) {
	c.rep.Kept = append(c.rep.Kept, Failure{URL: src.String(), Reason: reason})
	for u, p := range c.st.Pages {
		if p.Source == src.String() {
			c.keep[u] = true
		}
	}
}

// pages fetches the listed pages of a source.
func (c *crawl) pages(ctx context.Context, src *url.URL, urls []*url.URL, rb *robots, limit int) error {
	for i, u := range urls {
		if i >= limit {
			c.rep.Skipped = append(c.rep.Skipped, Failure{URL: src.String(), Reason: fmt.Sprintf("%d more pages over the limit of %d", len(urls)-limit, limit)})
			break
		}
		if _, err := c.fetch(ctx, src, u, rb); err != nil {
			return err
		}
	}
	return nil
}

// follow crawls a site root without a sitemap: the pages linked from it,
// breadth first, on the same host and under the root's path.
func (c *crawl) follow(ctx context.Context, src *url.URL, rb *robots, limit int) error {
	queue := []*url.URL{src}
	queued := map[string]bool{src.String(): true}
	n := 0
	for len(queue) > 0 && n < limit {
		u := queue[0]
		queue = queue[1:]
		n++
		body, err := c.fetch(ctx, src, u, rb)
		if err != nil {
			return err
		}
		for _, l := range links(u, body) {
			if l.Host != src.Host || !strings.HasPrefix(l.Path, src.Path) || queued[l.String()] {
				continue
			}
			queued[l.String()] = true
			queue = append(queue, l)
		}
	}
	if len(queue) > 0 {
		c.rep.Skipped = append(c.rep.Skipped, Failure{URL: src.String(), Reason: fmt.Sprintf("stopped at the limit of %d pages", limit)})
		// What was not visited this time is not known to be gone.
		for u, p := range c.st.Pages {
			if p.Source == src.String() && !c.seen[u] {
				c.keep[u] = true
			}
		}
	}
	return nil
}

var errNotFound = errors.New("not found")

// fetch revalidates or fetches one page into the mirror and returns its
// body when it is HTML (for links), read back from the mirror on a 304.
// Only ctx's end and mirror write failures are errors; anything else is
// reported.
func (c *crawl) fetch(ctx context.Context, src, u *url.URL, rb *robots) ([]byte, error) {
	key := u.String()
	if c.seen[key] {
		return nil, nil
	}
	if !rb.allowed(requestPath(u)) {
		c.rep.Disallowed = append(c.rep.Disallowed, key)
		return nil, nil
	}
	old := c.st.Pages[key]
	hdr := http.Header{}
	if old != nil {
		if old.ETag != "" {
			hdr.Set("If-None-Match", old.ETag)
		}
		if old.LastModified != "" {
			hdr.Set("If-Modified-Since", old.LastModified)
		}
	}
	resp, err := c.get(ctx, u, rb, hdr)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		c.failed(key, old, err.Error())
		return nil, nil
	}
	defer resp.Body.Close()
	final := resp.Request.URL
	switch {
	case resp.StatusCode == http.StatusNotModified && old != nil:
		c.seen[key] = true
		c.rep.NotModified++
		data, _ := os.ReadFile(filepath.Join(c.m.Dir, filepath.FromSlash(old.File)))
		return data, nil
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return nil, nil // not seen: removed at the end of the run
	case resp.StatusCode != http.StatusOK:
		c.failed(key, old, resp.Status)
		return nil, nil
	case final.Host != src.Host:
		c.rep.Skipped = append(c.rep.Skipped, Failure{URL: key, Reason: "redirects off the site to " + final.Host})
		return nil, nil
	}
	ext, ok := extFor(resp.Header.Get("Content-Type"), final.Path)
	if !ok {
		c.rep.Skipped = append(c.rep.Skipped, Failure{URL: key, Reason: "not a document docbot reads (" + resp.Header.Get("Content-Type") + ")"})
		return nil, nil
	}
	maxBytes := c.m.MaxBytes
	if maxBytes <= 0 {
		maxBytes = 20 << 20
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBytes+1))
	c.rep.Bytes += int64(len(data))
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		c.failed(key, old, "read: "+err.Error())
		return nil, nil
	}
	if int64(len(data)) > maxBytes {
		c.rep.Skipped = append(c.rep.Skipped, Failure{URL: key, Reason: "larger than the size limit"})
		return nil, nil
	}
	if ext == ".html" {
		// Decode by the HTTP charset (then the page's own), so that the
		// mirrored file is UTF-8 whatever the server declared.
		if r, err := charset.NewReader(bytes.NewReader(data), resp.Header.Get("Content-Type")); err == nil {
			if utf, err := io.ReadAll(r); err == nil {
				data = utf
			}
		}
	}
	file := mirrorPath(final, ext)
	if old != nil && old.File != file {
		if err := c.m.remove(old.File); err != nil {
			return nil, err
		}
	}
	if err := c.m.write(file, data); err != nil {
		return nil, err
	}
	pg := &page{File: file, Source: src.String(), ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	if final.String() != key {
		pg.URL = final.String()
	}
	c.st.Pages[key] = pg
	c.seen[key] = true
	c.rep.Fetched = append(c.rep.Fetched, key)
	if ext == ".html" {
		return data, nil
	}
	return nil, nil
}

// failed keeps a page's mirrored copy after a failed fetch.
func (c *crawl) failed(key string, old *page, reason string) {
	c.rep.Kept = append(c.rep.Kept, Failure{URL: key, Reason: reason})
	if old != nil {
		c.keep[key] = true
	}
	c.m.log().Warn("web fetch failed", "url", key, "reason", reason)
}

// get sends one polite GET: after the host's delay, redirects only on the
// same host.
func (c *crawl) get(ctx context.Context, u *url.URL, rb *robots, hdr http.Header) (*http.Response, error) {
	delay := c.m.Delay
	if rb != nil && rb.delay > delay {
		delay = min(rb.delay, 30*time.Second)
	}
	if last, ok := c.last[u.Host]; ok && delay > 0 {
		if wait := time.Until(last.Add(delay)); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return nil, ctx.Err()
			case <-t.C:
			}
		}
	}
	defer func() { c.last[u.Host] = time.Now() }()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header = hdr
	req.Header.Set("User-Agent", UserAgent)
	client := c.m.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	cl := *client
	cl.CheckRedirect = func(r *http.Request, via []*http.Request) error {
		if len(via) >= 5 {
			return errors.New("too many redirects")
		}
		if r.URL.Host != u.Host {
			return http.ErrUseLastResponse // reported as off-site by the caller
		}
		if !rb.allowed(requestPath(r.URL)) {
			return errors.New("redirects to a path robots.txt disallows")
		}
		return nil
	}
	resp, err := cl.Do(req)
	if err == nil && resp.StatusCode >= 300 && resp.StatusCode < 400 && resp.StatusCode != http.StatusNotModified {
		loc, _ := resp.Location()
		resp.Body.Close()
		if loc != nil {
			return nil, fmt.Errorf("redirects off the site to %s", loc.Host)
		}
		return nil, fmt.Errorf("redirect without a location (%s)", resp.Status)
	}
	return resp, err
}

// robotsFor fetches and parses the host's robots.txt once per run: a 4xx
// allows everything, a 5xx or network error fails the source (RFC 9309
// treats an unreachable robots.txt as a full disallow).
func (c *crawl) robotsFor(ctx context.Context, u *url.URL) (*robots, error) {
	host := u.Scheme + "://" + u.Host
	if rb, ok := c.robots[host]; ok {
		if rb == nil {
			return nil, errors.New("unreachable")
		}
		return rb, nil
	}
	ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	resp, err := c.get(ctx, ru, nil, http.Header{})
	if err != nil {
		c.robots[host] = nil
		return nil, fmt.Errorf("unreachable: %w", err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode >= 500:
		c.robots[host] = nil
		return nil, fmt.Errorf("unreachable: %s", resp.Status)
	case resp.StatusCode >= 400:
		rb := &robots{}
		c.robots[host] = rb
		return rb, nil
	}
	rb := parseRobots(resp.Body, "docbot")
	c.robots[host] = rb
	return rb, nil
}

// requestPath is a URL's path and query as robots.txt rules see them.
func requestPath(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

// extFor maps a response to the file type the corpus reads.
func extFor(contentType, urlPath string) (string, bool) {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch mt {
	case "text/html", "application/xhtml+xml":
		return ".html", true
	case "text/markdown", "text/x-markdown":
		return ".md", true
	case "application/pdf":
		return ".pdf", true // kept as fetched: corpus reads its text layer
	case "text/plain":
		switch strings.ToLower(path.Ext(urlPath)) {
		case ".md", ".markdown":
			return ".md", true
		}
		return ".txt", true
	}
	return "", false
}

// mirrorPath is where a page is kept: host/path, "index" for a folder,
// a hash of the query, and the type's extension.
func mirrorPath(u *url.URL, ext string) string {
	p := path.Clean("/" + u.Path)
	if strings.HasSuffix(u.Path, "/") || p == "/" {
		p = path.Join(p, "index")
	}
	p = strings.TrimSuffix(p, path.Ext(p))
	if u.RawQuery != "" {
		sum := sha256.Sum256([]byte(u.RawQuery))
		p += "-" + hex.EncodeToString(sum[:4])
	}
	host := strings.ReplaceAll(u.Host, ":", "_")
	return host + p + ext
}

func (m *Mirror) write(file string, data []byte) error {
	full := filepath.Join(m.Dir, filepath.FromSlash(file))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return fmt.Errorf("web mirror: %w", err)
	}
	tmp := full + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("web mirror: %w", err)
	}
	if err := os.Rename(tmp, full); err != nil {
		return fmt.Errorf("web mirror: %w", err)
	}
	return nil
}

func (m *Mirror) remove(file string) error {
	err := os.Remove(filepath.Join(m.Dir, filepath.FromSlash(file)))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("web mirror: %w", err)
	}
	return nil
}

func (m *Mirror) load() (*state, error) {
	st := &state{Pages: map[string]*page{}}
	data, err := os.ReadFile(filepath.Join(m.Dir, stateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return nil, fmt.Errorf("web mirror: %w", err)
	}
	if err := json.Unmarshal(data, st); err != nil {
		return nil, fmt.Errorf("web mirror %s: %w", stateFile, err)
	}
	if st.Pages == nil {
		st.Pages = map[string]*page{}
	}
	return st, nil
}

func (m *Mirror) save(st *state) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	return m.write(stateFile, data)
}

func (m *Mirror) log() *slog.Logger {
	if m.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return m.Log
}

// URLs maps each mirrored file (slash path) to the URL it was fetched
// from, for citations.
func (m *Mirror) URLs() (map[string]string, error) {
	st, err := m.load()
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(st.Pages))
	for u, p := range st.Pages {
		if p.URL != "" {
			u = p.URL
		}
		out[p.File] = u
	}
	return out, nil
}

// FS is the mirror as a file system for the corpus: its pages, each
// telling the URL it came from (corpus.SourceURLs).
func (m *Mirror) FS() (fs.FS, error) {
	urls, err := m.URLs()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(m.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("web mirror: %w", err)
	}
	return mirrorFS{fsys: os.DirFS(m.Dir), urls: urls}, nil
}

type mirrorFS struct {
	fsys fs.FS
	urls map[string]string
}

func (m mirrorFS) Open(name string) (fs.File, error)          { return m.fsys.Open(name) }
func (m mirrorFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(m.fsys, name) }
func (m mirrorFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(m.fsys, name) }
func (m mirrorFS) SourceURL(name string) string               { return m.urls[name] }
