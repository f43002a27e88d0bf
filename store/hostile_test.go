package store_test

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/docbot/docbot/corpus"
	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/store"
)

// faultFS is a corpus folder with injected faults: reads that fail for a
// while (as an unreadable file or folder would, even for root), a file
// that grows without end after its size was checked, and a hook run when
// a file is opened.
type faultFS struct {
	dir     *corpus.Dir
	denied  map[string]bool // files and folders that fail with EACCES
	growing string          // this file never ends
	onOpen  func(name string)
}

func (f *faultFS) Open(name string) (fs.File, error) {
	if f.onOpen != nil {
		f.onOpen(name)
	}
	if f.denied[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	if name == f.growing {
		return &endlessFile{name: name}, nil
	}
	return f.dir.Open(name)
}

func (f *faultFS) Stat(name string) (fs.FileInfo, error) {
	if name == f.growing {
		return (&endlessFile{name: name}).Stat()
	}
	return f.dir.Stat(name)
}

func (f *faultFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if f.denied[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.dir.ReadDir(name)
}

func (f *faultFS) Gone() error { return f.dir.Gone() }

// endlessFile claims 100 bytes, then yields text for ever, like a log
// being appended to between the size check and the read.
type endlessFile struct{ name string }

func (e *endlessFile) Stat() (fs.FileInfo, error) { return fileInfo{e.name}, nil }
func (e *endlessFile) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = "word "[i%5]
	}
	return len(p), nil
}
func (e *endlessFile) Close() error { return nil }

type fileInfo struct{ name string }

func (i fileInfo) Name() string       { return filepath.Base(i.name) }
func (i fileInfo) Size() int64        { return 100 }
func (i fileInfo) Mode() fs.FileMode  { return 0o644 }
func (i fileInfo) ModTime() time.Time { return time.Time{} }
func (i fileInfo) IsDir() bool        { return false }
func (i fileInfo) Sys() any           { return nil }

// syncWithin runs Sync and fails the test if it hangs (a guard against a
// regression to blocking reads, not a performance bound).
func syncWithin(t *testing.T, db *store.DB, fsys fs.FS) (store.Report, error) {
	t.Helper()
	type result struct {
		rep store.Report
		err error
	}
	done := make(chan result, 1)
	go func() {
		rep, err := db.Sync(context.Background(), fsys, store.SyncOptions{MaxFileBytes: 64 << 10})
		done <- result{rep, err}
	}()
	select {
	case r := <-done:
		return r.rep, r.err
	case <-time.After(2 * time.Minute):
		t.Fatal("Sync hung on a hostile corpus")
		return store.Report{}, nil
	}
}

func docIDs(t *testing.T, db *store.DB) []string {
	t.Helper()
	docs, err := db.Docs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	slices.Sort(ids)
	return ids
}

