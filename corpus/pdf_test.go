package corpus

import (
	"bytes"
	"compress/zlib"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

var updatePDF = flag.Bool("update-pdf", false, "rewrite the PDF fixtures in testdata/pdf")

// buildPDF writes a minimal, valid PDF 1.4: one page per element of pages,
// each line of a page its own text object in Helvetica (a line starting
// "TJ " is set as TeX does, its words apart by TJ offsets only); an empty page
// holds only a small grey image, as a scan would. title, when set, goes
// into the Info dictionary.
func buildPDF(title string, pages [][]string) []byte {
	return buildPDFTree(title, pages, false)
}

// buildPDFTree is buildPDF; with loop, the page tree also lists itself
// among its kids, as a hostile file may.
func buildPDFTree(title string, pages [][]string, loop bool) []byte {
	var objs []string // objs[i] is object i+1
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	catalog := add("") // filled in below
	pagesObj := add("")
	font := add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	img := add("<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n\x80\x90\xa0\xb0\nendstream")
	var kids []string
	for _, lines := range pages {
		var cs strings.Builder
		if len(lines) == 0 {
			cs.WriteString("q 400 0 0 600 100 100 cm /Im1 Do Q\n")
		}
		y := 760
		for _, l := range lines {
			esc := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
			if words, ok := strings.CutPrefix(l, "TJ "); ok {
				// as TeX sets a line: words apart by positioning, no space glyphs
				fmt.Fprintf(&cs, "BT /F1 11 Tf 72 %d Td [(%s)] TJ ET\n", y, strings.Join(strings.Fields(esc.Replace(words)), ")-333("))
			} else {
				fmt.Fprintf(&cs, "BT /F1 11 Tf 72 %d Td (%s) Tj ET\n", y, esc.Replace(l))
			}
			y -= 14
		}
		content := add(fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", cs.Len(), cs.String()))
		page := add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> /Contents %d 0 R >>",
			pagesObj, font, img, content))
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
	}
	objs[catalog-1] = fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pagesObj)
	if loop {
		kids = append(kids, fmt.Sprintf("%d 0 R", pagesObj))
	}
	objs[pagesObj-1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))
	info := 0
	if title != "" {
		info = add(fmt.Sprintf("<< /Title (%s) /Producer (docbot tests) >>", title))
	}
	trailer := fmt.Sprintf("/Root %d 0 R", catalog)
	if info != 0 {
		trailer += fmt.Sprintf(" /Info %d 0 R", info)
	}
	return writePDF(binaryPDFHeader, objs, trailer)
}

// binaryPDFHeader opens a PDF with the comment of high bytes that marks
// it binary.
const binaryPDFHeader = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"

// writePDF lays out objs, numbered from 1, after header, then their
// cross-reference table and a trailer of /Size and the entries given.
func writePDF(header string, objs []string, trailer string) []byte {
	var b bytes.Buffer
	b.WriteString(header)
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, trailer, xref)
	return b.Bytes()
}

// pdfFixtures are the PDFs in testdata/pdf, rebuilt by buildPDF
// (go test -run TestPDFFixtures -update-pdf ./corpus).
var pdfFixtures = map[string][]byte{
	"handbook.pdf": buildPDF("Volunteer Handbook", [][]string{
		{
			"Volunteer Handbook",
			"Welcome to the community garden. This handbook explains how the garden is run,",
			"who to ask for help, and what every volunteer agrees to when they sign up.",
		},
		{
			"Watering schedule",
			"The greenhouse is watered every morning at seven by the volunteer on duty. In",
			"July and August the raised beds are watered again at dusk, because the soil",
			"dries out quickly in the afternoon heat.",
		},
		{
			"Tools and the shed",
			"The tool shed is locked with a combination padlock; the code changes on the",
			"first Monday of each month and is posted in the members' channel. Return every",
			"spade and hoe cleaned, and report broken hand-",
			"les to the coordinator.",
		},
		{
			"TJ Seed orders",
			"TJ Ask Maria Lopez about seed orders before the end of February.",
		},
	}),
	"scanned.pdf": buildPDF("Scanned minutes", [][]string{nil, nil}),
}

