package corpus

import (
	"os"
	"path"
	"strings"
	"testing"
)

// Real documentation pages reduced to what reproduced a defect: each
// fixture in testdata/docs holds the generator's markup around a little
// text. title is the document title wanted; keep must survive cleaning,
// drop (site chrome) must not appear in any passage or heading.
func TestDocumentationPages(t *testing.T) {
	tests := []struct {
		file  string
		title string
		keep  []string
		drop  []string
	}{
		{
			file:  "latin1.html", // declared ISO-8859-1
			title: "Interview with Tomás Pokorný",
			keep:  []string{"Tomás Pokorný maintains the café library in Brno and explains why naïve caching fails"},
			drop:  []string{"\uFFFD"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			d := parseFixture(t, tt.file)
			if d.Title != tt.title {
				t.Errorf("title = %q, want %q", d.Title, tt.title)
			}
			all := d.Text
			for _, p := range d.Passages {
				all += "\n" + p.Heading
			}
			for _, k := range tt.keep {
				if !strings.Contains(d.Text, k) {
					t.Errorf("lost %q; text:\n%s", k, d.Text)
				}
			}
			for _, c := range tt.drop {
				if strings.Contains(all, c) {
					t.Errorf("chrome %q kept; text:\n%s", c, all)
				}
			}
		})
	}
}

// parseFixture reads testdata/docs/name through Read (charset decoding
// included) and parses it.
func parseFixture(t *testing.T, name string) Document {
	t.Helper()
	fsys := os.DirFS("testdata/docs")
	f, skip, err := Read(t.Context(), fsys, Entry{Path: name, ID: strings.TrimSuffix(name, path.Ext(name))}, 0)
	if err != nil || skip != nil {
		t.Fatalf("read %s: skip %v, err %v", name, skip, err)
	}
	d, err := Parse(f)
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return d
}
