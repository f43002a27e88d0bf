package retrieval_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
)

// englishOnly is a model that translates every question into English and
// records what it was asked.
type englishOnly struct {
	mu    sync.Mutex
	calls []string
}

func (m *englishOnly) Complete(_ context.Context, msgs []retrieval.Message, _ func(string)) (retrieval.Completion, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls = append(m.calls, msgs[len(msgs)-1].Content)
	return retrieval.Completion{Text: "when is the greenhouse watered"}, nil
}

func (m *englishOnly) Model() string { return "fake" }

// A Chinese question over Chinese articles is searched as asked, even with
// a model that would translate it into English for English articles.
func TestChineseQuestionOverChineseArticlesIsNotTranslated(t *testing.T) {
	db := testsupport.OpenDB(t)
	corpus := fstest.MapFS{
		"garden.md":  {Data: []byte("# 社区花园志愿者手册\n\n## 浇水时间\n\n温室每天早上七点由值班志愿者浇水。七月和八月的傍晚还要再给花坛浇一次水，因为下午天气炎热，土壤干得很快。\n")},
		"library.md": {Data: []byte("# 图书馆借阅规则\n\n每位读者最多可以借五本书，借阅期限为三周。逾期归还的图书每天罚款一元。\n")},
	}
	if _, err := db.Sync(t.Context(), corpus, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	model := &englishOnly{}
	svc := retrieval.NewService(db, nil, nil, retrieval.WithRewriter(model))
	a, err := svc.Ask(t.Context(), retrieval.Question{Text: "温室什么时候浇水？"})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || len(a.Citations) == 0 || a.Citations[0].DocID != "garden" || !strings.Contains(a.Text, "早上七点") {
		t.Errorf("answer %+v", a)
	}
	for _, c := range model.calls {
		if strings.Contains(c, "温室") {
			t.Errorf("the question was sent to be translated: %q", c)
		}
	}
}

// A Korean question finds its Korean page and is answered offline from it,
// though its words carry other particles than the page's ("도서관에서",
// "대출 기간이" against "도서관은", "대출 기간은").
func TestKoreanQuestionOverKoreanPages(t *testing.T) {
	db := testsupport.OpenDB(t)
	corpus := fstest.MapFS{
		"library.md": {Data: []byte("# 도서관 이용 안내\n\n도서관은 평일 아침 아홉 시에 문을 엽니다. 회원은 한 번에 다섯 권까지 책을 빌릴 수 있고, 대출 기간은 삼 주입니다.\n")},
		"garden.md":  {Data: []byte("# 정원 관리\n\n온실에는 매일 아침 일곱 시에 물을 줍니다. 여름에는 저녁에도 화단에 물을 한 번 더 줍니다.\n")},
		"english.md": {Data: []byte("# Garden rules\n\nThe greenhouse is watered every morning at seven by the volunteer on duty.\n")},
	}
	if _, err := db.Sync(t.Context(), corpus, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	svc := retrieval.NewService(db, nil, nil)
	for q, want := range map[string]string{
		"도서관에서 책을 몇 권 빌릴 수 있나요?": "다섯 권까지",
		"대출 기간이 얼마나 돼요?":         "삼 주",
	} {
		a, err := svc.Ask(t.Context(), retrieval.Question{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if !a.Found || len(a.Citations) == 0 || a.Citations[0].DocID != "library" || !strings.Contains(a.Text, want) {
			t.Errorf("%s: answer %+v", q, a)
		}
	}
}
