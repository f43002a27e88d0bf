package bot

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/docbot/docbot/corpus"
	"github.com/docbot/docbot/internal/clock"
	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
)

// Handler tests that need the store (budgets, the journal, /gaps, the
// seed corpus) but not the wire: the recorder stands in for Discord and
// the clock is fake.

// storeDeps answers from db as serve does without a model: db is the
// library, the journal and the conversations.
func storeDeps(db *store.DB) Deps {
	return Deps{Asker: retrieval.NewService(db, nil, nil), Summarizer: retrieval.NewSummarizer(db, nil, 3000, 5*time.Second, nil),
		Library: db, Journal: db, Conversations: db}
}

var ids struct {
	mu sync.Mutex
	n  int
}

// do sends ic (given a fresh id) and returns the last call to it once the
// bot's jobs are done.
func do(t *testing.T, b *Bot, rec *recorder, ic *discordgo.InteractionCreate) call {
	t.Helper()
	ids.mu.Lock()
	ids.n++
	ic.ID = fmt.Sprintf("i%d", ids.n)
	ids.mu.Unlock()
	b.onInteraction(nil, ic)
	return final(t, b, rec, ic.ID)
}

// askIn asks question in guild as userID, publicly or privately.
func askIn(guild, userID, question string, private bool) *discordgo.InteractionCreate {
	opts := map[string]any{"question": question}
	if private {
		opts["private"] = true
	}
	return command("ask", guild, userID, opts)
}

// asModerator gives ic's member the Manage Server permission.
func asModerator(ic *discordgo.InteractionCreate) *discordgo.InteractionCreate {
	ic.Member.Permissions = discordgo.PermissionManageGuild
	return ic
}

func isEphemeral(c call) bool {
	return c.op == "respond" && c.typ == discordgo.InteractionResponseChannelMessageWithSource && c.flags&discordgo.MessageFlagsEphemeral != 0
}

// /gaps shows a guild's moderators only what was asked in public in their
// guild: not other guilds' questions, not DMs, not private answers.
func TestGapsAreScopedToTheGuild(t *testing.T) {
	b, rec, _ := testBot(t, Config{}, storeDeps(testsupport.SeedDB(t)))
	do(t, b, rec, askIn("5000", "4101", "How do I bake sourdough bread?", false))
	do(t, b, rec, askIn("5000", "4102", "How do I knit a woolen scarf?", true))
	do(t, b, rec, askIn("6000", "4103", "How do I tune a banjo?", false))
	b.onMessage(nil, &discordgo.MessageCreate{Message: &discordgo.Message{ID: "m1", ChannelID: "7000",
		Content: "How do I grow tomatoes on a balcony?", Author: &discordgo.User{ID: "4104"}}})
	if dm := final(t, b, rec, "7000"); !strings.Contains(dm.text, "articles don't") {
		t.Errorf("the DM answer = %+v", dm)
	}

	got := do(t, b, rec, asModerator(command("gaps", "5000", "4002", nil)))
	if !isEphemeral(got) || !strings.Contains(got.text, "sourdough") {
		t.Errorf("/gaps misses the guild's own unanswered question: %+v", got)
	}
	for _, leak := range []string{"scarf", "banjo", "tomatoes"} {
		if strings.Contains(got.text, leak) {
			t.Errorf("/gaps in guild 5000 shows %q, asked privately, in another guild or in a DM: %q", leak, got.text)
		}
	}
	if got := do(t, b, rec, asModerator(command("gaps", "6000", "4105", nil))); !strings.Contains(got.text, "banjo") || strings.Contains(got.text, "sourdough") {
		t.Errorf("/gaps in guild 6000 = %q, want only the banjo question", got.text)
	}
}

// journalSpy records what the bot asks the journal to store.
type journalSpy struct {
	*store.DB
	mu   sync.Mutex
	logs []retrieval.QuestionLog
	hold chan struct{} // if set, RecordQuestion waits until it is closed (a database held by a reload)
}

func (j *journalSpy) RecordQuestion(ctx context.Context, q retrieval.QuestionLog) (string, error) {
	if j.hold != nil {
		<-j.hold
	}
	j.mu.Lock()
	j.logs = append(j.logs, q)
	j.mu.Unlock()
	return j.DB.RecordQuestion(ctx, q)
}

func (j *journalSpy) recorded() []retrieval.QuestionLog {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]retrieval.QuestionLog(nil), j.logs...)
}

