package corpus

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// maxPDFPages bounds how many pages of one PDF are read: a page count is
// the file's own claim and may be hostile.
const maxPDFPages = 5000

// junkPDFTitle matches the titles that tools write into a PDF's Info
// dictionary instead of the document's: the source file's name
// ("Microsoft Word - report.docx", "thesis.dvi") or a placeholder.
var junkPDFTitle = regexp.MustCompile(`(?i)^(microsoft (word|powerpoint|excel) - .*|untitled.*|.*\.(docx?|pptx?|xlsx?|odt|tex|dvi|pdf|ps|indd|qxd))$`)

// pdfPageHeading is the section heading of a passage from page n of a PDF,
// so a citation names the page.
func pdfPageHeading(n int) string { return "p. " + strconv.Itoa(n) }

// pdfPages lists the pages of a page tree in order, walking it once
// (the reader's Page(n) walks from the root for each page, and loops on a
// tree that contains itself): each node once, at most maxPDFPages pages,
// 32 levels deep and 4×maxPDFPages nodes visited, so a hostile tree ends.
func pdfPages(root pdf.Value) []pdf.Page {
	var pages []pdf.Page
	budget := 4 * maxPDFPages
	seen := map[string]bool{}
	var walk func(v pdf.Value, depth int)
	walk = func(v pdf.Value, depth int) {
		budget--
		if budget < 0 || depth > 32 || len(pages) >= maxPDFPages {
			return
		}
		typ := v.Key("Type").Name()
		switch {
		case typ == "Pages" || typ == "" && v.Key("Kids").Kind() == pdf.Array:
			// A node is known by its dictionary, whose references print as
			// "n 0 R": one seen before is a loop (or a shared subtree).
			if key := v.String(); seen[key] {
				return
			} else {
				seen[key] = true
			}
			kids := v.Key("Kids")
			for i := 0; i < kids.Len(); i++ {
				walk(kids.Index(i), depth+1)
			}
		case typ == "Page" || typ == "" && !v.Key("Contents").IsNull():
			pages = append(pages, pdf.Page{V: v})
		}
	}
	walk(root, 0)
	return pages
}

// maxPDFInflate bounds what a PDF's compressed streams (other than
// images, which text extraction does not read) may inflate to, in all: a
// decompression bomb — a few hundred kilobytes that inflate to gigabytes
// — is skipped before the reader holds any of it. Text content streams
// inflate 3–6×, so this is room for the text of a PDF at the default
// 20 MiB file limit. A variable so that tests can make a small bomb.
var maxPDFInflate int64 = 128 << 20

// pdfInflated measures, in constant memory, what the FlateDecode streams
// of data inflate to, stopping past limit; it reports whether the total
// stays within limit. Streams with several FlateDecode filters are
// inflated through each. A stream that does not inflate cleanly counts
// what came out before the error (the reader will report the error).
func pdfInflated(data []byte, limit int64) bool {
	var total int64
	for i := 0; ; {
		k := bytes.Index(data[i:], []byte("stream"))
		if k < 0 {
			return true
		}
		start := i + k + len("stream")
		i = start
		if k >= 3 && bytes.Equal(data[start-len("stream")-3:start-len("stream")], []byte("end")) {
			continue // "endstream"
		}
		// The stream's dictionary ends just before: look back to its "obj".
		from := max(0, start-len("stream")-4096)
		dict := data[from : start-len("stream")]
		if o := bytes.LastIndex(dict, []byte("obj")); o >= 0 {
			dict = dict[o:]
		}
		flates := bytes.Count(dict, []byte("/FlateDecode"))
		if flates == 0 || bytes.Contains(dict, []byte("/Image")) {
			continue
		}
		body := data[start:]
		if bytes.HasPrefix(body, []byte("\r\n")) {
			body = body[2:]
		} else if len(body) > 0 && (body[0] == '\n' || body[0] == '\r') {
			body = body[1:]
		}
		var rd io.Reader = bytes.NewReader(body)
		ok := true
		for range min(flates, 4) {
			zr, err := zlib.NewReader(rd)
			if err != nil {
				ok = false
				break
			}
			rd = zr
		}
		if !ok {
			continue
		}
		n, _ := io.Copy(io.Discard, io.LimitReader(rd, limit-total+1))
		total += n
		if total > limit {
			return false
		}
	}
}

// isPDF reports whether data starts like a PDF file.
func isPDF(data []byte) bool { return bytes.HasPrefix(data, []byte("%PDF-")) }

