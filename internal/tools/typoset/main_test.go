package main

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

const evalDir = "../../../eval"

func TestNoBlindSource(t *testing.T) {
	for _, s := range sources {
		if s != "final" && strings.Contains(s, "final") {
			t.Errorf("source %q is a blind set", s)
		}
	}
}

func TestPerturbIsDeterministic(t *testing.T) {
	words := []string{"coalition", "willing", "investigation", "European", "initiative"}
	run := func() []string {
		r := rand.New(rand.NewPCG(11, 11))
		var out []string
		for range 20 {
			for _, w := range words {
				out = append(out, perturb(r, w))
			}
		}
		return out
	}
	a, b := run(), run()
	if strings.Join(a, " ") != strings.Join(b, " ") {
		t.Fatalf("two runs differ:\n%v\n%v", a, b)
	}
}

// oneEdit reports whether got is w after one slip as perturb defines it,
// at a position away from w's first and last letters.
func oneEdit(w, got string) bool {
	if got == w { // a sub with no neighbour, or a swap of two equal letters
		return true
	}
	for i := 1; i <= len(w)-2; i++ {
		switch got {
		case w[:i] + w[i+1:i+2] + w[i:i+1] + w[i+2:],
			w[:i] + w[i+1:],
			w[:i] + w[i:i+1] + w[i:]:
			return true
		}
		if c, ok := neighbour[w[i]]; ok && got == w[:i]+string(c)+w[i+1:] {
			return true
		}
	}
	return false
}

func TestPerturbIsOneEdit(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, w := range []string{"abc", "coalition", "Ukraine", "committee", "parliament", "sanctions", "ALLIES"} {
		for range 200 {
			if got := perturb(r, w); !oneEdit(w, got) {
				t.Errorf("perturb(%q) = %q: not one edit", w, got)
			}
		}
	}
}

func TestMistypeLeavesStopAndShortWords(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	q := "What does the article about sanctions say, and which piece mentions Ukraine's 2024 budget? There were TWO votes"
	want := strings.Split(q, " ")
	changed := map[string]bool{"sanctions": true, "mentions": true, "votes": true}
	for range 500 {
		got, ok := mistype(r, q)
		if !ok {
			t.Fatal("no candidate found")
		}
		toks := strings.Split(got, " ")
		if len(toks) != len(want) {
			t.Fatalf("%q: token count changed", got)
		}
		n := 0
		for i, w := range want {
			if toks[i] == w {
				continue
			}
			n++
			if !changed[w] {
				t.Errorf("%q changed to %q", w, toks[i])
			}
			if !oneEdit(w, toks[i]) {
				t.Errorf("%q -> %q: not one edit", w, toks[i])
			}
		}
		if n > 2 {
			t.Errorf("%q: %d words changed", got, n)
		}
	}
	if _, ok := mistype(r, "what is the cost of this"); ok {
		t.Error("a question of stop and short words was mistyped")
	}
}