// A corpus folder holding what no article folder should — a named pipe, a
// character device, a socket, a file that grows while read, files and
// folders that cannot be read, HTML nested past the parser's limit,
// UTF-16 text — is indexed without a hang or a crash; every file's fate
// is reported, and nothing is removed from the index that was not removed
// from the disk.
func TestHostileCorpus(t *testing.T) {
	dir := t.TempDir()
	writeCorpus(t, dir, map[string]string{
		"alpha.txt":          article("Alpha", "Apples grow in the alpha orchard."),
		"locked.txt":         article("Locked", "Lemons ripen in the locked greenhouse."),
		"lockeddir/gamma.md": article("# Gamma", "Grapes hang in the gamma vineyard."),
	})
	db := testsupport.OpenDB(t)
	d, err := corpus.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if rep, err := syncWithin(t, db, d); err != nil || len(rep.Added) != 3 {
		t.Fatalf("first index: %+v, %v", rep, err)
	}

	// The hostile world arrives.
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	device := syscall.Mknod(filepath.Join(dir, "zero.txt"), syscall.S_IFCHR|0o644, int(1<<8|5)) == nil // /dev/zero's numbers
	if !device {
		t.Log("mknod not permitted here: the character-device case is not run")
	}
	ln, err := net.Listen("unix", filepath.Join(dir, "sock.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	deep := "<html><head><title>Deep page</title></head><body>" + strings.Repeat("<div>", 600) +
		"<p>" + strings.Repeat("Durians grow deep in the nested jungle. ", 6) + "</p>" + strings.Repeat("</div>", 600) + "</body></html>"
	utf16le := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(article("Ümlaut", "Umbrellas open in the utf sixteen rain."))) {
		utf16le = append(utf16le, byte(u), byte(u>>8))
	}
	writeCorpus(t, dir, map[string]string{"deep.html": deep, "grows.txt": "placeholder", "wide.txt": string(utf16le)})
	realLocked := os.Geteuid() != 0 // permissions do not stop root: the fault FS covers that case too
	if realLocked {
		writeCorpus(t, dir, map[string]string{"chmod.txt": article("Chmod", "Cherries chill in the chmod cellar.")})
		if _, err := syncWithin(t, db, d); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(filepath.Join(dir, "chmod.txt"), 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(filepath.Join(dir, "chmod.txt"), 0o644) })
	}
	before := docIDs(t, db)
	fsys := &faultFS{dir: d, denied: map[string]bool{"locked.txt": true, "lockeddir": true}, growing: "grows.txt"}
	rep, err := syncWithin(t, db, fsys)
	if err != nil {
		t.Fatalf("hostile corpus: %v", err)
	}
	if len(rep.Removed) != 0 {
		t.Errorf("removed %v, but no article was deleted on disk", rep.Removed)
	}
	reasons := map[string]string{}
	for _, s := range rep.Skipped {
		reasons[s.Path] = s.Reason
	}
	want := map[string]string{
		"pipe.txt":   "named pipe",
		"sock.txt":   "socket",
		"grows.txt":  "grew past",
		"locked.txt": "unreadable",
		"lockeddir":  "unreadable",
	}
	if device {
		want["zero.txt"] = "character device"
	}
	if realLocked {
		want["chmod.txt"] = "unreadable"
	}
	for p, w := range want {
		if !strings.Contains(reasons[p], w) {
			t.Errorf("%s: reported %q, want a reason with %q", p, reasons[p], w)
		}
	}
	wantKept := []string{"locked", "lockeddir/gamma"}
	if realLocked {
		wantKept = append([]string{"chmod"}, wantKept...)
	}
	if !slices.Equal(rep.Kept, wantKept) {
		t.Errorf("kept %v, want %v (their files could not be read)", rep.Kept, wantKept)
	}
	if !slices.Equal(rep.Added, []string{"deep", "wide"}) {
		t.Errorf("added %v, want deep and wide", rep.Added)
	}
	after := docIDs(t, db)
	for _, id := range before {
		if !slices.Contains(after, id) {
			t.Errorf("document %s removed from the index", id)
		}
	}
	if ids := searchIDs(t, db, "durians nested jungle"); !slices.Equal(ids, []string{"deep"}) {
		t.Errorf("deep HTML: search found %v", ids)
	}
	if ids := searchIDs(t, db, "umbrellas sixteen rain"); !slices.Equal(ids, []string{"wide"}) {
		t.Errorf("UTF-16: search found %v", ids)
	}
	if ids := searchIDs(t, db, "lemons greenhouse"); !slices.Equal(ids, []string{"locked"}) {
		t.Errorf("unreadable file's document: search found %v", ids)
	}

	// Once readable again, a later run sees the files as they are.
	os.Remove(filepath.Join(dir, "lockeddir", "gamma.md"))
	fsys.denied = nil
	rep, err = syncWithin(t, db, fsys)
	if err != nil || !slices.Equal(rep.Removed, []string{"lockeddir/gamma"}) || len(rep.Kept) != 0 && !realLocked {
		t.Errorf("after the faults cleared: removed %v, kept %v, %v", rep.Removed, rep.Kept, err)
	}
}

// A corpus folder deleted while an index run reads it aborts the run: the
// old index stays whole instead of a partial one being committed.
func TestCorpusDeletedMidRunKeepsTheIndex(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	for _, name := range []string{"a", "b", "c", "d", "e", "f"} {
		files[name+".txt"] = article("Article "+name, "Figs and "+name+" grow in the orchard.")
	}
	writeCorpus(t, dir, files)
	db := testsupport.OpenDB(t)
	d, err := corpus.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := syncWithin(t, db, d); err != nil {
		t.Fatal(err)
	}
	before := docIDs(t, db)
	writeCorpus(t, dir, map[string]string{"a.txt": article("Article a", "Apricots now.")}) // a change to write
	deleted := false
	fsys := &faultFS{dir: d, onOpen: func(name string) {
		if name == "c.txt" && !deleted {
			deleted = true
			if err := os.RemoveAll(dir); err != nil {
				t.Error(err)
			}
		}
	}}
	_, err = syncWithin(t, db, fsys)
	if !errors.Is(err, corpus.ErrGone) {
		t.Fatalf("sync with the folder deleted mid-run: %v, want corpus.ErrGone", err)
	}
	if after := docIDs(t, db); !slices.Equal(after, before) {
		t.Errorf("index changed by an aborted run: %v → %v", before, after)
	}
	if ids := searchIDs(t, db, "apricots"); len(ids) != 0 {
		t.Errorf("part of the aborted run is visible: %v", ids)
	}
}