// parsePDF extracts the text layer of a PDF page by page: each page
// starts a new passage headed "p. N" (see pdfPageHeading), and the title
// is the document's own (Info /Title) when it has one. A PDF whose pages
// hold no text (a scan without OCR) is not an article; a file the reader
// cannot open is an error. The reader's panics on malformed input become
// errors.
func parsePDF(data []byte) (a article, err error) {
	defer func() {
		if r := recover(); r != nil {
			a, err = article{}, fmt.Errorf("malformed PDF: %v", r)
		}
	}()
	// The reader knows versions 1.0–1.7 only; 2.0 files read the same
	// for text.
	if bytes.HasPrefix(data, []byte("%PDF-2.0")) {
		data = append([]byte("%PDF-1.7"), data[len("%PDF-2.0"):]...)
	}
	if !pdfInflated(data, maxPDFInflate) {
		return article{notArticle: fmt.Sprintf("PDF whose compressed streams inflate past %s (a decompression bomb?): not read", HumanBytes(maxPDFInflate))}, nil
	}
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		if err == pdf.ErrInvalidPassword {
			return article{}, fmt.Errorf("encrypted PDF: a password is needed to read it")
		}
		return article{}, fmt.Errorf("not a readable PDF: %w", err)
	}
	if t := r.Trailer().Key("Info").Key("Title"); !t.IsNull() {
		if a.title = strings.Join(strings.Fields(t.Text()), " "); junkPDFTitle.MatchString(a.title) {
			a.title = "" // the file name says more
		}
	}
	pages := pdfPages(r.Trailer().Key("Root").Key("Pages"))
	if len(pages) == 0 {
		return article{}, fmt.Errorf("malformed PDF: no pages")
	}
	n := len(pages)
	withText := 0
	for i0, p := range pages {
		i := i0 + 1
		s, err := pdfPageText(p)
		if err != nil {
			return article{}, fmt.Errorf("page %d: malformed PDF: %w", i, err)
		}
		paras := pdfParagraphs(s)
		if len(paras) == 0 {
			continue
		}
		withText++
		a.blocks = append(a.blocks, block{heading: true, page: true, text: pdfPageHeading(i)})
		for _, para := range paras {
			a.blocks = append(a.blocks, block{text: para})
		}
	}
	if withText == 0 {
		a.notArticle = fmt.Sprintf("PDF without a text layer (%d pages, scanned images?): run OCR on it first", n)
	}
	return a, nil
}

// pdfPageText is a page's text in the order it is drawn, laid out from
// the glyphs' positions: a new line where the baseline moves, a blank line
// where it moves by more than about two lines (a paragraph break), and a
// space where a glyph starts well after the previous one ends, so that
// words set apart by positioning alone (TeX's kerned "[(The)-333(tool)]
// TJ") stay apart. A page whose glyphs give no text falls back to the
// reader's plain text.
func pdfPageText(p pdf.Page) (s string, err error) {
	defer func() {
		if r := recover(); r != nil {
			s, err = "", fmt.Errorf("%v", r)
		}
	}()
	var b strings.Builder
	var prev pdf.Text
	have := false
	for _, t := range pdfGlyphs(p) {
		if t.S == "" || t.S == "\n" {
			continue
		}
		size := max(t.FontSize, prev.FontSize, 1)
		switch {
		case !have:
		case t.Y-prev.Y > 2.2*size && t.X > prev.X+prev.W && !endsSentence(b.String()):
			// up and to the right, mid-sentence: the next column of a
			// paragraph that runs on
			b.WriteByte('\n')
		case math.Abs(t.Y-prev.Y) > 2.2*size:
			b.WriteString("\n\n")
		case math.Abs(t.Y-prev.Y) > 0.5*size:
			b.WriteByte('\n')
		case t.X-(prev.X+prev.W) > 0.2*size && !strings.HasSuffix(b.String(), " ") && t.S != " ":
			b.WriteByte(' ')
		}
		b.WriteString(t.S)
		prev, have = t, true
	}
	if strings.TrimSpace(b.String()) != "" {
		return b.String(), nil
	}
	return p.GetPlainText(nil)
}

// endsSentence reports whether s, trimmed, ends with a sentence's or a
// heading's last mark, typographic quotes and the ellipsis included (its
// last rune, not its last byte, is looked at).
func endsSentence(s string) bool {
	s = strings.TrimRight(s, " ")
	r, _ := utf8.DecodeLastRuneInString(s)
	return s == "" || strings.ContainsRune(".!?:;\"')”’»…", r)
}

// pdfLigatures spells out the ligature glyphs typesetters draw (TeX,
// groff and word processors set "ﬁnd" with one glyph), so that the words
// holding them are found by what people type.
var pdfLigatures = strings.NewReplacer("\uFB00", "ff", "\uFB01", "fi", "\uFB02", "fl", "\uFB03", "ffi", "\uFB04", "ffl", "\uFB05", "st", "\uFB06", "st")

// pdfParagraphs turns a page's text, one line per text object, into
// paragraphs: lines are joined with a space (a word hyphenated across a
// line break is joined again), blank lines separate paragraphs, and
// control characters go.
func pdfParagraphs(s string) []string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return '\n'
		case unicode.IsControl(r) || r == unicode.ReplacementChar:
			return ' '
		}
		return r
	}, s)
	s = pdfLigatures.Replace(s)
	var paras []string
	var cur strings.Builder
	flush := func() {
		if t := strings.Join(strings.Fields(cur.String()), " "); t != "" && hasWord(t) {
			paras = append(paras, t)
		}
		cur.Reset()
	}
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			flush()
			continue
		}
		if cur.Len() > 0 {
			prev := cur.String()
			if strings.HasSuffix(prev, "-") && len(prev) > 1 && unicode.IsLetter(rune(prev[len(prev)-2])) && unicode.IsLower([]rune(line)[0]) {
				cur.Reset()
				cur.WriteString(prev[:len(prev)-1])
			} else {
				cur.WriteByte(' ')
			}
		}
		cur.WriteString(line)
	}
	flush()
	return paras
}

// hasWord reports whether s holds a letter or a digit.
func hasWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) >= 0
}