func TestPDFFixtures(t *testing.T) {
	for name, want := range pdfFixtures {
		p := filepath.Join("testdata", "pdf", name)
		if *updatePDF {
			if err := os.WriteFile(p, want, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("%v (rebuild with -update-pdf)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what buildPDF makes: rebuild with -update-pdf", p)
		}
	}
}

func readPDFFixture(t *testing.T, name string) File {
	t.Helper()
	files, skips, err := Scan(os.DirFS(filepath.Join("testdata", "pdf")), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Path == name {
			return f
		}
	}
	t.Fatalf("%s not read; skips: %v", name, skips)
	return File{}
}

func TestPDFPagesAreCited(t *testing.T) {
	doc, err := Parse(readPDFFixture(t, "handbook.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "Volunteer Handbook" {
		t.Errorf("title %q, want the PDF's own", doc.Title)
	}
	pageOf := map[string]string{
		"watered every morning at seven":    "p. 2",
		"combination padlock":               "p. 3",
		"report broken handles":             "p. 3", // hyphenated across lines, joined again
		"community garden":                  "p. 1",
		"Ask Maria Lopez about seed orders": "p. 4", // words set apart by TJ offsets only
	}
	for phrase, page := range pageOf {
		found := false
		for _, p := range doc.Passages {
			if strings.Contains(p.Text, phrase) {
				found = true
				if p.Heading != page {
					t.Errorf("%q is in a passage headed %q, want %q", phrase, p.Heading, page)
				}
			}
		}
		if !found {
			t.Errorf("%q in no passage: %+v", phrase, doc.Passages)
		}
	}
	for _, p := range doc.Passages {
		if doc.Text[p.Start:p.End] != p.Text {
			t.Errorf("passage %d offsets do not point at its text", p.Ordinal)
		}
	}
}

func TestPDFScannedIsSkippedWithReason(t *testing.T) {
	_, err := Parse(readPDFFixture(t, "scanned.pdf"))
	var na *NotArticleError
	if !errors.As(err, &na) || !strings.Contains(na.Reason, "without a text layer") {
		t.Fatalf("err = %v, want a not-an-article error saying there is no text layer", err)
	}
}

func TestPDFNotAPDFIsSkipped(t *testing.T) {
	_, skip, err := decode(Entry{Path: "fake.pdf", ID: "fake"}, []byte("<html>hello</html>"))
	if err != nil || skip == nil || !strings.Contains(skip.Reason, "not a PDF") {
		t.Fatalf("skip %+v, err %v: want a clear not-a-PDF skip", skip, err)
	}
}

// TestPDFMalformedNeverPanics parses every truncation of a real PDF, and
// copies with bytes flipped: each either parses or fails with an error.
func TestPDFMalformedNeverPanics(t *testing.T) {
	good := pdfFixtures["handbook.pdf"]
	try := func(data []byte) {
		t.Helper()
		f, skip, err := decode(Entry{Path: "x.pdf", ID: "x"}, data)
		if err != nil {
			t.Fatal(err)
		}
		if skip != nil {
			return
		}
		if _, err := Parse(f); err != nil && !strings.Contains(err.Error(), "parse x.pdf") {
			t.Errorf("error without context: %v", err)
		}
	}
	for n := 0; n < len(good); n += 7 {
		try(good[:n])
	}
	for i := 0; i < len(good); i += 11 {
		bad := bytes.Clone(good)
		bad[i] ^= 0x5a
		try(bad)
	}
	if _, err := Parse(File{Path: "t.pdf", ID: "t", Data: good[:len(good)/2]}); err == nil {
		t.Error("a PDF cut in half parsed without error")
	}
}

func TestPDFJunkTitleGivesWayToTheFileName(t *testing.T) {
	for _, title := range []string{"Microsoft Word - minutes_final.docx", "untitled", "paper.dvi"} {
		data := buildPDF(title, [][]string{{"The committee met on Tuesday and agreed the budget for the next year."}})
		doc, err := Parse(File{Path: "board-minutes.pdf", ID: "board-minutes", Data: data})
		if err != nil {
			t.Fatal(err)
		}
		if doc.Title != "Board minutes" {
			t.Errorf("Info title %q: document title %q, want the file name's", title, doc.Title)
		}
	}
}

// A page tree that contains itself ends: its pages are read once each, up
// to the limits, and the file is indexed or refused, never hangs.
func TestPDFPageTreeLoopEnds(t *testing.T) {
	data := buildPDFTree("Loop", [][]string{{"The loop page says the meeting is on Thursday at noon in the hall."}}, true)
	doc, err := Parse(File{Path: "loop.pdf", ID: "loop", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Passages) != 1 || doc.Passages[0].Heading != "p. 1" || !strings.Contains(doc.Passages[0].Text, "Thursday at noon") {
		t.Errorf("passages %+v", doc.Passages)
	}
}

// buildBombPDF is a one-page PDF whose content stream says "Hello bomb"
// and then inflates to pad more bytes of text-showing operators ("(x) Tj"),
// FlateDecode-compressed layers times over.
func buildBombPDF(pad int, layers int) []byte {
	var raw bytes.Buffer
	raw.WriteString("BT /F1 11 Tf 72 700 Td (Hello bomb) Tj ET\n")
	var comp bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&comp, zlib.BestCompression)
	zw.Write(raw.Bytes())
	spaces := bytes.Repeat([]byte("(x) Tj\n"), 1<<17)
	for left := pad; left > 0; left -= len(spaces) {
		zw.Write(spaces[:min(left, len(spaces))])
	}
	zw.Close()
	stream := comp.Bytes()
	for range layers - 1 {
		var again bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&again, zlib.BestCompression)
		zw.Write(stream)
		zw.Close()
		stream = again.Bytes()
	}
	filters := strings.TrimSpace(strings.Repeat("/FlateDecode ", layers))
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Length %d /Filter [%s] >>\nstream\n%s\nendstream", len(stream), filters, stream),
	}
	return writePDF(binaryPDFHeader, objs, "/Root 1 0 R")
}