// spyBot is a store-backed bot whose journal is spied on.
func spyBot(t *testing.T, cfg Config) (*Bot, *recorder, *clock.Fake, *journalSpy) {
	db := testsupport.SeedDB(t)
	spy := &journalSpy{DB: db}
	deps := storeDeps(db)
	deps.Journal = spy
	b, rec, fc := testBot(t, cfg, deps)
	return b, rec, fc, spy
}

// The cooldown comes before the length check, and a question refused for
// its length is stored cut to the limit, not whole.
func TestOverlongQuestionsAreThrottledAndStoredShort(t *testing.T) {
	b, rec, _, spy := spyBot(t, Config{Cooldown: time.Hour, MaxQuestion: 100})
	huge := strings.Repeat("why ", 26_250) // 105,000 characters
	if r := do(t, b, rec, askIn("5000", "4301", huge, false)); !isEphemeral(r) || !strings.Contains(r.text, "limit is 100") {
		t.Errorf("first over-long question: %+v", r)
	}
	if r := do(t, b, rec, askIn("5000", "4301", huge, false)); !strings.Contains(r.text, "wait") {
		t.Errorf("second over-long question within the cooldown: %q, want the cooldown", r.text)
	}
	if n := len(spy.recorded()); n != 2 {
		t.Fatalf("%d refusals recorded, want 2", n)
	}
	for _, q := range spy.recorded() {
		if n := len([]rune(q.Question)); n > 100 {
			t.Errorf("refused question stored with %d characters, want at most the 100-character limit", n)
		}
	}
}

// A refusal reaches the asker before the question is logged: a journal
// write waiting for the database (a reload holding it, or a burst of
// other refusals) does not delay the reply.
func TestRefusalIsSentBeforeItIsLogged(t *testing.T) {
	b, rec, _, spy := spyBot(t, Config{MaxQuestion: 10})
	spy.hold = make(chan struct{})
	ic := askIn("5000", "4401", "a question longer than ten characters", false)
	ic.ID = "refused-before-logged"
	handled := make(chan struct{})
	go func() { // owned by this test: ends once the journal is released
		defer close(handled)
		b.onInteraction(nil, ic)
	}()
	want := "That question is 37 characters; the limit is 10. Please shorten it."
	for deadline := time.Now().Add(5 * time.Second); !rec.sent(want); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			close(spy.hold)
			t.Fatalf("no refusal while the journal was busy; calls: %+v", rec.Calls())
		}
	}
	close(spy.hold)
	<-handled
	if got := spy.recorded(); len(got) != 1 || got[0].Outcome != retrieval.OutcomeRefused {
		t.Errorf("recorded %+v, want the refused question once", got)
	}
}

// Small things users see: a punctuation-only question is theirs to fix,
// not an error; the not-found reply names /docs as a command; /summary of
// an unknown article answers only the asker.
func TestRepliesUsersSee(t *testing.T) {
	b, rec, _, spy := spyBot(t, Config{})
	if r := do(t, b, rec, askIn("5000", "4001", "?!…", false)); r.text == "" {
		t.Errorf("punctuation-only question: %+v", r)
	}
	if got := spy.recorded(); len(got) != 1 || got[0].Outcome != retrieval.OutcomeRefused {
		t.Errorf("punctuation-only question recorded as %+v, want one %q", got, retrieval.OutcomeRefused)
	}
	m := do(t, b, rec, askIn("5000", "4001", "zzqx wvvk plorb?", false))
	if m.op != "edit" || strings.Contains(m.text, "`") || strings.Contains(m.text, "\\`") || !strings.Contains(m.text, "/docs") {
		t.Errorf("not-found reply = %+v, want it to name /docs without backticks", m)
	}
	r := do(t, b, rec, command("summary", "5000", "4001", map[string]any{"document": "no-such-doc"}))
	if !isEphemeral(r) || !strings.Contains(r.text, "don't know that article") {
		t.Errorf("/summary of an unknown article: %+v, want an ephemeral reply", r)
	}
}

