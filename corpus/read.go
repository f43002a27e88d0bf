package corpus

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// A corpus folder is hostile ground: besides articles it may hold named
// pipes (open blocks until a writer comes), devices (/dev/zero never ends),
// sockets, files that grow while read, and files or folders that cannot be
// read for a while. Only regular files are read, through the size limit,
// and every read gives way to ctx.

// Entry is a supported file found by List, not yet read.
type Entry struct {
	Path string // slash-separated, relative to the corpus root
	ID   string // Path without its extension; the whole Path when another file has the same ID
	link bool   // the entry is a symlink
}

// List walks fsys recursively and returns the supported files in path
// order. Everything else is returned as a skip with a reason, never
// silently dropped; folders that cannot be read are skips marked
// Unreadable. Hidden files and folders (names starting with ".") are
// ignored. List fails only when the root itself cannot be read or ctx ends.
func List(ctx context.Context, fsys fs.FS) ([]Entry, []Skip, error) {
	var entries []Entry
	var skips []Skip
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if err != nil {
			if p == "." {
				return err
			}
			skips = append(skips, Skip{Path: p, Reason: "unreadable: " + cleanErr(err), Unreadable: true})
			return nil
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if _, ok := formats[strings.ToLower(path.Ext(p))]; !ok {
			skips = append(skips, Skip{Path: p, Reason: ReasonUnsupported})
			return nil
		}
		entries = append(entries, Entry{Path: p, ID: strings.TrimSuffix(p, path.Ext(p)), link: d.Type()&fs.ModeSymlink != 0})
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("scan corpus: %w", err)
	}
	if u, ok := fsys.(*union); ok {
		skips = append(skips, u.hidden()...)
	}
	sort.Slice(entries, func(i, j int) bool { return ComparePaths(entries[i].Path, entries[j].Path) < 0 })
	unnumber(entries)
	disambiguate(entries)
	return entries, skips, nil
}

// orderPrefixRe: a file name's leading number that orders a folder
// ("01-intro.md", "2_setup.txt"), up to three digits (not a year), then
// the name.
var orderPrefixRe = regexp.MustCompile(`^([0-9]{1,3})[-_ ]+(\pL.*)$`)

// unnumber drops from an ID the number that orders its file when the rest
// of the file's name is a name of its own, two words of two letters or more
// ("2-can-security-guarantees.txt": "can-security-guarantees"): the number
// says where the file comes in the collection (see ComparePaths), not what
// it is. A name of one word keeps it ("1-intro.md", "10-k.md",
// "911-report.md"), as does "3-d-printing.md". The rule reads the file's own
// name only, so adding or removing other files changes no ID; two files
// left with one ID keep their whole paths (see disambiguate).
func unnumber(entries []Entry) {
	for i, e := range entries {
		dir, base := path.Split(e.ID)
		m := orderPrefixRe.FindStringSubmatch(base)
		if m == nil {
			continue
		}
		words := 0
		for _, w := range strings.FieldsFunc(m[2], func(r rune) bool { return r == '-' || r == '_' || r == ' ' || r == '.' }) {
			if utf8.RuneCountInString(w) < 2 {
				words = 0
				break
			}
			words++
		}
		if words >= 2 {
			entries[i].ID = dir + m[2]
		}
	}
}

