package store_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/internal/text"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
)

var cjkCorpus = fstest.MapFS{
	"garden.md":  {Data: []byte("# 社区花园志愿者手册\n\n## 浇水时间\n\n温室每天早上七点由值班志愿者浇水。七月和八月的傍晚还要再给花坛浇一次水，因为下午天气炎热，土壤干得很快。\n")},
	"library.md": {Data: []byte("# 图书馆借阅规则\n\n## 借阅期限\n\n每位读者最多可以借五本书，借阅期限为三周。逾期归还的图书每天罚款一元。\n")},
	"tokyo.md":   {Data: []byte("# 東京オフィスの案内\n\n会議室の予約は前日までに社内システムで行ってください。大きな会議室は二十人まで使えます。\n")},
	"seoul.md":   {Data: []byte("# 도서관 이용 안내\n\n도서관은 평일 아침 아홉 시에 문을 엽니다. 회원은 한 번에 다섯 권까지 책을 빌릴 수 있고, 대출 기간은 삼 주입니다.\n")},
	"english.md": {Data: []byte("# Garden rules\n\nThe greenhouse is watered every morning at seven by the volunteer on duty.\n")},
}

// Chinese, Japanese and Korean passages are indexed character by character
// (a Korean syllable at a time), as
// internal/text tokenizes them, and a question in those languages finds
// its passage; the full-text index stays consistent through deletions.
func TestCJKIsSearchable(t *testing.T) {
	ctx := context.Background()
	db := testsupport.OpenDB(t)
	if _, err := db.Sync(ctx, cjkCorpus, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	var terms []string
	for _, f := range cjkCorpus {
		terms = append(terms, text.Terms(string(f.Data))...)
	}
	ts, err := db.TermStats(ctx, terms)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range terms {
		if ts.DF[st] == 0 {
			t.Errorf("Go term %q is not an FTS5 term", st)
		}
	}
	for question, want := range map[string]string{
		"温室什么时候浇水？":                       "garden#0",
		"每位读者最多可以借几本书？":                   "library#0",
		"会議室の予約はいつまでですか":                  "tokyo#0",
		"도서관에서 책을 몇 권 빌릴 수 있나요?":          "seoul#0", // "도서관에서" is the "도서관은" of the page
		"when is the greenhouse watered?": "english#0",
	} {
		q, err := retrieval.BuildQuery(question)
		if err != nil {
			t.Fatalf("%s: %v", question, err)
		}
		hits, err := db.Search(ctx, q.Match, retrieval.Filter{}, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || hits[0].ID != want {
			t.Errorf("%s: hits %v, want %s first", question, hits, want)
		}
	}
	if err := db.Check(ctx); err != nil {
		t.Fatalf("after indexing: %v", err)
	}
	less := fstest.MapFS{}
	for k, v := range cjkCorpus {
		if k != "garden.md" {
			less[k] = v
		}
	}
	if _, err := db.Sync(ctx, less, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := db.Check(ctx); err != nil {
		t.Fatalf("after a deletion: %v", err)
	}
	hits, err := db.Search(ctx, `"温" OR "室"`, retrieval.Filter{}, 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if strings.HasPrefix(h.ID, "garden") {
			t.Errorf("deleted passage still found: %s", h.ID)
		}
	}
}
