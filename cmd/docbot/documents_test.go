package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/docbot/docbot/bot"
	"github.com/docbot/docbot/config"
	"github.com/docbot/docbot/internal/clock"
	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/store"
)

// reply waits for the final reply to an interaction: an immediate
// message (callback type 4), or the edit of a deferred response.
func reply(t *testing.T, fake *testsupport.FakeDiscord, id, token string) string {
	t.Helper()
	var text string
	fake.WaitFor(t, 60*time.Second, "the reply to "+id, func(rs []testsupport.Request) bool {
		for _, r := range rs {
			var m struct {
				Type int `json:"type"`
				Data struct {
					Content string `json:"content"`
				} `json:"data"`
				Content string `json:"content"`
			}
			switch {
			case r.Method == "POST" && r.Path == "/interactions/"+id+"/"+token+"/callback":
				json.Unmarshal(r.Body, &m)
				if m.Type == 4 {
					text = m.Data.Content
					return true
				}
			case r.Method == "PATCH" && strings.Contains(r.Path, "/"+token+"/messages/@original"):
				json.Unmarshal(r.Body, &m)
				text = m.Content
				return true
			}
		}
		return false
	})
	return text
}

// /docs add and /docs remove through the real discordgo client and the
// fake Discord: moderators only; files stored in the managed folder and
// indexed by the same sync, whose report is the reply; hostile files
// (wrong type, oversized as declared or as sent, a PDF that is not one, a
// PDF without text, a file served elsewhere) and a failing URL refused
// with a reason, leaving nothing behind; the uploads survive another
// command's sync of the same database.
func TestDocsAddAndRemoveFromDiscord(t *testing.T) {
	noWebDelay(t)
	site := testsupport.NewFakeSite(t, map[string]testsupport.SitePage{
		"/docs/spin.html": {Body: spinPage},
		"/broken.html":    {Status: 500},
	})
	corpusDir := t.TempDir()
	os.WriteFile(filepath.Join(corpusDir, "a.txt"), []byte("Alpha title\n\n"+strings.Repeat("Apples grow in the orchard. ", 10)), 0o644)
	// The operator's own subfolder named like the managed one: it must stay indexed next to the uploads.
	os.Mkdir(filepath.Join(corpusDir, "uploads"), 0o755)
	os.WriteFile(filepath.Join(corpusDir, "uploads", "policy.md"), []byte("# Leave policy\n\nVolunteers ask the coordinator for leave two weeks ahead.\n"), 0o644)
	db := filepath.Join(t.TempDir(), "x.db")
	fake := testsupport.NewFakeDiscord(t)
	env := map[string]string{"DISCORD_TOKEN": fake.Token, "DOCBOT_DISCORD_URL": fake.URL, "DOCBOT_DB": db,
		"DOCBOT_CORPUS": corpusDir, "DOCBOT_MAX_FILE_BYTES": "200000", "DOCBOT_COOLDOWN": "0"}
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, io.Discard, logs) }()
	fake.WaitFor(t, 20*time.Second, "command registration", func(rs []testsupport.Request) bool {
		for _, r := range rs {
			if r.Method == "PUT" {
				return true
			}
		}
		return false
	})

	mod := &testsupport.Member{UserID: "4001", Permissions: "32"}
	user := &testsupport.Member{UserID: "4002", Permissions: "0"}
	const guild = "5000"
	guide := &testsupport.Attachment{Filename: "Setup Guide.md", ContentType: "text/markdown",
		Data: []byte("# Setting up the gizmo\n\nTo calibrate the gizmo, hold the blue button for seven seconds until the lamp blinks twice.\n")}
	do := func(m *testsupport.Member, sub string, opts map[string]any) string {
		t.Helper()
		id, token := fake.Subcommand(t, guild, "3000", m, "docs", sub, opts)
		return reply(t, fake, id, token)
	}
	uploads := db + ".uploads"

	if r := do(user, "add", map[string]any{"file": guide}); !strings.Contains(r, "moderators only") {
		t.Errorf("a member's /docs add: %q, want a moderators-only refusal", r)
	}
	if n := fake.AttachmentDownloads(); n != 0 {
		t.Errorf("a refused /docs add downloaded the file %d times", n)
	}
	if r := do(user, "remove", map[string]any{"name": "a.txt"}); !strings.Contains(r, "moderators only") {
		t.Errorf("a member's /docs remove: %q, want a moderators-only refusal", r)
	}

	r := do(mod, "add", map[string]any{"file": guide})
	if !strings.Contains(r, "1 added") || !strings.Contains(r, "Added: uploads/Setup-Guide") {
		t.Fatalf("/docs add of a Markdown file: %q; log:\n%s", r, logs.String())
	}
	if _, err := os.Stat(filepath.Join(uploads, "Setup-Guide.md")); err != nil {
		t.Errorf("the upload is not in the managed folder: %v", err)
	}

	handbook, err := os.ReadFile(filepath.Join("..", "..", "corpus", "testdata", "pdf", "handbook.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if r := do(mod, "add", map[string]any{"file": &testsupport.Attachment{Filename: "handbook.pdf", Data: handbook}}); !strings.Contains(r, "Added: uploads/handbook") {
		t.Errorf("/docs add of a real PDF: %q", r)
	}

	scanned, err := os.ReadFile(filepath.Join("..", "..", "corpus", "testdata", "pdf", "scanned.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	downloads := fake.AttachmentDownloads()
	hostile := []struct {
		name string
		att  *testsupport.Attachment
		want string
	}{
		{"wrong type", &testsupport.Attachment{Filename: "tool.exe", Data: []byte("MZ\x90\x00")}, "only add .md, .txt, .html and .pdf"},
		{"oversized as declared", &testsupport.Attachment{Filename: "big.txt", Data: []byte("x"), Size: 300000}, "the limit is 195.3 KiB"},
		{"oversized as sent", &testsupport.Attachment{Filename: "liar.txt", Data: []byte(strings.Repeat("lies ", 60000)), Size: 10}, "larger than the 195.3 KiB limit"},
		{"a PDF that is not a PDF", &testsupport.Attachment{Filename: "fake.pdf", Data: []byte("just some text pretending")}, "is not a PDF"},
		{"binary text", &testsupport.Attachment{Filename: "blob.txt", Data: []byte("abc\x00\x01\x02def")}, "binary data"},
		{"a PDF without text", &testsupport.Attachment{Filename: "scanned.pdf", Data: scanned}, "was not added"},
		{"the same document as another upload", &testsupport.Attachment{Filename: "Setup Guide.txt", Data: []byte("Another guide to setting up the gizmo, in plain text this time.")}, "same document as “Setup-Guide.md”"},
		{"the same document as the corpus folder's own", &testsupport.Attachment{Filename: "policy.txt", Data: []byte("A moderator's leave policy.")}, "same document as the server's own “uploads/policy.md”"},
		{"served elsewhere", &testsupport.Attachment{Filename: "x.md", Data: []byte("x"), URL: site.URL + "/docs/spin.html"}, "couldn't download"},
	}
	for _, h := range hostile {
		if r := do(mod, "add", map[string]any{"file": h.att}); !strings.Contains(r, h.want) {
			t.Errorf("%s: %q, want %q", h.name, r, h.want)
		}
	}
	// downloaded: the lying size, the fake and the binary file, the scan and the two namesakes
	if n := fake.AttachmentDownloads() - downloads; n != 6 {
		t.Errorf("%d hostile files downloaded, want 6 (the others refused from what Discord declared)", n)
	}
	if site.Requests("/docs/spin.html") != 0 {
		t.Error("the bot fetched an attachment address outside Discord's CDN")
	}
	entries, _ := os.ReadDir(uploads)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "Setup-Guide.md handbook.pdf" {
		t.Errorf("the managed folder holds %v after the refusals, want only the two accepted files", names)
	}

	if r := do(mod, "add", map[string]any{"url": site.URL + "/docs/spin.html"}); !strings.Contains(r, "1 added") || !strings.Contains(r, "Added: uploads") && !strings.Contains(r, "Added: web/") {
		t.Errorf("/docs add url: %q", r)
	}
	if r := do(mod, "add", map[string]any{"url": site.URL + "/broken.html"}); !strings.Contains(r, "couldn't add") {
		t.Errorf("/docs add of a failing URL: %q", r)
	}
	if r := do(mod, "add", map[string]any{"url": "ftp://example.com/x"}); !strings.Contains(r, "not a web address") {
		t.Errorf("/docs add of a non-web address: %q", r)
	}
	if r := do(mod, "add", map[string]any{}); !strings.Contains(r, "one of the two") {
		t.Errorf("/docs add with nothing: %q", r)
	}
	if b, _ := os.ReadFile(filepath.Join(uploads, ".urls")); strings.TrimSpace(string(b)) != site.URL+"/docs/spin.html" {
		t.Errorf("the managed addresses are %q, want only the one that worked", b)
	}

	if r := do(mod, "remove", map[string]any{"name": "nothing.md"}); !strings.Contains(r, "Setup-Guide.md") {
		t.Errorf("/docs remove of an unknown name should list what was added: %q", r)
	}
	if r := do(mod, "remove", map[string]any{"name": "a"}); !strings.Contains(r, "No document added from Discord") {
		t.Errorf("/docs remove of the operator's file: %q", r)
	}
	if r := do(mod, "remove", map[string]any{"name": "handbook.pdf"}); !strings.Contains(r, "Removed: uploads/handbook") {
		t.Errorf("/docs remove: %q", r)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited %d: %s", code, logs.String())
	}

	// Another command's sync of the same database keeps the uploads.
	cli := map[string]string{"DOCBOT_DB": db, "DOCBOT_CORPUS": corpusDir}
	res := docbot(t, cli, "ask", "how do I calibrate the gizmo?")
	if res.code != 0 || !strings.Contains(res.stdout, "seven seconds") {
		t.Errorf("ask after the bot stopped: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	res = docbot(t, cli, "docs")
	if res.code != 0 || strings.Contains(res.stdout, "handbook") || !strings.Contains(res.stdout, "Spin rate") || !strings.Contains(res.stdout, "Leave policy") {
		t.Errorf("docs after the bot stopped: the removed PDF should be gone, the added page and the corpus's own uploads/policy.md there:\n%s%s", res.stdout, res.stderr)
	}
}

type reloadCounter chan bool

func (c reloadCounter) Reload(ok bool, _ time.Duration) { c <- ok }

// The scheduled re-sync picks up a changed folder on its schedule, skips
// a turn while another sync (/reload, /docs) holds the index, reports
// each run to the reload metric, and stops when serve's context ends.
func TestScheduledResync(t *testing.T) {
	dir := alphaCorpus(t)
	cfg := corpusConfig(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := openTestStore(t, ctx, cfg)
	s := &syncer{cfg: cfg, db: db, lock: newSyncLock()}
	if _, err := s.reload(ctx); err != nil {
		t.Fatal(err)
	}
	clk := clock.NewFake(time.Unix(0, 0))
	runs := make(reloadCounter, 4)
	logs := &syncBuffer{}
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		s.resync(ctx, clk, time.Hour, runs, slog.New(slog.NewTextHandler(logs, nil)))
	}()
	docs := func() int {
		d, err := db.Docs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return len(d)
	}

	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("Beta title\n\n"+strings.Repeat("Bananas ripen in the sun. ", 10)), 0o644)
	if !s.lock.tryLock() { // a /reload is running
		t.Fatal("the lock is taken")
	}
	clk.BlockUntil(1)
	clk.Advance(time.Hour)
	clk.BlockUntil(1) // the next turn is scheduled: this one is over
	if len(runs) != 0 || docs() != 1 || !strings.Contains(logs.String(), "skipped") {
		t.Errorf("a re-sync ran during a reload (%d runs, %d documents); log:\n%s", len(runs), docs(), logs.String())
	}
	s.lock.unlock()

	clk.Advance(time.Hour)
	select {
	case ok := <-runs:
		if !ok || docs() != 2 {
			t.Errorf("scheduled re-sync: ok=%v, %d documents, want the new file indexed; log:\n%s", ok, docs(), logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no re-sync after its interval")
	}
	cancel()
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("the re-sync did not stop with its context")
	}
}

// When the corpus folder's own uploads/ cannot be read (a symlink loop
// here, which root cannot read either), the index keeps the documents
// under it: /docs add still indexes the upload, and /docs remove says it
// could not remove the document rather than report a removal that the
// index did not make.
func TestDocsWithAnUnreadableCorpusUploadsFolder(t *testing.T) {
	dir := alphaCorpus(t)
	if err := os.Symlink("uploads", filepath.Join(dir, "uploads")); err != nil {
		t.Skip(err)
	}
	cfg := corpusConfig(t, dir)
	ctx := context.Background()
	db := openTestStore(t, ctx, cfg)
	d := &documents{syncer: &syncer{cfg: cfg, db: db, lock: newSyncLock()}, m: managedDir(cfg), maxBytes: cfg.MaxFileBytes}
	res, err := d.AddFile(ctx, "gizmo.md", []byte("# Setting up the gizmo\n\nTo calibrate the gizmo, hold the blue button for seven seconds.\n"))
	if err != nil || !slices.Contains(res.AddedIDs, "uploads/gizmo") {
		t.Fatalf("/docs add: %+v, %v; want uploads/gizmo added", res, err)
	}
	_, err = d.Remove(ctx, "gizmo.md")
	var refusal *bot.Refusal
	if !errors.As(err, &refusal) || !strings.Contains(refusal.Reason, "was not removed") || !strings.Contains(refusal.Reason, "uploads") {
		t.Errorf("/docs remove: %v, want a refusal saying uploads/ could not be read", err)
	}
	if _, err := os.Stat(filepath.Join(d.m.dir, "gizmo.md")); err != nil {
		t.Errorf("the upload was not put back, while its document stays: %v", err)
	}
}

// Only a document of the corpus folder's own uploads/ is a namesake an
// upload must not share an ID with: not guide.docx, .guide.md or a folder.
func TestCorpusNamesakeIsADocument(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "uploads", "guide"), 0o755)
	os.WriteFile(filepath.Join(dir, "uploads", "guide.docx"), []byte("PK"), 0o644)
	os.WriteFile(filepath.Join(dir, "uploads", ".guide.md"), []byte("# Hidden"), 0o644)
	d := &documents{syncer: &syncer{cfg: config.Config{Corpus: dir}}}
	if got := d.corpusNamesake("guide"); got != "" {
		t.Errorf("corpusNamesake(guide) = %q, want none", got)
	}
	os.WriteFile(filepath.Join(dir, "uploads", "guide.txt"), []byte("Guide"), 0o644)
	if got := d.corpusNamesake("guide"); got != "uploads/guide.txt" {
		t.Errorf("corpusNamesake(guide) = %q, want uploads/guide.txt", got)
	}
}

// alphaCorpus writes a corpus folder of one short article, "Alpha title".
func alphaCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Alpha title\n\n"+strings.Repeat("Apples grow in the orchard. ", 10)), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// corpusConfig is the configuration of corpus folder dir and a fresh
// database.
func corpusConfig(t *testing.T, dir string) config.Config {
	return config.Config{Corpus: dir, DB: filepath.Join(t.TempDir(), "x.db"), MaxFileBytes: 1 << 20, Sources: map[string]string{"max-file-bytes": "default"}}
}

// openTestStore opens cfg's database as serve does, closed when the test
// ends.
func openTestStore(t *testing.T, ctx context.Context, cfg config.Config) *store.DB {
	t.Helper()
	db, err := openStore(ctx, cfg, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
