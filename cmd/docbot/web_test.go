package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docbot/docbot/internal/testsupport"
)

// --urls indexes web pages with the folder; ask answers from the mirror
// without fetching again, index revalidates (304) and keeps a page whose
// server fails.
func TestIndexURLs(t *testing.T) {
	old := webDelay
	webDelay = 0
	t.Cleanup(func() { webDelay = old })
	site := testsupport.NewFakeSite(t, map[string]testsupport.SitePage{
		"/docs/spin.html": {Body: `<html><head><title>Spin rate · Widget Docs</title></head><body><main><h1>Spin rate</h1>
<p>The spin_rate key sets the rotations per minute of the widget; the default is sixty.</p></main></body></html>`},
	})
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Alpha title\n\n"+strings.Repeat("Apples grow in the orchard. ", 10)), 0o644)
	env := map[string]string{"DOCBOT_DB": filepath.Join(t.TempDir(), "x.db"), "DOCBOT_CORPUS": dir, "DOCBOT_URLS": site.URL + "/docs/spin.html"}
	r := docbot(t, env, "index")
	if r.code != 0 || !strings.Contains(r.stdout, "2 added") || !strings.Contains(r.stderr, "fetched from the web: 1 new or changed") {
		t.Fatalf("index: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = docbot(t, env, "ask", "what does the spin_rate key set?")
	if r.code != 0 || !strings.Contains(r.stdout, "rotations per minute") || !strings.Contains(r.stdout, site.URL+"/docs/spin.html") {
		t.Fatalf("ask: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := site.Requests("/docs/spin.html"); n != 1 {
		t.Errorf("ask fetched the page again: %d requests", n)
	}
	site.Set("/docs/spin.html", testsupport.SitePage{Status: 502})
	r = docbot(t, env, "index")
	if r.code != 0 || !strings.Contains(r.stderr, "1 failed (previous copies kept)") || !strings.Contains(r.stdout, "2 unchanged") {
		t.Fatalf("index with the server failing: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = docbot(t, env, "index", "--urls", "ftp://nope")
	if r.code == 0 || !strings.Contains(r.stderr, "not an http or https URL") {
		t.Errorf("bad URL: exit %d\n%s", r.code, r.stderr)
	}
}