// ComparePaths orders a collection's files: by path, numbers by value
// ("2-b" before "10-a"), so "the first article" is the first file.
func ComparePaths(a, b string) int {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na := strings.TrimLeft(a[:da], "0")
			nb := strings.TrimLeft(b[:db], "0")
			if c := cmp.Compare(len(na), len(nb)); c != 0 {
				return c
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func digitRun(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// disambiguate gives files that differ only in their extension (notes.md
// and notes.txt in one folder) or their ordering number (1-notes.md,
// 2-notes.md), which would share an ID, their whole path as ID, so that
// both are indexed. Parse tells their titles apart too.
func disambiguate(entries []Entry) {
	n := map[string]int{}
	for _, e := range entries {
		n[e.ID]++
	}
	for i, e := range entries {
		if n[e.ID] > 1 {
			entries[i].ID = e.Path
		}
	}
}

// ReasonUnsupported is the reason of a file skipped for its extension.
const ReasonUnsupported = "unsupported format"

// SummarizeSkips shortens a report: when more than a few files were
// skipped for their format (a documentation site's .js, .css and fonts),
// they become one line, "175 unsupported files: .js 90, .css 60, .woff2
// 25", and only the other skips are returned to be listed one by one.
func SummarizeSkips(skips []Skip) (summary string, rest []Skip) {
	byExt := map[string]int{}
	n := 0
	for _, s := range skips {
		if s.Reason == ReasonUnsupported {
			ext := strings.ToLower(path.Ext(s.Path))
			if ext == "" {
				ext = "no extension"
			}
			byExt[ext]++
			n++
		}
	}
	if n <= 3 {
		return "", skips
	}
	for _, s := range skips {
		if s.Reason != ReasonUnsupported {
			rest = append(rest, s)
		}
	}
	exts := make([]string, 0, len(byExt))
	for e := range byExt {
		exts = append(exts, e)
	}
	sort.Slice(exts, func(i, j int) bool {
		if byExt[exts[i]] != byExt[exts[j]] {
			return byExt[exts[i]] > byExt[exts[j]]
		}
		return exts[i] < exts[j]
	})
	var parts []string
	for i, e := range exts {
		if i == 8 {
			parts = append(parts, fmt.Sprintf("%d more", len(exts)-i))
			break
		}
		parts = append(parts, fmt.Sprintf("%s %d", e, byExt[e]))
	}
	return fmt.Sprintf("%d unsupported files: %s", n, strings.Join(parts, ", ")), rest
}

// Scan lists fsys and reads every supported file (see List and Read). It
// holds the whole corpus in memory: fine for tests and small folders;
// indexing reads file by file instead.
func Scan(fsys fs.FS, maxBytes int64) ([]File, []Skip, error) {
	ctx := context.Background()
	entries, skips, err := List(ctx, fsys)
	if err != nil {
		return nil, nil, err
	}
	var files []File
	for _, e := range entries {
		f, skip, err := Read(ctx, fsys, e, maxBytes)
		if err != nil {
			return nil, nil, err
		}
		if skip != nil {
			skips = append(skips, *skip)
			continue
		}
		files = append(files, f)
	}
	return files, skips, nil
}

// Read reads one listed file: only a regular file, through the size limit
// (a file that grows past it while being read is refused too), decoded to
// UTF-8. A file that cannot be indexed comes back as a skip with the
// reason; the error is only ever ctx's, returned as soon as ctx ends even
// when the file system blocks.
func Read(ctx context.Context, fsys fs.FS, e Entry, maxBytes int64) (File, *Skip, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxFileBytes
	}
	skip := func(format string, args ...any) (File, *Skip, error) {
		return File{}, &Skip{Path: e.Path, Reason: fmt.Sprintf(format, args...)}, nil
	}
	unreadable := func(err error) (File, *Skip, error) {
		reason := "unreadable: " + cleanErr(err)
		if errors.Is(err, fs.ErrNotExist) {
			reason = "removed while indexing"
		}
		return File{}, &Skip{Path: e.Path, Reason: reason, Unreadable: true}, nil
	}
	type result struct {
		data []byte
		size int64 // of a file over the limit
		kind string
		err  error
	}
	done := make(chan result, 1)
	go func() { // abandoned if ctx ends first; it ends when the read does
		var r result
		r.data, r.size, r.kind, r.err = readRegular(ctx, fsys, e, maxBytes)
		done <- r
	}()
	var r result
	select {
	case <-ctx.Done():
		return File{}, nil, ctx.Err()
	case r = <-done:
	}
	switch {
	case errors.Is(r.err, errSymlinkOut):
		return skip("symlink leaves the corpus root or is broken: not followed")
	case errors.Is(r.err, errTooLarge) && r.size > maxBytes:
		return skip("too large: %s over the %s limit", HumanBytes(r.size), HumanBytes(maxBytes))
	case errors.Is(r.err, errTooLarge):
		return skip("too large: grew past the %s limit while being read", HumanBytes(maxBytes))
	case r.err != nil && ctx.Err() != nil:
		return File{}, nil, ctx.Err()
	case r.err != nil:
		return unreadable(r.err)
	case r.kind == "folder":
		return skip("symlink to a folder: not followed")
	case r.kind != "":
		return skip("not a regular file (%s): not read", r.kind)
	}
	f, sk, err := decode(e, r.data)
	if s, ok := fsys.(SourceURLs); ok && sk == nil && err == nil {
		f.URL = s.SourceURL(e.Path)
	}
	return f, sk, err
}

var (
	errTooLarge   = errors.New("too large")
	errSymlinkOut = errors.New("symlink leaves the root")
)

// nonblockingOpener is implemented by Dir: it opens without blocking on a
// named pipe that replaced a file after the mode check.
type nonblockingOpener interface {
	openNonblocking(name string) (fs.File, error)
}

// readRegular opens p, checks on the open file that it is a regular file,
// and reads at most maxBytes+1 bytes: errTooLarge beyond maxBytes, with
// the size when Stat knew it. kind names a file that is not regular.
func readRegular(ctx context.Context, fsys fs.FS, e Entry, maxBytes int64) (data []byte, size int64, kind string, err error) {
	// Stat follows symlinks; an os.Root-backed FS refuses links that leave the root.
	info, err := fs.Stat(fsys, e.Path)
	if err != nil {
		if e.link && !errors.Is(err, fs.ErrPermission) {
			return nil, 0, "", errSymlinkOut
		}
		return nil, 0, "", err
	}
	if k := fileKind(info.Mode()); k != "" {
		return nil, 0, k, nil
	}
	if info.Size() > maxBytes {
		return nil, info.Size(), "", errTooLarge
	}
	var f fs.File
	if o, ok := fsys.(nonblockingOpener); ok {
		f, err = o.openNonblocking(e.Path)
	} else {
		f, err = fsys.Open(e.Path)
	}
	if err != nil {
		return nil, 0, "", err
	}
	defer f.Close()
	// The file may have been swapped since the Stat above: check what was opened.
	if info, err = f.Stat(); err != nil {
		return nil, 0, "", err
	}
	if k := fileKind(info.Mode()); k != "" {
		return nil, 0, k, nil
	}
	// Read straight into the buffer sized from Stat (one byte more, to see
	// EOF without growing), at most 256 KiB a call so that ctx is checked
	// between reads. A fixed 256 KiB scratch chunk per file was 14 %
	// of BenchmarkIndex's CPU on small files, all allocating and clearing.
	buf := make([]byte, 0, min(info.Size(), maxBytes)+1)
	r := io.LimitReader(f, maxBytes+1)
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, "", err
		}
		if len(buf) == cap(buf) { // the file grew since Stat
			buf = slices.Grow(buf, 256<<10)
		}
		n, err := r.Read(buf[len(buf):min(cap(buf), len(buf)+256<<10)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, 0, "", err
		}
	}
	if int64(len(buf)) > maxBytes {
		return nil, 0, "", errTooLarge
	}
	return buf, 0, "", nil
}

// fileKind names what a mode is when it is not a regular file.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return ""
	case m.IsDir():
		return "folder"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "device"
	}
	return "special file"
}

