package main

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/docbot/docbot/config"
	"github.com/docbot/docbot/internal/clock"
	"github.com/docbot/docbot/internal/testsupport"
)

// --urls indexes web pages with the folder; ask answers from the mirror
// without fetching again, index revalidates (304) and keeps a page whose
// server fails.
func TestIndexURLs(t *testing.T) {
	noWebDelay(t)
	site := testsupport.NewFakeSite(t, map[string]testsupport.SitePage{
		"/docs/spin.html": {Body: spinPage},
	})
	dir := alphaCorpus(t)
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

// DOCBOT_CORPUS may list the folder and a sitemap: index reads both, as if
// the sitemap were in DOCBOT_URLS, and doctor reports it.
func TestCorpusListsFolderAndSitemap(t *testing.T) {
	noWebDelay(t)
	site := testsupport.NewFakeSite(t, map[string]testsupport.SitePage{
		"/docs/spin.html": {Body: spinPage},
		"/docs/tilt.html": {Body: `<html><head><title>Tilt · Widget Docs</title></head><body><main><h1>Tilt</h1>
<p>The tilt_angle key leans the widget by a number of degrees; negative values lean it left.</p></main></body></html>`},
	})
	site.Set("/sitemap.xml", testsupport.SitePage{ContentType: "application/xml", Body: `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>` + site.URL + `/docs/spin.html</loc></url><url><loc>` + site.URL + `/docs/tilt.html</loc></url></urlset>`})
	dir := alphaCorpus(t)
	env := map[string]string{"DOCBOT_DB": filepath.Join(t.TempDir(), "x.db"), "DOCBOT_CORPUS": dir + "," + site.URL + "/sitemap.xml"}

	r := docbot(t, env, "doctor")
	if l := doctorLine(r.stdout, "web"); !strings.HasPrefix(l, "ok") || !strings.Contains(l, site.URL+"/sitemap.xml (DOCBOT_CORPUS)") || !strings.Contains(l, "not fetched yet") {
		t.Errorf("doctor before index: web line %q\n%s", l, r.stdout)
	}
	if l := doctorLine(r.stdout, "corpus"); !strings.HasPrefix(l, "ok") || !strings.Contains(l, "1 articles") {
		t.Errorf("doctor: corpus line %q", l)
	}

	r = docbot(t, env, "index")
	if r.code != 0 || !strings.Contains(r.stdout, "3 added") || !strings.Contains(r.stderr, "fetched from the web: 2 new or changed") {
		t.Fatalf("index: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = docbot(t, env, "docs")
	for _, want := range []string{"Alpha title", "Spin rate", "Tilt"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("docs lacks %q:\n%s%s", want, r.stdout, r.stderr)
		}
	}
	r = docbot(t, env, "ask", "what does the tilt_angle key do?")
	if r.code != 0 || !strings.Contains(r.stdout, "degrees") || !strings.Contains(r.stdout, site.URL+"/docs/tilt.html") {
		t.Errorf("ask: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = docbot(t, env, "doctor")
	if l := doctorLine(r.stdout, "web"); !strings.HasPrefix(l, "ok") || !strings.Contains(l, "2 pages mirrored") {
		t.Errorf("doctor after index: web line %q", l)
	}

	// The same sitemap in DOCBOT_URLS too is fetched once.
	site.Reset()
	env["DOCBOT_URLS"] = site.URL + "/sitemap.xml"
	r = docbot(t, env, "index")
	if r.code != 0 || !strings.Contains(r.stdout, "3 unchanged") || site.Requests("/sitemap.xml") != 1 {
		t.Errorf("index with the sitemap in both: exit %d, %d sitemap requests\n%s%s", r.code, site.Requests("/sitemap.xml"), r.stdout, r.stderr)
	}

	// Only web sources: no folder, no embedded corpus.
	r = docbot(t, map[string]string{"DOCBOT_DB": filepath.Join(t.TempDir(), "y.db"), "DOCBOT_CORPUS": site.URL + "/sitemap.xml"}, "index")
	if r.code != 0 || !strings.Contains(r.stdout, "2 added") {
		t.Errorf("index of the sitemap alone: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// A bad DOCBOT_CORPUS entry is a usage error that names it and says what
// to do, without a Go error string.
func TestCorpusListBadEntries(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.md")
	os.WriteFile(file, []byte("# A\n\nSome text."), 0o644)
	missing := filepath.Join(dir, "nope")
	for name, tt := range map[string]struct{ corpus, want string }{
		"ftp":         {"ftp://files.example/docs," + dir, `"ftp://files.example/docs" is neither a folder nor an http(s) address: list a folder, and web pages, sitemaps or site roots as https://`},
		"file":        {file + ",https://a.example/", "corpus " + file + " is a file, not a folder: pass the folder that holds the articles"},
		"missing":     {"https://a.example/," + missing, "corpus folder " + missing + " does not exist: pass an existing folder with --corpus or DOCBOT_CORPUS"},
		"two folders": {dir + "," + missing, "lists 2 folders (" + dir + ", " + missing + "): docbot indexes one folder; put them under one parent folder"},
	} {
		t.Run(name, func(t *testing.T) {
			r := docbot(t, map[string]string{"DOCBOT_CORPUS": tt.corpus}, "index")
			if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, want 2; stderr %q, want %q", r.code, r.stderr, tt.want)
			}
			if strings.Contains(r.stderr, "stat ") || strings.Contains(r.stderr, "no such file") {
				t.Errorf("a Go error string: %q", r.stderr)
			}
		})
	}
}

// DOCBOT_RESYNC fetches the web sources DOCBOT_CORPUS lists again, like
// DOCBOT_URLS's: a page the sitemap gains is indexed on the next turn.
func TestScheduledResyncFetchesCorpusURLs(t *testing.T) {
	noWebDelay(t)
	page := func(title, text string) testsupport.SitePage {
		return testsupport.SitePage{Body: "<html><head><title>" + title + "</title></head><body><main><h1>" + title + "</h1><p>" + text + "</p></main></body></html>"}
	}
	site := testsupport.NewFakeSite(t, map[string]testsupport.SitePage{
		"/docs/spin.html": page("Spin rate", "The spin_rate key sets the rotations per minute of the widget; the default is sixty."),
	})
	sitemap := func(paths ...string) {
		body := `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`
		for _, p := range paths {
			body += "<url><loc>" + site.URL + p + "</loc></url>"
		}
		site.Set("/sitemap.xml", testsupport.SitePage{ContentType: "application/xml", Body: body + "</urlset>"})
	}
	sitemap("/docs/spin.html")
	dir := alphaCorpus(t)
	env := map[string]string{"DOCBOT_DB": filepath.Join(t.TempDir(), "x.db"), "DOCBOT_CORPUS": dir + "," + site.URL + "/sitemap.xml", "DOCBOT_RESYNC": "1h"}
	cfg, _, err := config.Load(flag.NewFlagSet("t", flag.ContinueOnError), nil, func(k string) string { return env[k] }, "index", "server")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := openTestStore(t, ctx, cfg)
	s := &syncer{cfg: cfg, db: db, lock: newSyncLock()}
	if _, err := s.reload(ctx); err != nil {
		t.Fatal(err)
	}
	docs := func() int {
		d, err := db.Docs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return len(d)
	}
	if n := docs(); n != 2 {
		t.Fatalf("%d documents after the first sync, want the file and the page", n)
	}
	clk := clock.NewFake(time.Unix(0, 0))
	runs := make(reloadCounter, 4)
	logs := &syncBuffer{}
	go s.resync(ctx, clk, cfg.Resync, runs, slog.New(slog.NewTextHandler(logs, nil)))

	site.Set("/docs/tilt.html", page("Tilt", "The tilt_angle key leans the widget by a number of degrees."))
	sitemap("/docs/spin.html", "/docs/tilt.html")
	clk.BlockUntil(1)
	clk.Advance(time.Hour)
	select {
	case ok := <-runs:
		if !ok || docs() != 3 {
			t.Errorf("scheduled re-sync: ok=%v, %d documents, want the new page indexed; log:\n%s", ok, docs(), logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no re-sync after its interval")
	}
}

// spinPage is a documentation page the fake sites serve.
const spinPage = `<html><head><title>Spin rate · Widget Docs</title></head><body><main><h1>Spin rate</h1>
<p>The spin_rate key sets the rotations per minute of the widget; the default is sixty.</p></main></body></html>`

// noWebDelay lifts the pause between two fetches from one site for the
// test.
func noWebDelay(t *testing.T) {
	old := webDelay
	webDelay = 0
	t.Cleanup(func() { webDelay = old })
}
