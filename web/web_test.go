package web_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/docbot/docbot/corpus"
	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
	"github.com/docbot/docbot/web"
)

func docPage(title, text string) testsupport.SitePage {
	return testsupport.SitePage{Body: fmt.Sprintf(`<!doctype html><html><head><title>%s · Widget Docs</title>
<meta property="og:site_name" content="Widget Docs"></head><body><nav><a href="/docs/">Docs</a></nav>
<main><h1>%s</h1><p>%s</p></main></body></html>`, title, title, text)}
}

// docsSite is a documentation site: robots.txt names a sitemap index,
// whose sitemap lists pages, a redirect, a disallowed page, a stylesheet
// and an off-site URL.
func docsSite(t *testing.T) *testsupport.FakeSite {
	s := testsupport.NewFakeSite(t, map[string]testsupport.SitePage{
		"/docs/install.html":       docPage("Installing", "Install the widget with the package manager, then restart the daemon."),
		"/docs/config.html":        docPage("Configuring", "The spin_rate key sets the rotations per minute of the widget."),
		"/docs/old.html":           {Status: 301, Location: "/docs/upgrade.html"},
		"/docs/upgrade.html":       docPage("Upgrading", "Stop the daemon before replacing the widget binary during an upgrade."),
		"/docs/faq.html":           docPage("FAQ", "The widget logs to syslog under the facility local3 by default."),
		"/docs/private/notes.html": docPage("Private", "Internal notes that robots.txt keeps out."),
		"/docs/style.css":          {Body: "body{}", ContentType: "text/css"},
		"/sitemap-docs.xml": {Body: `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>/docs/install.html</loc></url><url><loc>/docs/config.html</loc></url>
<url><loc>/docs/old.html</loc></url><url><loc>/docs/faq.html</loc></url>
<url><loc>/docs/private/notes.html</loc></url><url><loc>/docs/style.css</loc></url>
<url><loc>https://elsewhere.example/docs/x.html</loc></url><url><loc>/blog/post.html</loc></url>
</urlset>`},
	})
	s.Set("/robots.txt", testsupport.SitePage{Body: "User-agent: *\nDisallow: /docs/private/\n\nSitemap: " + s.URL + "/sitemap_index.xml\n"})
	s.Set("/sitemap_index.xml", testsupport.SitePage{Body: `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>` + s.URL + `/sitemap-docs.xml</loc></sitemap></sitemapindex>`})
	return s
}

func indexMirror(t *testing.T, db *store.DB, m *web.Mirror) store.Report {
	t.Helper()
	fsys, err := m.FS()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := db.Sync(t.Context(), corpus.Union(nil, corpus.Mount{At: "web", FSys: fsys}), store.SyncOptions{})
	if err != nil {
		t.Fatalf("index: %v (%+v)", err, rep)
	}
	return rep
}

func TestSyncSiteRespectsRobotsAndRevalidates(t *testing.T) {
	site := docsSite(t)
	m := &web.Mirror{Dir: t.TempDir()}
	root := site.URL + "/docs/"
	rep, err := m.Sync(t.Context(), []string{root})
	if err != nil {
		t.Fatal(err)
	}
	u := func(p string) string { return site.URL + p }
	if want := []string{u("/docs/install.html"), u("/docs/config.html"), u("/docs/old.html"), u("/docs/faq.html")}; !sameSet(rep.Fetched, want) {
		t.Errorf("fetched %v, want %v", rep.Fetched, want)
	}
	if !slices.Equal(rep.Disallowed, []string{u("/docs/private/notes.html")}) || site.Requests("/docs/private/notes.html") != 0 {
		t.Errorf("disallowed %v, %d requests to the private page", rep.Disallowed, site.Requests("/docs/private/notes.html"))
	}
	if len(rep.Skipped) != 1 || !strings.Contains(rep.Skipped[0].Reason, "text/css") {
		t.Errorf("skipped %v, want the stylesheet", rep.Skipped)
	}
	if site.Requests("/blog/post.html") != 0 {
		t.Errorf("fetched a page outside the source's path")
	}
	if ua := site.UserAgents(); len(ua) != 1 || !strings.HasPrefix(ua[0], "docbot/") {
		t.Errorf("user agents %v", ua)
	}

	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	irep := indexMirror(t, db, m)
	if irep.Documents != 4 {
		t.Fatalf("indexed %d documents, want 4: %+v", irep.Documents, irep)
	}
	docs := docsByTitle(t, db)
	if d, ok := docs["Upgrading"]; !ok || d.URL != u("/docs/upgrade.html") {
		t.Errorf("the redirected page: %+v (all: %v)", d, docs)
	}
	if d := docs["Installing"]; d.URL != u("/docs/install.html") {
		t.Errorf("install page URL %q", d.URL)
	}

	// Second sync: one page changed, one gone, one failing, the rest unchanged.
	site.Reset()
	site.Set("/docs/install.html", docPage("Installing", "Install the widget with the package manager; version 2 needs no restart."))
	site.Remove("/docs/config.html")
	site.Set("/docs/faq.html", testsupport.SitePage{Status: 500})
	rep, err = m.Sync(t.Context(), []string{root})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.Fetched, []string{u("/docs/install.html")}) {
		t.Errorf("second sync fetched %v, want only the changed page", rep.Fetched)
	}
	if rep.NotModified != 1 || site.Transfers("/docs/upgrade.html") != 0 {
		t.Errorf("not modified %d, upgrade page sent %d times", rep.NotModified, site.Transfers("/docs/upgrade.html"))
	}
	if !slices.Equal(rep.Removed, []string{u("/docs/config.html")}) {
		t.Errorf("removed %v, want the page that answers 404", rep.Removed)
	}
	if len(rep.Kept) != 1 || rep.Kept[0].URL != u("/docs/faq.html") {
		t.Errorf("kept %v, want the page that answers 500", rep.Kept)
	}
	indexMirror(t, db, m)
	docs = docsByTitle(t, db)
	if _, ok := docs["FAQ"]; !ok {
		t.Errorf("a transient failure deleted the FAQ: %v", docs)
	}
	if _, ok := docs["Configuring"]; ok {
		t.Errorf("the page that disappeared is still indexed")
	}

	// Third sync: the sitemap fails: nothing is removed.
	site.Set("/sitemap-docs.xml", testsupport.SitePage{Status: 503})
	rep, err = m.Sync(t.Context(), []string{root})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Removed) != 0 || len(rep.Kept) != 1 || rep.Kept[0].URL != root {
		t.Errorf("with the sitemap down: removed %v, kept %v", rep.Removed, rep.Kept)
	}
	if irep := indexMirror(t, db, m); irep.Documents != 3 || len(irep.Removed) != 0 {
		t.Errorf("with the sitemap down the index has %d documents, removed %v", irep.Documents, irep.Removed)
	}
}