// decode turns raw bytes into a File: UTF-16 with a byte order mark is
// converted, invalid UTF-8 repaired, empty and binary files skipped.
func decode(e Entry, data []byte) (File, *Skip, error) {
	skip := func(reason string) (File, *Skip, error) {
		return File{}, &Skip{Path: e.Path, Reason: reason}, nil
	}
	f := File{Path: e.Path, ID: e.ID}
	if formats[strings.ToLower(path.Ext(e.Path))] == "pdf" {
		// Binary by nature: parsed from its bytes, never decoded as text.
		if len(data) == 0 {
			return skip("empty file")
		}
		if !isPDF(data) {
			return skip("not a PDF: the file does not start with %PDF-")
		}
		f.Data = data
		f.Hash = fileHash(data)
		return f, nil, nil
	}
	if u, ok := fromUTF16(data); ok {
		data = u
	} else if u, name, ok := fromDeclaredCharset(e.Path, data, ""); ok {
		data, f.Charset = u, name
	} else {
		if len(bytes.TrimSpace(data)) == 0 {
			return skip("empty file")
		}
		if looksBinary(data) {
			return skip("binary file")
		}
		if !utf8.Valid(data) {
			data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
			f.Repaired = true
		}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return skip("empty file")
	}
	if looksBinary(data) {
		return skip("binary file")
	}
	f.Data = data
	f.Hash = fileHash(data)
	return f, nil, nil
}

// fileHash is the hex SHA-256 of ParserVersion and data.
func fileHash(data []byte) string {
	sum := sha256.Sum256(append([]byte(ParserVersion+"\x00"), data...))
	return hex.EncodeToString(sum[:])
}