// The daily budget is kept in the store: a bot started again on the same
// database still refuses a user who spent it.
func TestDailyBudgetSurvivesRestart(t *testing.T) {
	db := testsupport.SeedDB(t)
	b, rec, _ := testBot(t, Config{DailyBudget: 1}, storeDeps(db))
	if r := do(t, b, rec, askIn("5000", "4001", "what did Trump offer on ground troops?", false)); r.op != "edit" || r.embeds == 0 {
		t.Fatalf("first question: %+v", r)
	}
	b.stopJobs()
	b, rec, _ = testBot(t, Config{DailyBudget: 1}, storeDeps(db))
	if r := do(t, b, rec, askIn("5000", "4001", "what did Trump offer on ground troops?", false)); !isEphemeral(r) || !strings.Contains(r.text, "daily limit") {
		t.Errorf("over budget after a restart: %+v", r)
	}
}

// autocomplete is a focused partial value of /summary's document option.
func autocomplete(partial string) *discordgo.InteractionCreate {
	ic := command("summary", "5000", "4001", nil)
	ic.Type = discordgo.InteractionApplicationCommandAutocomplete
	ic.Data = discordgo.ApplicationCommandInteractionData{Name: "summary", Options: []*discordgo.ApplicationCommandInteractionDataOption{
		{Name: "document", Type: discordgo.ApplicationCommandOptionString, Value: partial, Focused: true}}}
	return ic
}

func TestSearchDocsSummaryHelp(t *testing.T) {
	b, rec, _ := testBot(t, Config{}, storeDeps(testsupport.SeedDB(t)))
	ic := command("search", "5000", "4001", map[string]any{"query": "ground troops"})
	got := do(t, b, rec, ic)
	var ack call
	for _, c := range rec.Calls() {
		if c.where == ic.ID {
			ack = c
			break
		}
	}
	if ack.typ != discordgo.InteractionResponseDeferredChannelMessageWithSource || ack.flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("/search is not deferred for the asker only: %+v", ack)
	}
	if got.op != "edit" || got.embeds == 0 || !strings.Contains(got.fields, "score") {
		t.Errorf("/search = %+v", got)
	}
	if r := do(t, b, rec, command("docs", "5000", "4001", nil)); !isEphemeral(r) || !strings.Contains(r.text, "I know 5 articles") || !strings.Contains(r.text, "passages") {
		t.Errorf("/docs = %+v", r)
	}
	if r := do(t, b, rec, command("help", "5000", "4001", nil)); !isEphemeral(r) || !strings.Contains(r.text, "/ask") {
		t.Errorf("/help = %+v", r)
	}
	if r := do(t, b, rec, autocomplete("paris")); r.typ != discordgo.InteractionApplicationCommandAutocompleteResult || len(r.values) != 0 && r.values[0] == "" {
		t.Errorf("autocomplete = %+v", r)
	}
	r := do(t, b, rec, autocomplete("security"))
	if r.typ != discordgo.InteractionApplicationCommandAutocompleteResult || len(r.values) == 0 || len(r.values) > 25 {
		t.Fatalf("autocomplete = %+v", r)
	}
	if m := do(t, b, rec, command("summary", "5000", "4001", map[string]any{"document": r.values[0]})); m.op != "edit" || !strings.Contains(m.text, "extractive summary") {
		t.Errorf("/summary = %+v", m)
	}
	if r := do(t, b, rec, command("summary", "5000", "4001", map[string]any{"document": "no-such-doc"})); !isEphemeral(r) || !strings.Contains(r.text, "don't know that article") {
		t.Errorf("unknown doc = %+v", r)
	}
}

// button is a click on customID in channel.
func button(guild, channel, userID, customID string) *discordgo.InteractionCreate {
	return &discordgo.InteractionCreate{Interaction: &discordgo.Interaction{Type: discordgo.InteractionMessageComponent,
		GuildID: guild, ChannelID: channel, Member: &discordgo.Member{User: &discordgo.User{ID: userID}},
		Data: discordgo.MessageComponentInteractionData{CustomID: customID, ComponentType: discordgo.ButtonComponent}}}
}

// buttonID is the answer's button whose custom id starts with prefix.
func buttonID(t *testing.T, answer call, prefix string) string {
	t.Helper()
	for _, id := range answer.custom {
		if strings.HasPrefix(id, prefix) {
			return id
		}
	}
	t.Fatalf("no %s button in %+v", prefix, answer)
	return ""
}