func TestSyncFollowsLinksWithoutSitemap(t *testing.T) {
	site := testsupport.NewFakeSite(t, map[string]testsupport.SitePage{
		"/guide/": {Body: `<html><body><main><h1>Guide</h1><p>Start with the <a href="one.html">first step</a>,
then <a href="two.html#part">the second</a>; see also <a href="/other/">elsewhere</a> and <a href="https://off.example/">off site</a>.</p></main></body></html>`},
		"/guide/one.html":   docPage("One", "The first step unpacks the widget."),
		"/guide/two.html":   {Body: `<html><body><main><h1>Two</h1><p>The second step <a href="three.html">links on</a>.</p></main></body></html>`},
		"/guide/three.html": docPage("Three", "The third step is past the page limit."),
		"/other/":           docPage("Other", "Not under the guide."),
	})
	m := &web.Mirror{Dir: t.TempDir(), MaxPages: 3}
	rep, err := m.Sync(t.Context(), []string{site.URL + "/guide/"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Fetched) != 3 || site.Requests("/other/") != 0 || site.Requests("/guide/three.html") != 0 {
		t.Errorf("fetched %v; /other/ %d, three %d requests", rep.Fetched, site.Requests("/other/"), site.Requests("/guide/three.html"))
	}
	if len(rep.Skipped) != 1 || !strings.Contains(rep.Skipped[0].Reason, "limit of 3") {
		t.Errorf("skipped %v, want the page limit", rep.Skipped)
	}
	if _, err := os.Stat(filepath.Join(m.Dir, strings.TrimPrefix(site.URL, "http://")[0:0], strings.ReplaceAll(strings.TrimPrefix(site.URL, "http://"), ":", "_"), "guide", "index.html")); err != nil {
		t.Errorf("site root not mirrored as index.html: %v", err)
	}
}

func TestSyncRefusesBadSources(t *testing.T) {
	m := &web.Mirror{Dir: t.TempDir()}
	for _, s := range []string{"ftp://example.com/x", "example.com/docs", "file:///etc/passwd", ""} {
		if _, err := m.Sync(context.Background(), []string{s}); !errors.Is(err, web.ErrBadSource) {
			t.Errorf("Sync(%q) error %v, want ErrBadSource", s, err)
		}
	}
}

// An unreachable robots.txt (5xx) means crawl nothing, keep everything.
func TestSyncRobotsUnreachable(t *testing.T) {
	site := testsupport.NewFakeSite(t, map[string]testsupport.SitePage{
		"/robots.txt": {Status: 500},
		"/a.html":     docPage("A", "Alpha text."),
	})
	m := &web.Mirror{Dir: t.TempDir()}
	rep, err := m.Sync(t.Context(), []string{site.URL + "/a.html"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Fetched) != 0 || site.Requests("/a.html") != 0 || len(rep.Kept) != 1 {
		t.Errorf("robots.txt 500: fetched %v, kept %v", rep.Fetched, rep.Kept)
	}
}

type docInfo struct{ URL string }

func docsByTitle(t *testing.T, db *store.DB) map[string]docInfo {
	t.Helper()
	docs, err := db.Docs(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]docInfo{}
	for _, d := range docs {
		out[d.Title] = docInfo{URL: d.URL}
	}
	return out
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// A PDF a sitemap lists is mirrored byte for byte and indexed with its
// pages cited.
func TestSyncMirrorsPDFs(t *testing.T) {
	pdf, err := os.ReadFile(filepath.Join("..", "corpus", "testdata", "pdf", "handbook.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	site := testsupport.NewFakeSite(t, map[string]testsupport.SitePage{
		"/files/handbook.pdf": {Body: string(pdf), ContentType: "application/pdf"},
	})
	m := &web.Mirror{Dir: t.TempDir()}
	if _, err := m.Sync(t.Context(), []string{site.URL + "/files/handbook.pdf"}); err != nil {
		t.Fatal(err)
	}
	db := testsupport.OpenDB(t)
	rep := indexMirror(t, db, m)
	if len(rep.Added) != 1 || len(rep.Skipped) != 0 {
		t.Fatalf("report %+v", rep)
	}
	hits, err := db.Search(t.Context(), `"greenhouse"`, retrieval.Filter{}, 1)
	if err != nil || len(hits) != 1 || hits[0].Title != "Volunteer Handbook (p. 2)" || hits[0].URL != site.URL+"/files/handbook.pdf" {
		t.Errorf("hits %+v, %v", hits, err)
	}
}
