// Package corpus turns a folder of articles into clean documents and
// passages, and embeds the default corpus (five news articles on security
// guarantees for Ukraine) so the binary answers questions from any directory.
//
// It reads .txt, .md, .html, .htm and .pdf files (a PDF's text layer, page
// by page), removes site chrome, finds each article's title and date, and
// chunks the cleaned text into passages of
// roughly 40–150 words. It knows nothing about SQL; package store decides
// what to re-index.
package corpus

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/docbot/docbot/internal/text"
)

//go:embed seeds/*.txt
var seeds embed.FS

// Default returns the embedded default corpus.
func Default() fs.FS {
	sub, err := fs.Sub(seeds, "seeds")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder exists
	}
	return sub
}

// ParserVersion is part of every document hash: bump it when cleaning or
// chunking changes so that the next index run re-chunks every document.
const ParserVersion = "20"

// DefaultMaxFileBytes is the default size limit of one corpus file.
const DefaultMaxFileBytes = 20 << 20

// File is a corpus file read from disk, not yet parsed.
type File struct {
	Path     string // slash-separated, relative to the corpus root
	ID       string // Path without its extension (the whole Path when another file shares that ID)
	Data     []byte
	Hash     string // hex SHA-256 of ParserVersion and Data
	Repaired bool   // invalid UTF-8 was replaced with U+FFFD
	Charset  string // the legacy character set the file was decoded from, if any
	URL      string // the URL it was fetched from, for a file of a web mirror
}

// Skip records a file or folder that was not indexed and why.
type Skip struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
	// Unreadable marks a read that failed (permissions, I/O, a file gone
	// during the run) rather than a decision about its content: what was
	// indexed from it is kept.
	Unreadable bool `json:"unreadable,omitempty"`
}

// Document is a parsed, cleaned article.
type Document struct {
	ID    string
	Path  string
	Title string
	URL   string
	Date  string // YYYY-MM-DD, or "" when unknown
	// Labels are words the page shows around the article that cleaning
	// removed but a reader may call it by ("Breaking News; Los Angeles"),
	// "; "-separated; "" when none.
	Labels   string
	Hash     string
	Text     string // cleaned text; passage offsets point into it
	Passages []Passage
}

// Passage is a chunk of a document's cleaned text.
type Passage struct {
	Ordinal    int    // 0-based position in the document
	Heading    string // the section heading it falls under, if any
	Text       string // Document.Text[Start:End]
	Start, End int    // byte offsets into Document.Text
	// Code are the spans of Text that are code blocks (offsets into
	// Text), in order: searchable like the rest, but an answer quoting
	// prose must not quote them as sentences.
	Code []text.Span
}

// ErrEmpty means a file holds no indexable text.
var ErrEmpty = errors.New("no text after cleaning")

// NotArticleError means a file is a page of another kind, such as a
// redirect stub or a page of links only: it is skipped, and Reason says
// why in a few words.
type NotArticleError struct{ Reason string }

func (e *NotArticleError) Error() string { return e.Reason }

var formats = map[string]string{".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".pdf": "pdf"}

// Supported reports a file name List indexes: a supported extension, and
// not hidden (a name starting with ".").
func Supported(name string) bool {
	_, ok := formats[strings.ToLower(path.Ext(name))]
	return ok && !strings.HasPrefix(path.Base(name), ".")
}

// cleanErr drops the path prefix an *fs.PathError repeats.
func cleanErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// HumanBytes formats a byte count for reports ("1.5 MiB").
func HumanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// Parse cleans a file into a document with passages. It returns ErrEmpty
// (wrapped) when nothing indexable remains.
//
// Memory: a large file's bytes are released as soon as they are converted,
// so a caller that does not keep f.Data itself holds at most the text and
// its passages once Parse returns.
func Parse(f File) (Document, error) {
	data := f.Data
	f.Data = nil // data is the only reference left here: gone once converted
	var a article
	switch formats[strings.ToLower(path.Ext(f.Path))] {
	case "html":
		a = parseHTML(data)
	case "markdown":
		a = parseGoldmark(string(data))
	case "pdf":
		var err error
		if a, err = parsePDF(data); err != nil {
			return Document{}, fmt.Errorf("parse %s: %w", f.Path, err)
		}
		if a.title == "" {
			a.title = titleFromPath(f.Path) // not the "p. 1" heading
		}
	default:
		a = parseText(string(data))
	}
	if a.notArticle != "" {
		return Document{}, fmt.Errorf("parse %s: %w", f.Path, &NotArticleError{Reason: a.notArticle})
	}
	a.clean()
	doc := Document{ID: f.ID, Path: f.Path, Hash: f.Hash, Title: a.title, URL: docURL(a.url, f.URL), Date: a.date,
		Labels: strings.Join(a.labels, "; ")}
	if doc.Title == "" && !a.titleSet {
		doc.Title = titleFromPath(f.Path)
	}
	if f.ID == f.Path {
		// a file that shares its name with another (notes.md, notes.txt):
		// its title names the file, so that citations tell them apart
		doc.Title = strings.TrimSpace(doc.Title + " (" + path.Base(f.Path) + ")")
	}
	doc.Text, doc.Passages = chunk(a.blocks)
	if len(doc.Passages) == 0 {
		return Document{}, fmt.Errorf("parse %s: %w", f.Path, ErrEmpty)
	}
	return doc, nil
}

// docURL is the page's own URL (canonical, og:url, front matter) when it
// is absolute or resolves against the URL the file was fetched from, else
// that URL.
func docURL(own, fetched string) string {
	if fetched == "" {
		return own
	}
	base, err := url.Parse(fetched)
	if err != nil {
		return own
	}
	if own != "" {
		if u, err := base.Parse(own); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			return u.String()
		}
	}
	return fetched
}

// titleFromPath is the title of a document that names none: its file
// name, or for a README or index file, which every folder may have, its
// folder and file name ("types/README").
func titleFromPath(p string) string {
	base := strings.TrimSuffix(path.Base(p), path.Ext(p))
	if dir := path.Base(path.Dir(p)); dir != "." && dir != "/" {
		switch strings.ToLower(base) {
		case "readme", "index":
			return dir + "/" + base
		}
	}
	base = strings.NewReplacer("-", " ", "_", " ").Replace(base)
	if base == "" {
		return p
	}
	r, size := utf8.DecodeRuneInString(base)
	return strings.ToUpper(string(r)) + base[size:]
}
