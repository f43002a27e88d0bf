package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A --db that is a folder is the caller's mistake: exit 2 and a hint.
func TestDBThatIsAFolderIsAUsageError(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"docs"}, {"index"}, {"feedback", "export"}, {"index", "--check"}} {
		r := docbot(t, map[string]string{"DOCBOT_DB": dir}, args...)
		if r.code != 2 || !strings.Contains(r.stderr, "is a folder") {
			t.Errorf("%v: exit %d, %q", args, r.code, r.stderr)
		}
	}
}

// A mistyped --db must not create folders, nor an empty database for a
// command that only reads one.
func TestMistypedDBCreatesNothing(t *testing.T) {
	root := t.TempDir()
	typo := filepath.Join(root, "dta", "docbot.db") // meant data/
	for _, args := range [][]string{{"docs"}, {"ask", "troops"}, {"feedback", "export"}, {"index", "--check"}} {
		r := docbot(t, map[string]string{"DOCBOT_DB": typo}, args...)
		if r.code != 2 || !strings.Contains(r.stderr, "does not exist") && !strings.Contains(r.stderr, "no database at") {
			t.Errorf("%v: exit %d, %q", args, r.code, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "dta")); err == nil {
		t.Error("a mistyped --db created its folder")
	}
	missing := filepath.Join(root, "docbot-typo.db") // the folder exists
	r := docbot(t, map[string]string{"DOCBOT_DB": missing}, "feedback", "export")
	if r.code != 2 || !strings.Contains(r.stderr, "no database at") || strings.Contains(r.stderr, "0 disliked") {
		t.Errorf("feedback export on a missing database: exit %d, %q", r.code, r.stderr)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("feedback export created an empty database")
	}
}

// --max-file-bytes is remembered by the index: a later docs without it
// does not index the file the index run skipped.
func TestMaxFileBytesIsRemembered(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "small.txt"), []byte("Small title\n\n"+strings.Repeat("Apples grow in the orchard. ", 5)), 0o644)
	os.WriteFile(filepath.Join(dir, "big.txt"), []byte("Big title\n\n"+strings.Repeat("Pears ripen in the autumn sun. ", 200)), 0o644)
	env := map[string]string{"DOCBOT_DB": filepath.Join(t.TempDir(), "x.db"), "DOCBOT_CORPUS": dir}
	r := docbot(t, env, "index", "--max-file-bytes", "1000")
	if r.code != 0 || !strings.Contains(r.stdout, "1 added") || !strings.Contains(r.stdout, "skipped big.txt") {
		t.Fatalf("index: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = docbot(t, env, "docs")
	if r.code != 0 || strings.Contains(r.stdout, "Big title") || strings.Contains(r.stderr, "added") {
		t.Errorf("docs re-indexed with the default limit: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = docbot(t, env, "index", "--max-file-bytes", "100000") // a new explicit limit replaces it
	if r.code != 0 || !strings.Contains(r.stdout, "1 added") {
		t.Errorf("index with a larger limit: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
