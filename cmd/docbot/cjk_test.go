package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestChineseQuestionFindsChinesePassage: Chinese pages, a Chinese
// question, the right passage found and quoted, without a note that the
// answer is in English.
func TestChineseQuestionFindsChinesePassage(t *testing.T) {
	dir := t.TempDir()
	pages := map[string]string{
		"garden.md": "# 社区花园志愿者手册\n\n## 浇水时间\n\n温室每天早上七点由值班志愿者浇水。七月和八月的傍晚还要再给花坛浇一次水，因为下午天气炎热，土壤干得很快。\n\n" +
			"## 工具棚\n\n工具棚用密码锁锁着，密码在每个月的第一个星期一更换，并公布在成员频道里。请把铁锹和锄头清洗干净后归还，损坏的工具请报告给协调员。\n",
		"library.md": "# 图书馆借阅规则\n\n## 借阅期限\n\n每位读者最多可以借五本书，借阅期限为三周。逾期归还的图书每天罚款一元。续借可以在网上办理，但每本书只能续借一次。\n\n" +
			"## 开放时间\n\n图书馆周一至周五上午九点开放，晚上八点关闭；周末只在下午开放。\n",
		"tokyo.md": "# 東京オフィスの案内\n\n## 会議室\n\n会議室の予約は前日までに社内システムで行ってください。大きな会議室は二十人まで使えます。\n",
	}
	for name, body := range pages {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{"DOCBOT_DB": filepath.Join(t.TempDir(), "x.db"), "DOCBOT_CORPUS": dir}
	for question, want := range map[string]struct{ title, quote string }{
		"工具棚的密码什么时候更换？":  {"社区花园志愿者手册", "密码在每个月的第一个星期一更换"},
		"每位读者最多可以借几本书？":  {"图书馆借阅规则", "每位读者最多可以借五本书"},
		"会議室の予約はいつまでですか": {"東京オフィスの案内", "前日までに"},
	} {
		r := docbot(t, env, "ask", "--json", question)
		var out struct {
			Answer    string `json:"answer"`
			Found     bool   `json:"found"`
			Citations []struct {
				Title string `json:"title"`
				Quote string `json:"quote"`
			} `json:"citations"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != 0 {
			t.Fatalf("%s: exit %d, %v\n%s%s", question, r.code, err, r.stdout, r.stderr)
		}
		if !out.Found || len(out.Citations) == 0 || out.Citations[0].Title != want.title ||
			!strings.Contains(out.Citations[0].Quote, want.quote) || !strings.Contains(out.Answer, want.quote) {
			t.Errorf("%s: answer %+v, want %q quoted from %q", question, out, want.quote, want.title)
		}
		if strings.Contains(r.stderr, "in their language (English)") {
			t.Errorf("%s: a note says the answer is in English: %s", question, r.stderr)
		}
	}
	r := docbot(t, env, "ask", "火车站在哪里？") // where is the train station
	if !strings.Contains(r.stdout, "don't answer") {
		t.Errorf("a question the pages do not answer: %s", r.stdout)
	}
}
