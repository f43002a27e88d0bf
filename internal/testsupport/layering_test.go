package testsupport

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// imports maps each non-test Go file of the module (slash path from the
// module root) to its imports.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	root := filepath.Join("..", "..")
	out := map[string][]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			out[filepath.ToSlash(rel)] = append(out[filepath.ToSlash(rel)], path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Dependencies point one way and each technology stays in its package.
func TestLayering(t *testing.T) {
	const mod = "github.com/docbot/docbot/"
	rules := []struct {
		imp     string
		allowed func(file string) bool
		why     string
	}{
		{"github.com/bwmarrin/discordgo", func(f string) bool { return strings.HasPrefix(f, "bot/") }, "only bot talks to Discord"},
		{"database/sql", func(f string) bool { return strings.HasPrefix(f, "store/") }, "only store speaks SQL"},
		{"github.com/mattn/go-sqlite3", func(f string) bool { return strings.HasPrefix(f, "store/") }, "only store speaks SQL"},
		{"github.com/sashabaranov/go-openai", func(f string) bool { return f == "retrieval/openai.go" }, "go-openai stays in one file"},
		{mod + "store", func(f string) bool {
			return strings.HasPrefix(f, "cmd/") || strings.HasPrefix(f, "internal/testsupport/")
		}, "store is wired in cmd"},
		{mod + "bot", func(f string) bool { return strings.HasPrefix(f, "cmd/") }, "bot is wired in cmd"},
		{mod + "config", func(f string) bool { return strings.HasPrefix(f, "cmd/") }, "config is read in cmd"},
		{mod + "web", func(f string) bool { return strings.HasPrefix(f, "cmd/") }, "the crawler is wired in cmd"},
		{mod + "retrieval", func(f string) bool { return !strings.HasPrefix(f, "corpus/") }, "corpus is below retrieval"},
	}
	for file, imps := range imports(t) {
		for _, imp := range imps {
			for _, r := range rules {
				if imp == r.imp && !r.allowed(file) {
					t.Errorf("%s imports %s: %s", file, imp, r.why)
				}
			}
		}
	}
}
