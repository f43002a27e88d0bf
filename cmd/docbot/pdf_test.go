package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPDFAnswerCitesThePage indexes a folder of PDFs: the one with a text
// layer answers with its page in the citation; the scanned one and a
// broken one are reported as skipped with their reasons.
func TestPDFAnswerCitesThePage(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"handbook.pdf", "scanned.pdf"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "corpus", "testdata", "pdf", name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, name), data, 0o644)
		if name == "handbook.pdf" {
			os.WriteFile(filepath.Join(dir, "truncated.pdf"), data[:len(data)/3], 0o644)
		}
	}
	env := map[string]string{"DOCBOT_DB": filepath.Join(t.TempDir(), "x.db"), "DOCBOT_CORPUS": dir}
	r := docbot(t, env, "index")
	if r.code != 0 || !strings.Contains(r.stdout, "1 added") ||
		!strings.Contains(r.stdout, "skipped scanned.pdf: PDF without a text layer") ||
		!strings.Contains(r.stdout, "skipped truncated.pdf: unparseable") {
		t.Fatalf("index: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = docbot(t, env, "ask", "--json", "when is the greenhouse watered?")
	var out struct {
		Answer    string `json:"answer"`
		Found     bool   `json:"found"`
		Citations []struct {
			Title string `json:"title"`
			Quote string `json:"quote"`
		} `json:"citations"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != 0 {
		t.Fatalf("ask: exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if !out.Found || len(out.Citations) == 0 || !strings.Contains(out.Answer, "every morning at seven") {
		t.Fatalf("answer = %+v", out)
	}
	if c := out.Citations[0]; c.Title != "Volunteer Handbook (p. 2)" || !strings.Contains(c.Quote, "seven") {
		t.Errorf("citation = %+v, want the handbook's page 2", c)
	}
}
