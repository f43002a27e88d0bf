package corpus

import (
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/docbot/docbot/internal/text"
)

func parseSeed(t *testing.T, name string) Document {
	t.Helper()
	files, skips, err := Scan(Default(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(skips) != 0 {
		t.Fatalf("seeds skipped: %v", skips)
	}
	for _, f := range files {
		if f.ID == name {
			d, err := Parse(f)
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
	}
	t.Fatalf("no seed %s", name)
	return Document{}
}

func TestSeedsCleaning(t *testing.T) {
	tests := []struct {
		id, title, date string
		labels          string   // what the page calls it, outside the text
		keep            []string // sentences that must survive cleaning
		drop            []string // site chrome that must not
	}{
		{
			id:     "can-security-guarantees-bring-peace",
			title:  "Can Security Guarantees Bring Peace to Ukraine?",
			date:   "2025-09-27",
			labels: "Los Angeles; Breaking News",
			keep:   []string{"President Trump said he would help with air support but not ground troops.", "Ukraine seeks strong security guarantees to protect itself from Russia."},
			drop:   []string{"21.4 C", "Los Angeles", "Green Energy Agenda", "Foreign Aid Payments", "Drug Imports", "Breaking News", "Check out our other content", "Check out other tags", "Most Popular Articles", "Saturday, September 27, 2025"},
		},
		{
			id:    "ukraine-quest-for-security-guarantees",
			title: "How can Ukraine obtain security guarantees from the United States and Europe in the face of Russian aggression?",
			keep:  []string{"It is a call for empathy and action"},
			drop:  []string{"Leave a Reply", "Your email address will not be published", "**", "###"},
		},
		{
			id:    "zelensky-european-allies-urge-trump",
			title: "Seeking a Shield: Zelensky and European Allies Urge Security Guarantees from Trump",
			keep:  []string{"European leaders join Ukrainian President in seeking long-term security commitments"},
			drop:  []string{"Leave a Reply", "You must be logged in to post a comment."},
		},
		{
			id:    "western-allies-paris-summit",
			title: "Western allies look to finalise Ukraine security guarantees and win US support",
			keep:  []string{"Thirty Western nations convened in Paris today"},
			drop:  []string{"Stay informed by joining our newsletter!", "You must be logged in to post a comment.", "Related Articles", "\n\nComments"},
		},
		{
			id:    "macron-zelenskyy-diplomatic-shift",
			title: "Ukraine’s Security Guarantees: Macron and Zelenskyy Signal a Shift in Diplomatic Strategy",
			keep:  []string{"Share your thoughts in the comments below!"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			d := parseSeed(t, tt.id)
			if d.Title != tt.title {
				t.Errorf("title = %q, want %q", d.Title, tt.title)
			}
			if d.Date != tt.date {
				t.Errorf("date = %q, want %q", d.Date, tt.date)
			}
			if d.Labels != tt.labels {
				t.Errorf("labels = %q, want %q", d.Labels, tt.labels)
			}
			for _, s := range tt.keep {
				if !strings.Contains(d.Text, s) {
					t.Errorf("cleaned text lost %q", s)
				}
			}
			for _, s := range tt.drop {
				if strings.Contains(d.Text, s) {
					t.Errorf("cleaned text still has chrome %q", s)
				}
			}
			if strings.HasPrefix(d.Text, d.Title) {
				t.Errorf("the title is repeated as the first paragraph")
			}
		})
	}
}

func TestSeedsChunking(t *testing.T) {
	files, _, err := Scan(Default(), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		d, err := Parse(f)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(d.ID, func(t *testing.T) {
			checkPassages(t, d.Text, d.Passages, nil)
			for i, p := range d.Passages {
				words := text.WordCount(p.Text)
				if words > maxPassageWords || (words < 30 && i != len(d.Passages)-1) {
					t.Errorf("passage %d has %d words, want about 40-150: %.60q", i, words, p.Text)
				}
			}
		})
	}
	d := parseSeed(t, "can-security-guarantees-bring-peace")
	var troops Passage
	for _, p := range d.Passages {
		if strings.Contains(p.Text, "ground troops") {
			troops = p
		}
	}
	if troops.Heading != "The U.S. Role in Security Guarantees" {
		t.Errorf("heading of the ground-troops passage = %q, want the section title", troops.Heading)
	}
	// a heading right under another: the FAQ's first question is in the
	// "Frequently Asked Questions" section too
	var faq Passage
	for _, p := range d.Passages {
		if strings.HasPrefix(p.Text, "Security guarantees are promises") {
			faq = p
		}
	}
	if !strings.HasPrefix(faq.Heading, "Frequently Asked Questions · What are security guarantees?") {
		t.Errorf("heading of the FAQ's first answer = %q, want the FAQ heading and its question", faq.Heading)
	}
}

func TestLongParagraphSplitsAtSentences(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 40; i++ {
		b.WriteString("The U.S. and the U.K. met Dr. Smith in Kyiv on day number ")
		b.WriteString(strings.Repeat("x", i%5+1))
		b.WriteString(". ")
	}
	d, err := Parse(File{Path: "long.txt", ID: "long", Data: []byte("Long one\n\n" + b.String())})
	if err != nil {
		t.Fatal(err)
	}
	checkPassages(t, d.Text, d.Passages, nil)
	if len(d.Passages) < 2 {
		t.Fatalf("a 560-word paragraph gave %d passage(s)", len(d.Passages))
	}
	for _, p := range d.Passages {
		if w := text.WordCount(p.Text); w > maxPassageWords {
			t.Errorf("passage of %d words", w)
		}
		if !strings.HasPrefix(p.Text, "The U.S. and") || !strings.HasSuffix(p.Text, ".") {
			t.Errorf("passage not cut at a sentence end: %.40q…%q", p.Text, p.Text[len(p.Text)-10:])
		}
	}
}

func TestMarkdown(t *testing.T) {
	src := "---\ntitle: Front Title\nurl: https://example.com/a\ndate: 2024-02-03\n---\n" +
		"# Heading One\n\nSome **bold** text with a [link](https://x.example) and `code` and an ![image](i.png) here, " +
		"long enough to be a paragraph of real words for the chunker to keep.\n\n## Second\n\n- item one is here\n- item two is here\n"
	d, err := Parse(File{Path: "dir/a.md", ID: "dir/a", Data: []byte(src)})
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Front Title" || d.URL != "https://example.com/a" || d.Date != "2024-02-03" {
		t.Errorf("front matter: title %q url %q date %q", d.Title, d.URL, d.Date)
	}
	for _, bad := range []string{"**", "](", "`", "![", "---", "title:"} {
		if strings.Contains(d.Text, bad) {
			t.Errorf("markup %q left in %q", bad, d.Text)
		}
	}
	if !strings.Contains(d.Text, "Some bold text with a link and code and an image here") {
		t.Errorf("text = %q", d.Text)
	}
	if h := d.Passages[0].Heading; h != "Heading One · Second" { // a short section runs on into the next
		t.Errorf("first heading = %q", h)
	}
}

func TestHTML(t *testing.T) {
	src := `<!doctype html><html><head><title>Site | Page</title>
<meta property="og:title" content="The Real Headline"><link rel="canonical" href="https://news.example/a">
<meta property="article:published_time" content="2025-08-19T10:00:00Z"><style>p{color:red}</style>
<script>var secret = "tracking";</script></head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<article><h1>The Real Headline</h1><h2>Background</h2>
<p>European leaders have floated sending <b>15,000 to 20,000 troops</b> to Ukraine after a peace deal.</p>
<p>They also discuss providing air support in case of renewed threats.</p></article>
<aside>Most read: something else</aside><footer>© 2025 News Inc. All rights reserved.</footer></body></html>`
	d, err := Parse(File{Path: "a.html", ID: "a", Data: []byte(src)})
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "The Real Headline" || d.URL != "https://news.example/a" || d.Date != "2025-08-19" {
		t.Errorf("metadata: title %q url %q date %q", d.Title, d.URL, d.Date)
	}
	for _, bad := range []string{"tracking", "color:red", "Home", "Most read", "All rights reserved", "<"} {
		if strings.Contains(d.Text, bad) {
			t.Errorf("invisible or chrome text %q in %q", bad, d.Text)
		}
	}
	if !strings.Contains(d.Text, "sending 15,000 to 20,000 troops to Ukraine") {
		t.Errorf("text = %q", d.Text)
	}
	if d.Passages[0].Heading != "Background" {
		t.Errorf("heading = %q", d.Passages[0].Heading)
	}
}

func TestScanReportsWhatItSkips(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("good.txt", []byte("A title\n\nSome text about troops."))
	write("nested/deeper/good.md", []byte("# T\n\nText."))
	write("empty.txt", []byte("  \n\n"))
	write("binary.txt", []byte("abc\x00\x01\x02def"))
	write("big.txt", []byte(strings.Repeat("word ", 100)))
	write("image.png", []byte("\x89PNG"))
	write("latin1.txt", []byte("Caf\xe9 au lait, a title\n\nText."))
	write(".hidden/secret.txt", []byte("not indexed"))
	outside := filepath.Join(t.TempDir(), "outside.txt")
	if err := os.WriteFile(outside, []byte("outside the corpus"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "escape.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("good.txt", filepath.Join(dir, "inside.txt")); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	files, skips, err := Scan(root.FS(), 300)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range files {
		ids = append(ids, f.ID)
		if f.ID == "latin1" && (!f.Repaired || !utf8.Valid(f.Data)) {
			t.Errorf("latin1.txt: repaired %v, valid %v", f.Repaired, utf8.Valid(f.Data))
		}
	}
	if got, want := strings.Join(ids, ","), "good,inside,latin1,nested/deeper/good"; got != want {
		t.Errorf("files = %s, want %s", got, want)
	}
	reasons := map[string]string{}
	for _, s := range skips {
		reasons[s.Path] = s.Reason
	}
	for path, want := range map[string]string{
		"empty.txt": "empty", "binary.txt": "binary", "big.txt": "too large", "image.png": "unsupported", "escape.txt": "symlink",
	} {
		if !strings.Contains(reasons[path], want) {
			t.Errorf("%s: skip reason %q, want one mentioning %q", path, reasons[path], want)
		}
	}
	if len(skips) != 5 {
		t.Errorf("skips = %v, want 5", skips)
	}
}

func TestParseEmptyAfterCleaning(t *testing.T) {
	_, err := Parse(File{Path: "chrome.txt", ID: "chrome", Data: []byte("Leave a Reply\nYou must be logged in to post a comment.")})
	if err == nil {
		t.Fatal("a page of chrome only parsed without error")
	}
}

func TestScanEmbeddedAndMapFS(t *testing.T) {
	fsys := fstest.MapFS{"a.txt": {Data: []byte("Title\n\nBody text.")}, "b.txt": {Data: []byte("Title\n\nBody text.")}}
	files, _, err := Scan(fsys, 0)
	if err != nil || len(files) != 2 {
		t.Fatalf("files %d, err %v", len(files), err)
	}
	if files[0].Hash != files[1].Hash {
		t.Errorf("same content, different hashes")
	}
}

// A file name's leading number orders the collection (by value: 2 before
// 10) and is no part of the ID when the rest is a name of its own, two
// words or more; a number before one word is part of the name ("10-k.md",
// "1-intro.md"), and two files left with one ID keep their whole paths.
func TestOrderingNumbersOrderTheCollection(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, p := range []string{"10-k.md", "notes.md", "2024-report.md", "000_92556d7c.txt", "3-d-printing.md",
		"docs/10-setting-up.md", "docs/2-getting-started.md", "docs/01-common-questions.md", "docs/1-intro.md",
		"more/1-meeting-notes.md", "more/meeting-notes.txt"} {
		fsys[p] = &fstest.MapFile{Data: []byte("Title\n\nBody text.")}
	}
	entries, _, err := Scan(fsys, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Path+"="+e.ID)
	}
	want := []string{"000_92556d7c.txt=000_92556d7c", "3-d-printing.md=3-d-printing", "10-k.md=10-k", "2024-report.md=2024-report",
		"docs/01-common-questions.md=docs/common-questions", "docs/1-intro.md=docs/1-intro", "docs/2-getting-started.md=docs/getting-started",
		"docs/10-setting-up.md=docs/setting-up", "more/1-meeting-notes.md=more/1-meeting-notes.md", "more/meeting-notes.txt=more/meeting-notes.txt",
		"notes.md=notes"}
	if !slices.Equal(got, want) {
		t.Errorf("scan order and IDs:\n got %q\nwant %q", got, want)
	}
}

func TestIsListItemAgreesWithListRe(t *testing.T) {
	for _, s := range []string{"- item", "  * item", "+\titem", "• bullet", "1. one", "12) twelve", "123. x", "1234. no",
		"-no", "1.no", "1", "", "   ", "-", "Mr. Smith", "2025 was a year", "•", "3)", "a. b", "\u00a0- nbsp"} {
		if got, want := isListItem(s), listRe.MatchString(s); got != want {
			t.Errorf("isListItem(%q) = %v, listRe says %v", s, got, want)
		}
	}
}

func TestUTF16WithBOMIsText(t *testing.T) {
	text := "Wide title\n\nWide text about ümlauts and troops."
	for name, order := range map[string]func(uint16) []byte{
		"le": func(u uint16) []byte { return []byte{byte(u), byte(u >> 8)} },
		"be": func(u uint16) []byte { return []byte{byte(u >> 8), byte(u)} },
	} {
		data := order(0xFEFF)
		for _, r := range text {
			data = append(data, order(uint16(r))...)
		}
		files, skips, err := Scan(fstest.MapFS{"w.txt": {Data: data}}, 0)
		if err != nil || len(skips) != 0 || len(files) != 1 {
			t.Fatalf("%s: files %d, skips %v, err %v", name, len(files), skips, err)
		}
		if got := string(files[0].Data); got != text {
			t.Errorf("%s: decoded %q, want %q", name, got, text)
		}
	}
}

// html.Parse refuses pages nested deeper than 512 elements; their text is
// still read, and scripts still dropped.
func TestDeeplyNestedHTMLKeepsItsText(t *testing.T) {
	page := "<html><head><title>Deep</title><script>var x = 1;</script></head><body>" + strings.Repeat("<div>", 2000) +
		"<h2>Section</h2><p>Durians grow in the nested jungle.</p>" + strings.Repeat("</div>", 2000) + "</body></html>"
	d, err := Parse(File{Path: "deep.html", ID: "deep", Data: []byte(page)})
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Deep" || !strings.Contains(d.Text, "Durians grow in the nested jungle.") || strings.Contains(d.Text, "var x") {
		t.Errorf("title %q, text %q", d.Title, d.Text)
	}
}

// Markdown's backslash escapes and character references are text, as a
// renderer shows them ("\[Encoder]" is "[Encoder]", "source\_windows.go"
// is "source_windows.go", "&amp;" is "&"); in a code span a backslash is
// a backslash.
func TestMarkdownEscapes(t *testing.T) {
	src := "# Escapes\n\nA \\[Encoder] writes source\\_windows.go files for Q&amp;A, " +
		"and `a\\_b` stays as typed in code, long enough for a passage of real words.\n"
	d, err := Parse(File{Path: "e.md", ID: "e", Data: []byte(src)})
	if err != nil {
		t.Fatal(err)
	}
	if want := "A [Encoder] writes source_windows.go files for Q&A, and a\\_b stays as typed in code"; !strings.Contains(d.Text, want) {
		t.Errorf("text = %q, want it to hold %q", d.Text, want)
	}
}

// A README without a heading is named by its folder: every folder may
// have one, so "README" alone would not tell them apart.
func TestReadmeTitleNamesItsFolder(t *testing.T) {
	for _, p := range []string{"src/go/types/README.md", "src/net/README.md"} {
		d, err := Parse(File{Path: p, ID: strings.TrimSuffix(p, ".md"), Data: []byte("See the other document for the details of this package and its design.\n")})
		if err != nil {
			t.Fatal(err)
		}
		want := path.Base(path.Dir(p)) + "/README"
		if d.Title != want {
			t.Errorf("%s: title %q, want %q", p, d.Title, want)
		}
	}
}

// An HTML <pre> block is code: its lines stay lines, not one run-on
// paragraph ("var a string func hello() {…"), as a Markdown code block.
func TestHTMLPreIsCode(t *testing.T) {
	src := `<html><head><title>Memory</title></head><body><p>The exit of a goroutine is not guaranteed to be synchronized before any event in the program, as this example shows clearly enough.</p>
<pre>
var a string

func hello() {
	go func() { a = "hello" }()
	print(a)
}
</pre><p>The assignment to a is not followed by any synchronization event in this program.</p></body></html>`
	d, err := Parse(File{Path: "m.html", ID: "m", Data: []byte(src)})
	if err != nil {
		t.Fatal(err)
	}
	if want := "var a string\n\nfunc hello() {\n\tgo func() { a = \"hello\" }()\n\tprint(a)\n}"; !strings.Contains(d.Text, want) {
		t.Errorf("text = %q, want the code's lines kept: %q", d.Text, want)
	}
}

// A reference manual's short section (a grammar line and a heading) runs
// on into the next one: the passage is in both sections, and the passages
// after it are in the next section, not the short one.
func TestShortSectionRunsOnIntoTheNext(t *testing.T) {
	long := strings.Repeat("A defer statement invokes a function whose execution is deferred to the moment the surrounding function returns. ", 12)
	src := "# Spec\n\n## Fallthrough statements\n\nFallthroughStmt = \"fallthrough\" .\n\n## Defer statements\n\n" + long + "\n\n" + long + "\n"
	d, err := Parse(File{Path: "spec.md", ID: "spec", Data: []byte(src)})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Passages) < 2 {
		t.Fatalf("%d passages", len(d.Passages))
	}
	if got := d.Passages[0].Heading; got != "Fallthrough statements · Defer statements" {
		t.Errorf("first passage's heading = %q, want both sections", got)
	}
	for _, p := range d.Passages[1:] {
		if p.Heading != "Defer statements" {
			t.Errorf("passage %d heading = %q, want \"Defer statements\"", p.Ordinal, p.Heading)
		}
	}
}