func TestFeedbackIsStoredAndShowsInGaps(t *testing.T) {
	db := testsupport.SeedDB(t)
	b, rec, fc := testBot(t, Config{}, storeDeps(db))
	troops := "what did Trump offer on ground troops?"
	m := do(t, b, rec, askIn("5000", "4001", troops, false))
	down := buttonID(t, m, "fb:down:")
	if !regexp.MustCompile(`^fb:down:[0-9a-f]{32}$`).MatchString(down) {
		t.Errorf("feedback button %q", down)
	}
	up := strings.Replace(down, "down", "up", 1)
	if r := do(t, b, rec, button("5000", "c1", "4001", up)); !isEphemeral(r) || !strings.Contains(r.text, "Thanks") {
		t.Errorf("feedback reply = %+v", r)
	}
	do(t, b, rec, button("5000", "c1", "4001", down)) // a second click replaces the first
	gaps, err := db.Gaps(context.Background(), "5000", fc.Now().Add(-time.Hour), 10)
	if err != nil || len(gaps) != 1 || gaps[0].Disliked != 1 || gaps[0].Question != troops {
		t.Errorf("gaps = %+v, %v", gaps, err)
	}
	// a not-found question shows too, and /gaps lists both for a moderator
	do(t, b, rec, askIn("5000", "4001", "How do I bake sourdough bread?", false))
	if r := do(t, b, rec, asModerator(command("gaps", "5000", "4002", nil))); !strings.Contains(r.text, "sourdough") || !strings.Contains(r.text, "👎 ×1") {
		t.Errorf("/gaps = %q", r.text)
	}
	// Show passages
	if r := do(t, b, rec, button("5000", "c1", "4001", buttonID(t, m, "psg:"))); !isEphemeral(r) || r.embeds == 0 || r.fields == "" {
		t.Errorf("show passages = %+v", r)
	}
}

// Feedback counts only from people who could see the answer, once each.
func TestFeedbackCannotBeForged(t *testing.T) {
	db := testsupport.SeedDB(t)
	b, rec, fc := testBot(t, Config{}, storeDeps(db))
	troops := "what did Trump offer on ground troops?"
	vote := func(guild, channel, userID, customID string) bool {
		return strings.Contains(do(t, b, rec, button(guild, channel, userID, customID)).text, "Thanks")
	}
	down := buttonID(t, do(t, b, rec, askIn("5000", "4201", troops, false)), "fb:down:")
	if len(down) < len("fb:down:")+32 {
		t.Errorf("question id %q is short enough to guess", down)
	}
	const stranger = "4202"
	for _, forged := range []string{"fb:down:1", "fb:down:2", "fb:up:1"} {
		if vote("5000", "c1", stranger, forged) {
			t.Errorf("a guessed id %s was accepted", forged)
		}
	}
	if vote("6000", "c1", stranger, down) {
		t.Error("a vote from another guild was accepted")
	}
	if vote("5000", "c9", stranger, down) {
		t.Error("a vote from another channel was accepted")
	}
	if !vote("5000", "c1", stranger, down) {
		t.Error("a vote from the channel the answer is in was refused")
	}

	// A private answer: only its asker saw it.
	private := buttonID(t, do(t, b, rec, askIn("5000", "4203", troops, true)), "fb:down:")
	if vote("5000", "c1", stranger, private) {
		t.Error("a vote on someone else's private answer was accepted")
	}
	if !vote("5000", "c1", "4203", private) {
		t.Error("the asker's vote on their private answer was refused")
	}

	// One person's 👎 counts once, however many copies of the question
	// they vote on; the private vote is not listed.
	for range 3 {
		vote("5000", "c1", stranger, buttonID(t, do(t, b, rec, askIn("5000", stranger, troops, false)), "fb:down:"))
	}
	gaps, err := db.Gaps(context.Background(), "5000", fc.Now().Add(-time.Hour), 10)
	if err != nil || len(gaps) != 1 || gaps[0].Disliked != 1 {
		t.Errorf("gaps = %+v, %v; want the question once with 👎 ×1 (one person)", gaps, err)
	}
}

func TestLLMDownStillAnswersExtractively(t *testing.T) {
	db := testsupport.SeedDB(t)
	llm := testsupport.NewFakeLLM(t)
	llm.Script(testsupport.Reply{Status: 500})
	deps := storeDeps(db)
	deps.Asker = retrieval.NewService(db, retrieval.NewLLMAnswerer(
		retrieval.NewOpenAI(retrieval.LLMOptions{BaseURL: llm.URL, Model: "fake-model", MaxRetries: 1}), 3000, 5*time.Second, nil), nil)
	b, rec, _ := testBot(t, Config{}, deps)
	m := do(t, b, rec, askIn("5000", "4001", "what did Trump offer on ground troops?", false))
	if !strings.Contains(m.text, "ground troops [1]") || !strings.Contains(m.text, "could not answer") || m.embeds == 0 {
		t.Errorf("answer = %+v", m)
	}
	if !strings.HasPrefix(m.footer, "extractive") {
		t.Errorf("footer = %q, want the extractive mode", m.footer)
	}
}

