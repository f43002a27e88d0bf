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

// Union shows base with each mount as a folder at its root (hiding a
// folder of the same name in base): a corpus folder and a web mirror
// indexed as one corpus, the mirror's documents under "web/". base may be
// nil: only the mounts then. It passes
// on SourceURL, Gone and non-blocking opens to the file system that holds
// each name.
func Union(base fs.FS, mounts ...Mount) fs.FS {
	return &union{base: base, mounts: mounts}
}

type union struct {
	base   fs.FS
	mounts []Mount
}

// resolve returns the file system holding name and the name in it.
func (u *union) resolve(name string) (fs.FS, string) {
	first, rest, _ := strings.Cut(name, "/")
	for _, m := range u.mounts {
		if first == m.At {
			if rest == "" {
				rest = "."
			}
			return m.FSys, rest
		}
	}
	return u.base, name
}

func (u *union) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, n := u.resolve(name)
	if f == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return f.Open(n)
}

func (u *union) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	f, n := u.resolve(name)
	if f == nil && name == "." {
		return mountEntry("."), nil
	}
	if f == nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return fs.Stat(f, n)
}

func (u *union) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	if name != "." {
		f, n := u.resolve(name)
		if f == nil {
			return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
		}
		return fs.ReadDir(f, n)
	}
	var entries []fs.DirEntry
	if u.base != nil {
		es, err := fs.ReadDir(u.base, ".")
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			if !slices.ContainsFunc(u.mounts, func(m Mount) bool { return m.At == e.Name() }) {
				entries = append(entries, e)
			}
		}
	}
	for _, m := range u.mounts {
		entries = append(entries, mountEntry(m.At))
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, nil
}

func (u *union) SourceURL(name string) string {
	f, n := u.resolve(name)
	if s, ok := f.(SourceURLs); ok {
		return s.SourceURL(n)
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
	f, n := u.resolve(name)
	if f == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if o, ok := f.(nonblockingOpener); ok {
		return o.openNonblocking(n)
	}
	return f.Open(n)
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
