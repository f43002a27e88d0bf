package corpus

import (
	"strings"
	"testing"
)

// Code blocks stay in a passage's text, where search finds them, and are
// marked as code: the answerer must know which lines not to quote as
// prose. Prose around them is not marked.
func TestCodeBlocksAreMarked(t *testing.T) {
	for _, f := range []File{
		{Path: "once.md", ID: "once", Data: []byte("# Once\n\nThe completion of a single call of setup from once.Do(setup) is synchronized before the return of any call.\n\n```go\nvar once sync.Once\n\nfunc doprint() {\n\tonce.Do(setup)\n}\n```\n\nCalling doprint twice calls setup exactly once.\n")},
		{Path: "once.html", ID: "once", Data: []byte("<html><head><title>Once</title></head><body><main><h1>Once</h1><p>The completion of a single call of setup from once.Do(setup) is synchronized before the return of any call.</p><pre>var once sync.Once\n\nfunc doprint() {\n\tonce.Do(setup)\n}</pre><p>Calling doprint twice calls setup exactly once.</p></main></body></html>")},
	} {
		d, err := Parse(f)
		if err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		var code, prose strings.Builder
		for _, p := range d.Passages {
			at := 0
			for _, c := range p.Code {
				prose.WriteString(p.Text[at:c.Start])
				code.WriteString(p.Text[c.Start:c.End] + "\n")
				at = c.End
			}
			prose.WriteString(p.Text[at:])
		}
		for _, want := range []string{"var once sync.Once", "func doprint() {", "once.Do(setup)\n}"} {
			if !strings.Contains(code.String(), want) {
				t.Errorf("%s: %q not marked as code; code %q", f.Path, want, code.String())
			}
		}
		for _, want := range []string{"is synchronized before the return", "Calling doprint twice"} {
			if strings.Contains(code.String(), want) || !strings.Contains(prose.String(), want) {
				t.Errorf("%s: prose %q marked as code", f.Path, want)
			}
		}
	}
}
