package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// wordnetDir is where Debian's wordnet-base puts WordNet 3.0; .ci/run
// installs it.
const wordnetDir = "/usr/share/wordnet"

// The committed tables are what this generator writes from WordNet today:
// a change elsewhere (a new stop word changed which synonym is "the word
// itself") shows here, not as a silent difference the next regeneration
// brings with it.
func TestTablesMatchTheGenerator(t *testing.T) {
	if _, err := os.Stat(filepath.Join(wordnetDir, "index.noun")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("WordNet missing (%v): .ci/run installs wordnet-base", err)
		}
		t.Skipf("WordNet not installed (apt-get install wordnet-base): %v", err)
	}
	tmp := t.TempDir()
	tables := map[string]string{ // flag → committed file
		"o": "wordnet.tsv.gz", "persons": "persons.txt.gz", "demonyms": "demonyms.tsv.gz",
		"derivations": "derivations.tsv.gz", "proper": "proper.txt.gz", "lemmas": "lemmas.tsv.gz",
		"qualities": "qualities.tsv.gz", "names": "names.tsv.gz", "phrases": "phrases.tsv.gz",
		"antonyms": "antonyms.tsv.gz",
	}
	args := []string{"run", ".", "-wordnet", wordnetDir}
	for flag, file := range tables {
		args = append(args, "-"+flag, filepath.Join(tmp, file))
	}
	if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
		t.Fatalf("genwordnet: %v\n%s", err, out)
	}
	for _, file := range tables {
		want, got := gunzip(t, filepath.Join("..", file)), gunzip(t, filepath.Join(tmp, file))
		if !bytes.Equal(want, got) {
			t.Errorf("internal/text/%s differs from what genwordnet writes (%d vs %d bytes): run go generate ./internal/text and measure the change", file, len(want), len(got))
		}
	}
}

func gunzip(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return b
}