// reloadDeps answers from a copy of the seed corpus in a folder, which
// /reload reads again; it returns the folder.
func reloadDeps(t *testing.T) (Deps, string) {
	t.Helper()
	dir := t.TempDir()
	files, _, err := corpus.Scan(corpus.Default(), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Path), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := testsupport.SeedDB(t)
	deps := storeDeps(db)
	deps.Reload = func(ctx context.Context) (ReloadResult, error) {
		r, err := os.OpenRoot(dir)
		if err != nil {
			return ReloadResult{}, err
		}
		defer r.Close()
		rep, err := db.Sync(ctx, r.FS(), store.SyncOptions{})
		if err != nil {
			return ReloadResult{}, err
		}
		return ReloadResult{Added: len(rep.Added), Changed: len(rep.Changed), Removed: len(rep.Removed), Documents: rep.Documents, Passages: rep.Passages}, nil
	}
	return deps, dir
}

func TestFailedReloadKeepsTheOldIndex(t *testing.T) {
	for name, breakCorpus := range map[string]func(dir string){
		"folder emptied": func(dir string) {
			entries, _ := os.ReadDir(dir)
			for _, en := range entries {
				os.Remove(filepath.Join(dir, en.Name()))
			}
		},
		"folder deleted": func(dir string) { os.RemoveAll(dir) },
	} {
		t.Run(name, func(t *testing.T) {
			deps, dir := reloadDeps(t)
			b, rec, _ := testBot(t, Config{}, deps)
			breakCorpus(dir)
			m := do(t, b, rec, asModerator(command("reload", "5000", "4002", nil)))
			if !strings.Contains(m.text, "Reload failed") || !strings.Contains(m.text, "still answering") {
				t.Errorf("failed reload reply = %+v", m)
			}
			if a := do(t, b, rec, askIn("5000", "4001", "what did Trump offer on ground troops?", false)); !strings.Contains(a.text, "ground troops [1]") {
				t.Errorf("after a failed reload: %+v", a)
			}
		})
	}
}

func TestRepeatedQuestionIsAnsweredFromCacheSaidInTheFooterOnly(t *testing.T) {
	db := testsupport.SeedDB(t)
	llm := testsupport.NewFakeLLM(t)
	llm.Respond(func(r testsupport.ChatRequest) testsupport.Reply {
		return testsupport.Reply{Text: testsupport.Write(testsupport.Brackets, r.Prompt(),
			testsupport.Claim{Text: "Trump said he would help with air support but not ground troops.", Cite: []string{"President Trump said"}})}
	})
	deps := storeDeps(db)
	answerer := retrieval.NewLLMAnswerer(retrieval.NewOpenAI(retrieval.LLMOptions{BaseURL: llm.URL, Model: "fake-model", MaxRetries: 1}), 3000, 5*time.Second, nil)
	deps.Asker = retrieval.NewCachedAsker(retrieval.NewService(db, answerer, nil), db, "fake-model", nil)
	b, rec, _ := testBot(t, Config{}, deps)
	first := do(t, b, rec, askIn("5000", "4001", "what did Trump offer on ground troops?", false))
	again := do(t, b, rec, askIn("5000", "4009", "What did Trump offer on ground troops", false))
	if first.op != "edit" || first.embeds == 0 || again.embeds == 0 {
		t.Fatalf("answers %+v, %+v", first, again)
	}
	if n := len(llm.Requests()); n != 1 {
		t.Errorf("%d model calls, want 1", n)
	}
	if again.text != first.text || strings.Contains(again.text, "cache") {
		t.Errorf("cached answer %q, want %q with no word of the cache in the text", again.text, first.text)
	}
	if !strings.Contains(again.footer, "fake-model · from cache") {
		t.Errorf("footer = %q", again.footer)
	}
	if strings.Contains(first.footer, "cache") {
		t.Errorf("first footer = %q", first.footer)
	}
}