// fromDeclaredCharset decodes an HTML page written in another character
// set than UTF-8 (ISO-8859-1, Windows-1252, Shift JIS…), as a browser
// would: by the byte order mark, the HTTP Content-Type (contentType, when
// fetched), the page's <meta charset>, else Windows-1252 when the bytes
// are not UTF-8. A page declared in a legacy charset whose bytes are
// valid UTF-8 is taken as UTF-8: ASCII reads the same either way, and
// non-ASCII text that happens to be valid UTF-8 was written as UTF-8 (a
// page converted without editing its <meta>); decoding it again would
// mangle every accent.
func fromDeclaredCharset(p string, data []byte, contentType string) ([]byte, string, bool) {
	if formats[strings.ToLower(path.Ext(p))] != "html" {
		return nil, "", false
	}
	enc, name, _ := charset.DetermineEncoding(data, contentType)
	if name == "utf-8" || enc == nil || isASCII(data) || utf8.Valid(data) {
		return nil, "", false
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return nil, "", false
	}
	return out, name, true
}

func isASCII(data []byte) bool {
	for _, c := range data {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// fromUTF16 decodes text that starts with a UTF-16 byte order mark
// (Windows editors write it); unpaired surrogates become U+FFFD.
func fromUTF16(data []byte) ([]byte, bool) {
	if len(data) < 2 {
		return nil, false
	}
	var le bool
	switch {
	case data[0] == 0xFF && data[1] == 0xFE:
		le = true
	case data[0] == 0xFE && data[1] == 0xFF:
	default:
		return nil, false
	}
	data = data[2:]
	units := make([]uint16, len(data)/2)
	for i := range units {
		if le {
			units[i] = uint16(data[2*i]) | uint16(data[2*i+1])<<8
		} else {
			units[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		}
	}
	runes := utf16.Decode(units)
	out := make([]byte, 0, len(runes)+len(runes)/4)
	for _, r := range runes {
		out = utf8.AppendRune(out, r)
	}
	return out, true
}

// Dir is a corpus folder opened so that symlinks and ".." cannot leave
// it (os.Root), that opens files without blocking on named pipes, and that
// can tell when the folder disappears or is replaced during a run.
type Dir struct {
	root *os.Root
	fsys fs.FS
	path string
	info fs.FileInfo
}

// OpenDir opens the corpus folder at path.
func OpenDir(path string) (*Dir, error) {
	root, err := os.OpenRoot(path)
	if err != nil {
		return nil, err
	}
	info, err := root.Stat(".")
	if err != nil {
		root.Close()
		return nil, err
	}
	return &Dir{root: root, fsys: root.FS(), path: path, info: info}, nil
}

// Close closes the folder.
func (d *Dir) Close() error { return d.root.Close() }

// Open implements fs.FS.
func (d *Dir) Open(name string) (fs.File, error) { return d.fsys.Open(name) }

// Stat implements fs.StatFS.
func (d *Dir) Stat(name string) (fs.FileInfo, error) { return fs.Stat(d.fsys, name) }

// ReadDir implements fs.ReadDirFS.
func (d *Dir) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.fsys, name) }

func (d *Dir) openNonblocking(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	return d.root.OpenFile(name, os.O_RDONLY|oNonblock, 0)
}

// ErrGone means the corpus folder disappeared or was replaced while it
// was read.
var ErrGone = errors.New("the corpus folder changed under the index run")

// Gone reports an error when the folder no longer exists at its path or
// the path now names another folder: what was read cannot be trusted to
// be the corpus, so an index run must not commit it.
func (d *Dir) Gone() error {
	info, err := os.Stat(d.path)
	if err != nil {
		return fmt.Errorf("%w: %s disappeared during the run (%v)", ErrGone, d.path, cleanErr(err))
	}
	if !os.SameFile(info, d.info) {
		return fmt.Errorf("%w: %s was replaced during the run; index again", ErrGone, d.path)
	}
	return nil
}

// Gone reports whether fsys is a folder that disappeared (see Dir.Gone);
// other file systems never do.
func Gone(fsys fs.FS) error {
	if g, ok := fsys.(interface{ Gone() error }); ok {
		return g.Gone()
	}
	return nil
}

// looksBinary reports NUL bytes or mostly control characters in the first 8 KiB.
func looksBinary(data []byte) bool {
	head := data[:min(len(data), 8<<10)]
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctrl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			ctrl++
		}
	}
	return ctrl*10 > len(head)
}