func TestBuildKeepsOtherFields(t *testing.T) {
	dir := t.TempDir()
	src := `{"q": "coalition of the willing", "expect_any": ["Allies consider a “coalition of the willing” <x> & y"], "category": "short", "unanswerable": false, "extra": {"k": [1, 2]}}
{"q": "which articles", "expect_any": [], "category": "short", "unanswerable": true}
{"q": "list every article on sanctions", "expect_any": [], "category": "collection", "unanswerable": false}

{"q": "budget negotiations in parliament", "expect_any": [], "category": "none", "unanswerable": true}
`
	if err := os.WriteFile(filepath.Join(dir, "a-qa.jsonl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	typos, clean, err := build(dir, []string{"a"}, 11)
	if err != nil {
		t.Fatal(err)
	}
	srcLines := strings.Split(src, "\n")
	if want := srcLines[0] + "\n" + srcLines[4] + "\n"; string(clean) != want {
		t.Errorf("clean set:\n%s\nwant:\n%s", clean, want)
	}
	tl, cl := lines(t, typos), lines(t, clean)
	for i := range cl {
		delete(tl[i], "q")
		delete(cl[i], "q")
		a, _ := json.Marshal(tl[i])
		b, _ := json.Marshal(cl[i])
		if !bytes.Equal(a, b) {
			t.Errorf("line %d: %s, want %s", i+1, a, b)
		}
	}
}

func TestBuildEvalSets(t *testing.T) {
	typos, clean, err := build(evalDir, sources, 11)
	if err != nil {
		t.Fatal(err)
	}
	typos2, clean2, err := build(evalDir, sources, 11)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(typos, typos2) || !bytes.Equal(clean, clean2) {
		t.Error("two runs give different bytes")
	}
	tl, cl := lines(t, typos), lines(t, clean)
	if len(tl) != len(cl) || len(tl) == 0 {
		t.Fatalf("%d mistyped lines, %d clean", len(tl), len(cl))
	}
	same := 0
	for i := range tl {
		for _, k := range []string{"expect_any", "category", "unanswerable"} {
			a, _ := json.Marshal(tl[i][k])
			b, _ := json.Marshal(cl[i][k])
			if !bytes.Equal(a, b) {
				t.Errorf("line %d: %s %s, want %s", i+1, k, a, b)
			}
		}
		if tl[i]["category"] == "collection" {
			t.Errorf("line %d: a collection question", i+1)
		}
		if tl[i]["q"] == cl[i]["q"] {
			same++
		}
	}
	if same > len(tl)/10 {
		t.Errorf("%d of %d questions were left as they were", same, len(tl))
	}
}

func TestChatty(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 50 {
		got := chatty(r, "What's your view? What is it About, and are YOU with them because of Ukraine’s aid?")
		core := "whats ur view? whats it abt, and r u w them bc of ukraines aid"
		i := strings.Index(got, core)
		if i < 0 {
			t.Fatalf("chatty = %q, want it to hold %q", got, core)
		}
		if !contains(chatPrefixes, got[:i]) || !contains(chatSuffixes, got[i+len(core):]) {
			t.Errorf("chatty = %q: prefix %q or suffix %q not in the lists", got, got[:i], got[i+len(core):])
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestVariantsKeepOtherFields(t *testing.T) {
	dir := t.TempDir()
	src := `{"q": "Coalition of the willing?", "expect_any": ["Allies consider a “coalition of the willing” <x> & y"], "category": "short", "unanswerable": false, "extra": {"k": [1, 2]}}
{"q": "list every article on sanctions", "expect_any": [], "category": "collection", "unanswerable": false}
{"q": "wot r the vibes on trump", "expect_any": [], "category": "slang", "unanswerable": false}
{"q": "So I read a lot today. Who leads it?", "expect_any": [], "category": "rambling", "unanswerable": false}

{"q": "What is the budget of the parliament?", "expect_any": [], "category": "unanswerable", "unanswerable": true}
`
	if err := os.WriteFile(filepath.Join(dir, "a-qa.jsonl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	clean, story, chat, err := variants(dir, []string{"a"}, 11)
	if err != nil {
		t.Fatal(err)
	}
	srcLines := strings.Split(src, "\n")
	if want := srcLines[0] + "\n" + srcLines[5] + "\n"; string(clean) != want {
		t.Errorf("clean set:\n%s\nwant:\n%s", clean, want)
	}
	checkVariants(t, clean, story, chat)
}

func TestVariantsEvalSets(t *testing.T) {
	clean, story, chat, err := variants(evalDir, sources, 11)
	if err != nil {
		t.Fatal(err)
	}
	clean2, story2, chat2, err := variants(evalDir, sources, 11)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(clean, clean2) || !bytes.Equal(story, story2) || !bytes.Equal(chat, chat2) {
		t.Error("two runs give different bytes")
	}
	cl := checkVariants(t, clean, story, chat)
	unanswerable := 0
	for i, l := range cl {
		if skipVariants[l["category"].(string)] {
			t.Errorf("line %d: a %s question", i+1, l["category"])
		}
		if l["unanswerable"] == true {
			unanswerable++
		}
	}
	if unanswerable == 0 {
		t.Error("no unanswerable question kept")
	}
}

// checkVariants checks that the story and chat sets are the clean set's
// questions, line by line, and returns the clean set's lines.
func checkVariants(t *testing.T, clean, story, chat []byte) []map[string]any {
	t.Helper()
	cl, sl, hl := lines(t, clean), lines(t, story), lines(t, chat)
	if len(cl) == 0 || len(sl) != len(cl) || len(hl) != len(cl) {
		t.Fatalf("%d clean lines, %d story, %d chat", len(cl), len(sl), len(hl))
	}
	for i := range cl {
		q, sq, hq := cl[i]["q"].(string), sl[i]["q"].(string), hl[i]["q"].(string)
		if !strings.HasSuffix(sq, q) || !contains(stories, strings.TrimSuffix(sq, q)) {
			t.Errorf("line %d: story %q is not a story sentence and %q", i+1, sq, q)
		}
		if strings.ContainsAny(hq, "'’") || strings.IndexFunc(hq, unicode.IsUpper) >= 0 {
			t.Errorf("line %d: chat %q has an apostrophe or a capital", i+1, hq)
		}
		for _, l := range []map[string]any{cl[i], sl[i], hl[i]} {
			delete(l, "q")
		}
		a, _ := json.Marshal(cl[i])
		for _, other := range []map[string]any{sl[i], hl[i]} {
			if b, _ := json.Marshal(other); !bytes.Equal(a, b) {
				t.Errorf("line %d: %s, want %s", i+1, b, a)
			}
		}
	}
	return cl
}

func lines(t *testing.T, b []byte) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}
