package web

import (
	"strings"
	"testing"
	"time"
)

func TestRobots(t *testing.T) {
	const txt = `# example
User-agent: Googlebot
Disallow: /

User-agent: *
Disallow: /private/
Allow: /private/public.html
Disallow: /*.pdf$
Disallow: /search?q=
Crawl-delay: 2

Sitemap: https://example.com/sitemap.xml
`
	r := parseRobots(strings.NewReader(txt), "docbot")
	for path, want := range map[string]bool{
		"/":                     true,
		"/docs/a.html":          true,
		"/private/x.html":       false,
		"/private/public.html":  true,
		"/files/manual.pdf":     false,
		"/files/manual.pdf?x=1": true,
		"/search?q=widgets":     false,
		"/robots.txt":           true,
	} {
		if got := r.allowed(path); got != want {
			t.Errorf("allowed(%q) = %v, want %v", path, got, want)
		}
	}
	if r.delay != 2*time.Second || len(r.sitemaps) != 1 {
		t.Errorf("delay %v, sitemaps %v", r.delay, r.sitemaps)
	}
	// A group naming docbot wins over "*".
	r = parseRobots(strings.NewReader("User-agent: *\nDisallow: /\n\nUser-agent: docbot\nAllow: /\nDisallow: /tmp/\n"), "docbot")
	if !r.allowed("/docs/") || r.allowed("/tmp/x") {
		t.Errorf("docbot group not applied: %+v", r.rules)
	}
	// An empty Disallow allows everything.
	if r := parseRobots(strings.NewReader("User-agent: *\nDisallow:\n"), "docbot"); !r.allowed("/anything") {
		t.Errorf("empty Disallow refused a path")
	}
}
