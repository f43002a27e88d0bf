package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/docbot/docbot/internal/testsupport"
)

// docsSpy is a Documents that records calls and can hold one until told.
type docsSpy struct {
	calls   []string
	release chan struct{} // nil: return at once
	err     error
}

func (d *docsSpy) wait() {
	if d.release != nil {
		<-d.release
	}
}

func (d *docsSpy) AddFile(_ context.Context, name string, data []byte) (ReloadResult, error) {
	d.wait()
	d.calls = append(d.calls, "file "+name+" "+string(data))
	return ReloadResult{Added: 1, Documents: 6, Passages: 40, AddedIDs: []string{"uploads/" + name}}, d.err
}

func (d *docsSpy) AddURL(_ context.Context, u string) (ReloadResult, error) {
	d.wait()
	d.calls = append(d.calls, "url "+u)
	return ReloadResult{Skipped: 1, Skips: []string{"web/x.html: only links (a table of contents or a menu)"}}, d.err
}

func (d *docsSpy) Remove(_ context.Context, name string) (ReloadResult, error) {
	d.wait()
	d.calls = append(d.calls, "remove "+name)
	return ReloadResult{Removed: 1, RemovedIDs: []string{"uploads/guide"}}, d.err
}

// docsSub is /docs SUB with options, as Discord sends a subcommand.
func docsSub(sub string, opts map[string]any) *discordgo.InteractionCreate {
	ic := command("docs", "5000", "4002", nil)
	var os []*discordgo.ApplicationCommandInteractionDataOption
	for k, v := range opts {
		os = append(os, &discordgo.ApplicationCommandInteractionDataOption{Name: k, Value: v, Type: discordgo.ApplicationCommandOptionString})
	}
	data := ic.Data.(discordgo.ApplicationCommandInteractionData)
	data.Options = []*discordgo.ApplicationCommandInteractionDataOption{{Name: sub, Type: discordgo.ApplicationCommandOptionSubCommand, Options: os}}
	ic.Data = data
	return ic
}

// /docs list (and a bare /docs, as before subcommands) lists the articles;
// a document change is refused where the database is read-only and while
// a reload runs; the reply is the sync's report with names and reasons;
// a Refusal's text is shown as it is, another error is not.
func TestDocsSubcommands(t *testing.T) {
	db := testsupport.SeedDB(t)
	deps := storeDeps(db)
	b, rec, _ := testBot(t, Config{}, deps)
	for _, ic := range []*discordgo.InteractionCreate{command("docs", "5000", "4001", nil), docsSub("list", nil)} {
		if r := do(t, b, rec, ic); !strings.Contains(r.text, "I know 5 articles") {
			t.Errorf("/docs list: %q", r.text)
		}
	}
	if r := do(t, b, rec, asModerator(docsSub("remove", map[string]any{"name": "guide.md"}))); r.text != msgDocsOff {
		t.Errorf("/docs remove without Documents: %q, want %q", r.text, msgDocsOff)
	}

	spy := &docsSpy{}
	deps.Documents = spy
	b, rec, _ = testBot(t, Config{}, deps)
	r := do(t, b, rec, asModerator(docsSub("add", map[string]any{"url": "https://example.com/docs/"})))
	if !strings.Contains(r.text, "1 skipped") || !strings.Contains(r.text, "Skipped: web/x.html: only links (a table of contents or a menu)") {
		t.Errorf("/docs add url reply: %+v", r)
	}
	r = do(t, b, rec, asModerator(docsSub("remove", map[string]any{"name": "guide.md"})))
	if !strings.Contains(r.text, "1 removed") || !strings.Contains(r.text, "Removed: uploads/guide") {
		t.Errorf("/docs remove reply: %q", r.text)
	}

	spy.err = &Refusal{Reason: "No document added from Discord is called “x”."}
	if r := do(t, b, rec, asModerator(docsSub("remove", map[string]any{"name": "x"}))); r.text != spy.err.Error() {
		t.Errorf("a refusal is shown as it is: %q", r.text)
	}
	spy.err = context.DeadlineExceeded
	if r := do(t, b, rec, asModerator(docsSub("remove", map[string]any{"name": "x"}))); strings.Contains(r.text, "deadline") || !strings.Contains(r.text, "previous articles") {
		t.Errorf("an internal error reaches the moderator as: %q", r.text)
	}

	// While a document change runs, /reload and another change are refused.
	spy.err, spy.release = nil, make(chan struct{})
	ic := asModerator(docsSub("remove", map[string]any{"name": "guide.md"}))
	ic.ID = "held"
	b.onInteraction(nil, ic)
	reload := asModerator(command("reload", "5000", "4002", nil))
	reload.ID = "reload-during"
	b.onInteraction(nil, reload) // refused at once: no job to wait for
	busy := false
	for _, c := range rec.Calls() {
		busy = busy || c.where == "reload-during" && c.text == msgReloadBusy
	}
	close(spy.release)
	if !busy {
		t.Errorf("/reload during /docs remove was not refused as busy: %+v", rec.Calls())
	}
	b.jobs.Wait()
	if n := len(spy.calls); n != 5 {
		t.Errorf("%d document changes made, want 5: %v", n, spy.calls)
	}
}