// A heading right under another names the passage's section with both
// when it is deeper ("Usage · Flags"), not when it is a sibling: an empty
// "### Deprecated" section does not head "### Installation", though their
// parent "## Setup" does.
func TestHeadingUnderHeading(t *testing.T) {
	body := "This paragraph has enough words to stand as a passage of its own in the chunker, " +
		"which wants about forty words before it closes one, so it keeps going for a while longer here, " +
		"and then some more words again to be sure."
	src := "# Tool\n\n## Setup\n\n### Deprecated\n\n### Installation\n\n" + body + "\n\n## Usage\n\n### Deprecated\n\n### Flags\n\n" + body + "\n"
	d, err := Parse(File{Path: "a.md", ID: "a", Data: []byte(src)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range d.Passages {
		got = append(got, p.Heading)
	}
	want := []string{"Setup · Installation", "Usage · Flags"}
	if !slices.Equal(got, want) {
		t.Errorf("headings %q, want %q", got, want)
	}
}

// A list's lead-in ("Pros:") names the section of every passage its items
// fill, so that "what are the pros" finds the fourth pro as well as the
// first; the list ends at the next paragraph that is not an item.
func TestListLabelHeadsItsItems(t *testing.T) {
	item := func(name string) string {
		return "- " + name + ": this item of the list runs long enough that the chunker, which wants " +
			"about forty words before it closes a passage, gives it a passage of its own, and then " +
			"it says a little more to be sure of that."
	}
	para := "A closing paragraph that is no item of the list and has enough words to stand as a " +
		"passage of its own in the chunker, which wants about forty words before it closes one, so " +
		"it keeps going for a while longer."
	for _, tc := range []struct{ path, src string }{
		{"a.md", "# Mixer X1\n\n## Review\n\nPros:\n\n" + item("Speed") + "\n\n" + item("Price") + "\n\nCons:\n\n" + item("Noise") + "\n\n" + para + "\n"},
		{"a.txt", "Mixer X1\n\n# Review\n\nPros:\n" + item("Speed") + "\n" + item("Price") + "\nCons:\n" + item("Noise") + "\n" + para + "\n"},
	} {
		d, err := Parse(File{Path: tc.path, ID: "a", Data: []byte(tc.src)})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range d.Passages {
			got = append(got, p.Heading)
		}
		want := []string{"Review · Pros", "Review · Pros", "Review · Cons", "Review"}
		if !slices.Equal(got, want) {
			t.Errorf("%s: headings %q, want %q", tc.path, got, want)
		}
	}
}

// A list label is a name, not a sentence introducing the list ("Zelensky
// told reporters:"); a heading that already names it ("## PROS") is not
// repeated; a short paragraph after the list joins the passage before it.
func TestListLabelEdges(t *testing.T) {
	item := "- Speed: this item of the list runs long enough that the chunker, which wants about " +
		"forty words before it closes a passage, gives it a passage of its own, and then it says " +
		"a little more to be sure of that."
	for _, tc := range []struct{ src, want string }{
		{"# Mixer X1\n\n## Review\n\nThe maker told reporters:\n\n" + item + "\n", "Review"},
		{"# Mixer X1\n\n## PROS\n\nPros:\n\n" + item + "\n", "PROS"},
		{"# Mixer X1\n\n## Review\n\nPros:\n\n" + item + "\n\nIn short, a good mixer.\n", "Review · Pros"},
	} {
		d, err := Parse(File{Path: "a.md", ID: "a", Data: []byte(tc.src)})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Passages) != 1 || d.Passages[0].Heading != tc.want {
			var got []string
			for _, p := range d.Passages {
				got = append(got, p.Heading+": "+p.Text[:min(30, len(p.Text))])
			}
			t.Errorf("%q: passages %q, want one headed %q", tc.src[:40], got, tc.want)
		}
	}
}