// A PDF whose streams inflate past the cap is skipped with a reason, and
// what it inflates to is never held in memory; one just under the cap,
// and the same text without padding, are read. The cap is lowered to
// 8 MiB so that the bombs stay small; a double-compressed bomb (a stream
// through FlateDecode twice) is caught too.
func TestPDFDecompressionBomb(t *testing.T) {
	old := maxPDFInflate
	maxPDFInflate = 8 << 20
	t.Cleanup(func() { maxPDFInflate = old })

	if doc, err := Parse(File{Path: "ok.pdf", ID: "ok", Data: buildBombPDF(64<<10, 1)}); err != nil || !strings.Contains(doc.Text, "Hello bomb") {
		t.Fatalf("a PDF inflating to 64 KiB: %v, text %q", err, doc.Text)
	}
	for _, layers := range []int{1, 2} {
		bomb := buildBombPDF(16<<20, layers)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := Parse(File{Path: "bomb.pdf", ID: "bomb", Data: bomb})
		runtime.ReadMemStats(&after)
		var na *NotArticleError
		if !errors.As(err, &na) || !strings.Contains(na.Reason, "decompression bomb") {
			t.Errorf("a %d KiB PDF inflating to 16 MiB through %d layer(s): %v, want a skip naming a decompression bomb", len(bomb)>>10, layers, err)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
			t.Errorf("reading the bomb (%d layer(s)) allocated %d MiB: its streams were held in memory", layers, alloc>>20)
		}
	}
}

// testdata/pdf/two-column.pdf is a real typesetter's output, not built by
// the tests: groff's gropdf set two-column.ms (written for docbot, MIT
// like the code) the way papers are laid out, title and abstract across
// the page and the body in two justified columns, with kerning,
// ligatures ("ﬁ") and word spacing (Tw) as typesetters draw them, and a
// sentence running from the foot of the left column to the top of the
// right one. Rebuild: groff -ms -Tpdf two-column.ms > two-column.pdf
func TestPDFTwoColumnPaper(t *testing.T) {
	d, err := Parse(readPDFFixture(t, "two-column.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Watering Schedules for Community Gardens" {
		t.Errorf("title %q", d.Title)
	}
	var text strings.Builder
	for _, p := range d.Passages {
		if p.Heading != "p. 1" {
			t.Errorf("passage headed %q, want p. 1", p.Heading)
		}
		text.WriteString(p.Text + "\n")
	}
	all := text.String()
	for _, want := range []string{
		"find that morning watering saves a fifth of the water", // a ligature, words set apart by word spacing
		"Our gardens are in a temperate city",                   // words apart by a TJ offset
		"a probe at ten centimetres",
		// the sentence that crosses from the left column to the right, in one passage
		"because clay holds the morning water through the heat of the day, while the sandy gardens saved less than a tenth.",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("lost %q; text:\n%s", want, all)
		}
	}
	for _, bad := range []string{"w atering", "Intr oduction", "g ardens", "\uFB01", "Ourgardens"} {
		if strings.Contains(all, bad) {
			t.Errorf("text holds %q:\n%s", bad, all)
		}
	}
	// The columns are read in order: the left one, then the right one.
	last := -1
	for _, s := range []string{"Introduction", "Method", "Results", "sandy gardens", "Slugs", "Conclusion", "timer on the tap"} {
		i := strings.Index(all, s)
		if i < last {
			t.Errorf("%q is out of reading order", s)
		}
		last = i
	}
}

// pdfWithFont is a one-page PDF whose font F1 is the dictionary font and
// whose page's content stream is content.
func pdfWithFont(font, content string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		font,
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content)+1, content),
	}
	return writePDF("%PDF-1.4\n", objs, "/Root 1 0 R")
}

// A font whose /FirstChar is the least integer gives its glyphs no width;
// it does not make the PDF unreadable (code-first overflowed to a negative
// index, and the recovered panic refused the file).
func TestPDFFirstCharOverflow(t *testing.T) {
	for _, first := range []string{"-9223372036854775808", "-9223372036854775807", "-5"} {
		data := pdfWithFont("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar "+first+" /LastChar 255 /Widths [500 500] >>",
			"BT /F1 11 Tf 72 700 Td (The committee met on Tuesday and agreed the budget.) Tj ET")
		a, err := parsePDF(data)
		if err != nil {
			t.Errorf("/FirstChar %s: %v", first, err)
			continue
		}
		var text strings.Builder
		for _, b := range a.blocks {
			text.WriteString(b.text + "\n")
		}
		if !strings.Contains(text.String(), "agreed the budget") {
			t.Errorf("/FirstChar %s: text %q", first, text.String())
		}
	}
}

// A sentence may end in a typographic quote or an ellipsis, more than one
// byte long.
func TestPDFEndsSentenceReadsTheLastRune(t *testing.T) {
	for s, want := range map[string]bool{
		"the budget.": true, "she said “yes.”": true, "the committee’s ‘no.’": true, "and then…": true,
		"the next": false, "the café": false, "": true,
	} {
		if got := endsSentence(s + " "); got != want {
			t.Errorf("endsSentence(%q) = %v, want %v", s, got, want)
		}
	}
}
