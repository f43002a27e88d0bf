package corpus

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"time"
)

// SourceURLs is implemented by a file system whose files were fetched
// from the web: SourceURL gives the URL a file came from ("" if none), so
// that a page without a canonical URL of its own is still cited by it.
type SourceURLs interface {
	SourceURL(name string) string
}

// Mount is a file system placed at a folder of a Union.
type Mount struct {
	At   string // a single folder name, e.g. "web"
	FSys fs.FS
}

// Union shows base with each mount as a folder at its root: a corpus
// folder and a web mirror indexed as one corpus, the mirror's documents
// under "web/". A folder of base with a mount's name is overlaid, not
// hidden: its files keep their paths (and so their documents), and only a
// file at the very path of one of the mount's is hidden by it, which List
// reports as a skip. base may be nil: only the mounts then. It passes on
// SourceURL, Gone and non-blocking opens to the file system that holds
// each name.
func Union(base fs.FS, mounts ...Mount) fs.FS {
	return &union{base: base, mounts: mounts}
}

type union struct {
	base   fs.FS
	mounts []Mount
}

// layer is one file system that may hold a name, and the name in it.
type layer struct {
	fsys fs.FS
	name string
}

// layers returns the file systems that may hold name, the one that wins
// first: the mount whose folder name starts it, then base.
func (u *union) layers(name string) []layer {
	var ls []layer
	first, rest, _ := strings.Cut(name, "/")
	for _, m := range u.mounts {
		if first == m.At && m.FSys != nil {
			if rest == "" {
				rest = "."
			}
			ls = append(ls, layer{m.FSys, rest})
			break
		}
	}
	if u.base != nil {
		ls = append(ls, layer{u.base, name})
	}
	return ls
}

// holder is the layer holding name: the first in which it exists.
func (u *union) holder(name string) (layer, error) {
	ls := u.layers(name)
	for i, l := range ls {
		if _, err := fs.Stat(l.fsys, l.name); err == nil || i == len(ls)-1 || !errors.Is(err, fs.ErrNotExist) {
			return l, nil
		}
	}
	return layer{}, fs.ErrNotExist
}

func (u *union) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	l, err := u.holder(name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return l.fsys.Open(l.name)
}

func (u *union) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	if name == "." && u.base == nil {
		return mountEntry("."), nil
	}
	l, err := u.holder(name)
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	return fs.Stat(l.fsys, l.name)
}

// ReadDir merges the folder's entries in every layer that has it as a
// folder, the first layer's entry winning a name; at the root, each
// mount is a folder. A layer that cannot read the folder now makes it
// fail, so that the documents under it are kept rather than dropped
// (List reports it unreadable), but the other layers' entries still come
// with the error: the uploads docbot manages are listed, and indexed,
// while the corpus folder's own uploads/ cannot be read.
func (u *union) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	var entries []fs.DirEntry
	have := map[string]bool{}
	if name == "." {
		for _, m := range u.mounts {
			entries = append(entries, mountEntry(m.At))
			have[m.At] = true
		}
	}
	found := name == "."
	var failed error
	for _, l := range u.layers(name) {
		es, err := fs.ReadDir(l.fsys, l.name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			if failed == nil {
				failed = err
			}
			continue
		}
		found = true
		for _, e := range es {
			if !have[e.Name()] {
				have[e.Name()] = true
				entries = append(entries, e)
			}
		}
	}
	if !found && failed == nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, failed
}

// hidden lists the files of base at the path of a mount's file, which
// the mount's file hides, as skips; a base that is itself a union (the
// corpus with the web mirror, under the uploads) reports its own.
func (u *union) hidden() []Skip {
	if u.base == nil {
		return nil
	}
	var out []Skip
	if b, ok := u.base.(*union); ok {
		out = b.hidden()
	}
	for _, m := range u.mounts {
		if m.FSys == nil {
			continue
		}
		fs.WalkDir(u.base, m.At, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if by := hiddenBy(m.FSys, strings.TrimPrefix(p, m.At+"/")); by == "." {
				out = append(out, Skip{Path: p, Reason: "hidden by the file of the same path in the " + m.At + "/ folder docbot manages"})
			} else if by != "" {
				out = append(out, Skip{Path: p, Reason: "hidden by the file " + m.At + "/" + by + " in the " + m.At + "/ folder docbot manages"})
			}
			return nil
		})
	}
	return out
}

// hiddenBy is what in fsys hides the file at name of the layer below:
// "." for an entry at name itself, a file's name for a file at one of its
// folders (uploads/guide.md/notes.md under a mounted file guide.md), or ""
// when nothing does.
func hiddenBy(fsys fs.FS, name string) string {
	for i := 0; ; {
		j := strings.IndexByte(name[i:], '/')
		if j < 0 {
			if _, err := fs.Stat(fsys, name); err == nil {
				return "."
			}
			return ""
		}
		dir := name[:i+j]
		info, err := fs.Stat(fsys, dir)
		if err != nil {
			return "" // not in fsys: nothing below it is
		}
		if !info.IsDir() {
			return dir
		}
		i += j + 1
	}
}

func (u *union) SourceURL(name string) string {
	l, err := u.holder(name)
	if err != nil {
		return ""
	}
	if s, ok := l.fsys.(SourceURLs); ok {
		return s.SourceURL(l.name)
	}
	return ""
}

func (u *union) Gone() error {
	var errs []error
	for _, f := range append([]fs.FS{u.base}, mountFSs(u.mounts)...) {
		if f != nil {
			errs = append(errs, Gone(f))
		}
	}
	return errors.Join(errs...)
}

func (u *union) openNonblocking(name string) (fs.File, error) {
	l, err := u.holder(name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	if o, ok := l.fsys.(nonblockingOpener); ok {
		return o.openNonblocking(l.name)
	}
	return l.fsys.Open(l.name)
}

func mountFSs(ms []Mount) []fs.FS {
	out := make([]fs.FS, len(ms))
	for i, m := range ms {
		out[i] = m.FSys
	}
	return out
}

// mountEntry is the folder entry of a mount point.
type mountEntry string

func (e mountEntry) Name() string               { return string(e) }
func (e mountEntry) IsDir() bool                { return true }
func (e mountEntry) Type() fs.FileMode          { return fs.ModeDir }
func (e mountEntry) Info() (fs.FileInfo, error) { return e, nil }
func (e mountEntry) Size() int64                { return 0 }
func (e mountEntry) Mode() fs.FileMode          { return fs.ModeDir | 0o555 }
func (e mountEntry) ModTime() time.Time         { return time.Time{} }
func (e mountEntry) Sys() any                   { return nil }
