package eval

import (
	"errors"
	"fmt"
	"go/doc/comment"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// GoDocsCorpus writes a documentation corpus found on every machine with
// Go into dst: the distribution's doc/ pages (the specification, the
// memory model, the assembler guide, GODEBUG) and, for each standard
// library package with a doc.go, its package documentation as Markdown
// (pkg/IMPORT/PATH.md, titled "Package PATH": doc.go holds the package's
// long-form documentation as a Go comment, which docbot does not read as
// such), plus the standard library's README.md files. Test data, vendored
// and internal packages and release-note fragments are left out. It
// returns how many files it wrote; fs.ErrNotExist when goroot has no doc/
// folder (a distribution without its documentation).
func GoDocsCorpus(goroot, dst string) (int, error) {
	docDir := filepath.Join(goroot, "doc")
	if _, err := os.Stat(filepath.Join(docDir, "go_spec.html")); err != nil {
		return 0, fmt.Errorf("go docs: %w", fs.ErrNotExist)
	}
	n := 0
	copyFile := func(src, rel string) error {
		b, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		n++
		return os.WriteFile(out, b, 0o644)
	}
	es, err := os.ReadDir(docDir)
	if err != nil {
		return 0, err
	}
	for _, e := range es {
		ext := filepath.Ext(e.Name())
		if e.Type().IsRegular() && (ext == ".html" || ext == ".md") {
			if err := copyFile(filepath.Join(docDir, e.Name()), "doc/"+e.Name()); err != nil {
				return n, err
			}
		}
	}
	src := filepath.Join(goroot, "src")
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			switch d.Name() {
			case "testdata", "vendor", "internal":
				return filepath.SkipDir
			}
			if rel == "cmd" {
				return filepath.SkipDir // the tools document themselves in their own way; the library is the corpus
			}
			return nil
		}
		switch d.Name() {
		case "README.md":
			return copyFile(p, "src/"+rel)
		case "doc.go":
			md, err := packageDoc(p, strings.TrimSuffix(rel, "/doc.go"))
			if err != nil || md == "" {
				return err
			}
			out := filepath.Join(dst, "pkg", filepath.FromSlash(strings.TrimSuffix(rel, "/doc.go"))+".md")
			if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
				return err
			}
			n++
			return os.WriteFile(out, []byte(md), 0o644)
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		err = nil
	}
	return n, err
}

// packageDoc is a doc.go file's package comment as Markdown, headed
// "Package PATH"; "" when it has none.
func packageDoc(file, importPath string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("go docs: %w", err)
	}
	if f.Doc == nil {
		return "", nil
	}
	var p comment.Parser
	var pr comment.Printer
	pr.HeadingLevel = 2
	return "# Package " + importPath + "\n\n" + string(pr.Markdown(p.Parse(f.Doc.Text()))), nil
}
