package eval

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
)

// TestTune is the harness the re-ranking score was tuned with
// (docs/BENCHMARKS.md): each BEIR set is indexed once, then every
// parameter set of DOCBOT_TUNE (";"-separated, each a list of key=value
// over DefaultRank: k1, b, sqrt, t, h, bd, syn, idf, coord, art; a key
// prefixed "a." sets DefaultArgumentRank's instead) runs its queries:
//
//	DOCBOT_TUNE="k1=0;k1=1.2;k1=1.2,sqrt=1" DOCBOT_TUNE_SETS=../shared/bench/scifact:train,../shared/bench/arguana \
//	    go test -tags sqlite_fts5 -run TestTune -v -timeout 60m ./internal/eval
//
// It fails only when a set cannot be read or a query fails.
func TestTune(t *testing.T) {
	spec := os.Getenv("DOCBOT_TUNE")
	if spec == "" {
		t.Skip("set DOCBOT_TUNE and DOCBOT_TUNE_SETS to tune the re-ranking score")
	}
	type pair struct{ p, a retrieval.RankParams }
	var params []pair
	for _, one := range strings.Split(spec, ";") {
		pr := pair{retrieval.DefaultRank, retrieval.DefaultArgumentRank}
		for _, kv := range strings.Split(one, ",") {
			k, v, _ := strings.Cut(kv, "=")
			f, _ := strconv.ParseFloat(v, 64)
			p := &pr.p
			if rest, ok := strings.CutPrefix(k, "a."); ok { // the pasted-text score
				p, k = &pr.a, rest
			}
			switch k {
			case "k1":
				p.K1 = f
			case "b":
				p.B = f
			case "sqrt":
				p.SqrtTF = f != 0
			case "t":
				p.Title = f
			case "h":
				p.Heading = f
			case "bd":
				p.Body = f
			case "idf":
				p.IDFPower = f
			case "coord":
				p.Coord = f
			case "syn":
				p.Synonym = f
			case "art":
				p.Articles = f != 0
			}
		}
		params = append(params, pr)
	}
	for _, set := range strings.Split(os.Getenv("DOCBOT_TUNE_SETS"), ",") {
		dir, split, _ := strings.Cut(set, ":")
		if split == "" {
			split = "test"
		}
		b, err := LoadBEIR(dir, split)
		if err != nil {
			t.Fatal(err)
		}
		db := testsupport.IndexedDB(t, b.FS())
		for _, p := range params {
			res, err := Run(context.Background(), b, retrieval.NewService(db, nil, nil, retrieval.WithRanking(p.p), retrieval.WithArgumentRanking(p.a)))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s %+v, pasted text %+v: nDCG@10 %.4f, Recall@100 %.4f, p50 %.1f ms", set, p.p, p.a, res.NDCG10, res.Recall100, res.P50ms)
		}
	}
}
