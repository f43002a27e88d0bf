package corpus

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// A corpus folder may have a subfolder of a mount's name ("uploads",
// "web"): its files stay in the corpus, under their own paths, next to the
// mount's; only a file at the path of one of the mount's is hidden, and
// reported.
func TestUnionOverlaysAFolderOfTheMountsName(t *testing.T) {
	base := fstest.MapFS{
		"a.md":                       {Data: []byte("# A\n\nAlpha.")},
		"uploads/guide.md":           {Data: []byte("# Guide\n\nThe operator's guide.")},
		"uploads/notes/meeting.txt":  {Data: []byte("Meeting\n\nNotes of the meeting.")},
		"uploads/same.md":            {Data: []byte("# Same\n\nThe operator's copy.")},
		"web/example.com/index.html": {Data: []byte("<p>the operator's own web folder</p>")},
	}
	up := fstest.MapFS{
		"new.md":  {Data: []byte("# New\n\nAdded from Discord.")},
		"same.md": {Data: []byte("# Same\n\nThe moderator's copy.")},
	}
	web := fstest.MapFS{"docs.example/page.html": {Data: []byte("<p>fetched</p>")}}
	u := Union(base, Mount{At: "web", FSys: web}, Mount{At: "uploads", FSys: up})

	entries, skips, err := List(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, e := range entries {
		paths = append(paths, e.Path)
	}
	want := []string{"a.md", "uploads/guide.md", "uploads/new.md", "uploads/notes/meeting.txt", "uploads/same.md",
		"web/docs.example/page.html", "web/example.com/index.html"}
	if !slices.Equal(paths, want) {
		t.Errorf("listed %v,\nwant %v", paths, want)
	}
	if len(skips) != 1 || skips[0].Path != "uploads/same.md" || !strings.Contains(skips[0].Reason, "hidden") {
		t.Errorf("skips %+v, want uploads/same.md reported hidden", skips)
	}
	files, _, err := Scan(u, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Path == "uploads/same.md" && !strings.Contains(string(f.Data), "moderator's") {
			t.Errorf("uploads/same.md read from the corpus folder, not the mount: %q", f.Data)
		}
	}
	// Without a base, only the mounts.
	entries, _, err = List(t.Context(), Union(nil, Mount{At: "uploads", FSys: up}))
	if err != nil || len(entries) != 2 || entries[0].Path != "uploads/new.md" {
		t.Errorf("mounts only: %+v, %v", entries, err)
	}
}

// docbot builds Union(Union(corpus, web), uploads): a corpus file hidden by
// the web mirror is reported as by a flat union.
func TestNestedUnionReportsHiddenFiles(t *testing.T) {
	base := fstest.MapFS{
		"web/docs.example/page.html": {Data: []byte("<p>operator's own copy</p>")},
		"uploads/same.md":            {Data: []byte("# Same\n\noperator")},
	}
	web := fstest.MapFS{"docs.example/page.html": {Data: []byte("<p>fetched</p>")}}
	up := fstest.MapFS{"same.md": {Data: []byte("# Same\n\nmod")}}
	nested := Union(Union(base, Mount{At: "web", FSys: web}), Mount{At: "uploads", FSys: up})
	_, skips, err := List(t.Context(), nested)
	if err != nil {
		t.Fatal(err)
	}
	var hidden []string
	for _, s := range skips {
		if strings.Contains(s.Reason, "hidden") {
			hidden = append(hidden, s.Path)
		}
	}
	slices.Sort(hidden)
	if want := []string{"uploads/same.md", "web/docs.example/page.html"}; !slices.Equal(hidden, want) {
		t.Errorf("hidden %v, want %v (skips %+v)", hidden, want, skips)
	}
}

// unreadableUploads is a corpus folder whose uploads/ cannot be read.
type unreadableUploads struct{ fstest.MapFS }

func (u unreadableUploads) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == "uploads" {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("permission denied")}
	}
	return u.MapFS.ReadDir(name)
}

// A corpus folder whose own uploads/ cannot be read does not hide the
// uploads docbot manages: they are listed, and the folder is reported
// unreadable (so the index keeps the documents under it).
func TestUnionListsMountUnderAnUnreadableFolder(t *testing.T) {
	base := unreadableUploads{fstest.MapFS{
		"a.md":          {Data: []byte("# A\n\na")},
		"uploads/op.md": {Data: []byte("# Op\n\nop")},
	}}
	up := fstest.MapFS{"new.md": {Data: []byte("# New\n\nnew upload")}}
	entries, skips, err := List(t.Context(), Union(base, Mount{At: "uploads", FSys: up}))
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, e := range entries {
		paths = append(paths, e.Path)
	}
	if want := []string{"a.md", "uploads/new.md"}; !slices.Equal(paths, want) {
		t.Errorf("listed %v, want %v", paths, want)
	}
	if len(skips) != 1 || skips[0].Path != "uploads" || !skips[0].Unreadable {
		t.Errorf("skips %+v, want uploads reported unreadable", skips)
	}
}

// A mount's file hides the base's folder of the same path, and the files
// in it are reported hidden, not dropped silently.
func TestUnionFileHidesBaseFolder(t *testing.T) {
	base := fstest.MapFS{"uploads/a.md/x.md": {Data: []byte("# X\n\nx")}}
	up := fstest.MapFS{"a.md": {Data: []byte("# A\n\na")}}
	entries, skips, err := List(t.Context(), Union(base, Mount{At: "uploads", FSys: up}))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Path != "uploads/a.md" {
		t.Errorf("entries %+v, want uploads/a.md", entries)
	}
	if len(skips) != 1 || skips[0].Path != "uploads/a.md/x.md" || !strings.Contains(skips[0].Reason, "hidden by the file uploads/a.md") {
		t.Errorf("skips %+v, want uploads/a.md/x.md hidden by uploads/a.md", skips)
	}
}
