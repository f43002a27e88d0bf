package bot

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/docbot/docbot/internal/clock"
	"github.com/docbot/docbot/retrieval"
)

// recorder stands in for the Discord session: it records every call the
// deliverer makes, in order, and answers at once.
type recorder struct {
	mu     sync.Mutex
	calls  []call
	ids    int
	now    func() time.Time // stamps calls
	bad    []string         // messages outside Discord's limits, or that may ping
	onCall func(call)       // if set, called with each call before it returns
	// channels answers Channel (forums and their tags, threads); others
	// are unknown.
	channels map[string]*discordgo.Channel
}

// call is one recorded Discord call: what, where, and the message text.
type call struct {
	op      string // respond, edit, followup, send, edit message, thread
	where   string // interaction id or channel
	typ     discordgo.InteractionResponseType
	text    string
	embeds  int
	flags   discordgo.MessageFlags
	choices int
	values  []string // the choices' values
	fields  string   // the embeds' field names, one a line
	footer  string   // the first embed's footer
	custom  []string // the components' custom ids
	roles   []string // the roles allowed_mentions lets the message ping
	at      time.Time
}

var _ discordAPI = (*recorder)(nil)

func (r *recorder) add(c call) {
	c.at = r.now()
	r.mu.Lock()
	r.calls = append(r.calls, c)
	hook := r.onCall
	r.mu.Unlock()
	if hook != nil {
		hook(c)
	}
}

// check notes a message outside Discord's limits (content, embeds) or
// without an empty allowed_mentions.
func (r *recorder) check(op, content string, embeds []*discordgo.MessageEmbed, am *discordgo.MessageAllowedMentions) {
	var bad []string
	if am == nil || am.Parse == nil || len(am.Parse) != 0 || len(am.Users) != 0 || am.RepliedUser || len(am.Roles) > 1 {
		bad = append(bad, fmt.Sprintf("%s: allowed_mentions = %+v, want {parse: []}", op, am))
	}
	if n := utf8.RuneCountInString(content); n > 2000 {
		bad = append(bad, fmt.Sprintf("%s: content of %d characters", op, n))
	}
	total := 0
	for _, e := range embeds {
		total += utf8.RuneCountInString(e.Title) + utf8.RuneCountInString(e.Description)
		if e.Footer != nil {
			total += utf8.RuneCountInString(e.Footer.Text)
		}
		for _, f := range e.Fields {
			total += utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Value)
			if utf8.RuneCountInString(f.Value) > 1024 {
				bad = append(bad, op+": field value over 1024")
			}
		}
		if utf8.RuneCountInString(e.Description) > 4096 {
			bad = append(bad, op+": embed description over 4096")
		}
	}
	if len(embeds) > 10 || total > 6000 {
		bad = append(bad, fmt.Sprintf("%s: %d embeds, %d characters", op, len(embeds), total))
	}
	r.mu.Lock()
	r.bad = append(r.bad, bad...)
	r.mu.Unlock()
}

// fields lists the embeds' field names, one a line.
func fields(embeds []*discordgo.MessageEmbed) string {
	var names []string
	for _, e := range embeds {
		for _, f := range e.Fields {
			names = append(names, f.Name)
		}
	}
	return strings.Join(names, "\n")
}

// footer is the first embed's footer.
func footer(embeds []*discordgo.MessageEmbed) string {
	if len(embeds) == 0 || embeds[0].Footer == nil {
		return ""
	}
	return embeds[0].Footer.Text
}

// customIDs lists the buttons' custom ids.
func customIDs(cs []discordgo.MessageComponent) []string {
	var out []string
	for _, c := range cs {
		switch c := c.(type) {
		case discordgo.ActionsRow:
			out = append(out, customIDs(c.Components)...)
		case *discordgo.ActionsRow:
			out = append(out, customIDs(c.Components)...)
		case discordgo.Button:
			out = append(out, c.CustomID)
		case *discordgo.Button:
			out = append(out, c.CustomID)
		}
	}
	return out
}

// sent reports whether some call carried text.
func (r *recorder) sent(text string) bool {
	for _, c := range r.Calls() {
		if c.text == text {
			return true
		}
	}
	return false
}

func (r *recorder) Calls() []call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]call(nil), r.calls...)
}

func (r *recorder) InteractionRespond(i *discordgo.Interaction, resp *discordgo.InteractionResponse, _ ...discordgo.RequestOption) error {
	c := call{op: "respond", where: i.ID, typ: resp.Type}
	if d := resp.Data; d != nil {
		c.text, c.embeds, c.flags, c.choices = d.Content, len(d.Embeds), d.Flags, len(d.Choices)
		c.fields, c.custom = fields(d.Embeds), customIDs(d.Components)
		for _, ch := range d.Choices {
			c.values = append(c.values, fmt.Sprint(ch.Value))
		}
		if resp.Type == discordgo.InteractionResponseChannelMessageWithSource {
			r.check("respond", d.Content, d.Embeds, d.AllowedMentions)
			c.roles = d.AllowedMentions.Roles
		}
	}
	r.add(c)
	return nil
}

func (r *recorder) InteractionResponseEdit(i *discordgo.Interaction, e *discordgo.WebhookEdit, _ ...discordgo.RequestOption) (*discordgo.Message, error) {
	c := call{op: "edit", where: i.ID}
	if e.Content != nil {
		c.text = *e.Content
	}
	var embeds []*discordgo.MessageEmbed
	if e.Embeds != nil {
		embeds = *e.Embeds
		c.embeds, c.fields, c.footer = len(embeds), fields(embeds), footer(embeds)
	}
	if e.Components != nil {
		c.custom = customIDs(*e.Components)
	}
	r.check("edit", c.text, embeds, e.AllowedMentions)
	r.add(c)
	return &discordgo.Message{}, nil
}

func (r *recorder) FollowupMessageCreate(i *discordgo.Interaction, _ bool, p *discordgo.WebhookParams, _ ...discordgo.RequestOption) (*discordgo.Message, error) {
	r.check("followup", p.Content, p.Embeds, p.AllowedMentions)
	r.add(call{op: "followup", where: i.ID, text: p.Content, embeds: len(p.Embeds), flags: p.Flags, fields: fields(p.Embeds), custom: customIDs(p.Components)})
	return &discordgo.Message{}, nil
}

func (r *recorder) ChannelMessageSendComplex(ch string, m *discordgo.MessageSend, _ ...discordgo.RequestOption) (*discordgo.Message, error) {
	r.mu.Lock()
	r.ids++
	id := fmt.Sprint(r.ids)
	r.mu.Unlock()
	r.check("send", m.Content, m.Embeds, m.AllowedMentions)
	r.add(call{op: "send", where: ch, text: m.Content, embeds: len(m.Embeds), fields: fields(m.Embeds), custom: customIDs(m.Components),
		roles: m.AllowedMentions.Roles})
	return &discordgo.Message{ID: id, ChannelID: ch}, nil
}

func (r *recorder) ChannelMessageEditComplex(m *discordgo.MessageEdit, _ ...discordgo.RequestOption) (*discordgo.Message, error) {
	c := call{op: "edit message", where: m.Channel}
	if m.Content != nil {
		c.text = *m.Content
	}
	var embeds []*discordgo.MessageEmbed
	if m.Embeds != nil {
		embeds = *m.Embeds
		c.embeds, c.fields, c.footer = len(embeds), fields(embeds), footer(embeds)
	}
	if m.Components != nil {
		c.custom = customIDs(*m.Components)
	}
	r.check("edit message", c.text, embeds, m.AllowedMentions)
	r.add(c)
	return &discordgo.Message{ID: m.ID, ChannelID: m.Channel}, nil
}

func (r *recorder) MessageThreadStartComplex(ch, msg string, d *discordgo.ThreadStart, _ ...discordgo.RequestOption) (*discordgo.Channel, error) {
	r.add(call{op: "thread", where: ch, text: d.Name})
	return &discordgo.Channel{ID: "thread-of-" + msg}, nil
}

func (r *recorder) Channel(id string, _ ...discordgo.RequestOption) (*discordgo.Channel, error) {
	r.mu.Lock()
	ch := r.channels[id]
	r.mu.Unlock()
	r.add(call{op: "get channel", where: id})
	if ch == nil {
		return nil, &discordgo.RESTError{Response: &http.Response{StatusCode: http.StatusNotFound}, Message: &discordgo.APIErrorMessage{Code: 10003}}
	}
	c := *ch
	return &c, nil
}

func (r *recorder) ChannelEditComplex(id string, e *discordgo.ChannelEdit, _ ...discordgo.RequestOption) (*discordgo.Channel, error) {
	c := call{op: "edit channel", where: id}
	if e.AppliedTags != nil {
		c.values = *e.AppliedTags
	}
	r.add(c)
	return &discordgo.Channel{ID: id}, nil
}

// fakeAsker answers every question with fn's answer.
type fakeAsker struct {
	fn func(ctx context.Context, q retrieval.Question) (retrieval.Answer, error)
}

func (f fakeAsker) Ask(ctx context.Context, q retrieval.Question) (retrieval.Answer, error) {
	return f.fn(ctx, q)
}
func (f fakeAsker) Retrieve(context.Context, string, retrieval.Filter, int) (retrieval.Retrieval, error) {
	return retrieval.Retrieval{Hits: []retrieval.Hit{{Passage: retrieval.Passage{ID: "a#1", Title: "A", Text: "ground troops"}, Score: 1}}}, nil
}

// budgetJournal is a Journal that only counts budgets.
type budgetJournal struct {
	mu   sync.Mutex
	used map[string]int
}

func (j *budgetJournal) RecordQuestion(context.Context, retrieval.QuestionLog) (string, error) {
	return "q1", nil
}
func (j *budgetJournal) RecordFeedback(context.Context, retrieval.Vote) error { return nil }
func (j *budgetJournal) Gaps(context.Context, string, time.Time, int) ([]retrieval.Gap, error) {
	return nil, nil
}
func (j *budgetJournal) TakeBudget(_ context.Context, u string, limit int) (bool, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.used[u] >= limit {
		return false, nil
	}
	j.used[u]++
	return true, nil
}

var cited = retrieval.Answer{Found: true, Text: "Air support, not ground troops [1].", Mode: retrieval.ModeExtractive,
	Citations: []retrieval.Citation{{N: 1, Title: "Guarantees", PassageID: "g#8", Quote: "not ground troops"}}}

// testBot is a Bot whose Discord is a recorder and whose clock is fake.
func testBot(t *testing.T, cfg Config, deps Deps) (*Bot, *recorder, *clock.Fake) {
	t.Helper()
	cfg.Token, cfg.Origin = "x", "https://discord.test"
	set := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	set(&cfg.Deadline, time.Minute)
	set(&cfg.EditInterval, time.Second)
	set(&cfg.ShutdownGrace, time.Second)
	set(&cfg.Retention, time.Hour)
	for _, n := range []*int{&cfg.GuildConcurrency, &cfg.Workers, &cfg.Queue} {
		if *n == 0 {
			*n = 4
		}
	}
	if cfg.MaxQuestion == 0 {
		cfg.MaxQuestion = 500
	}
	fc := clock.NewFake(time.Date(2025, 9, 27, 12, 0, 0, 0, time.UTC))
	deps.Clock = fc
	if deps.Asker == nil {
		deps.Asker = fakeAsker{func(context.Context, retrieval.Question) (retrieval.Answer, error) { return cited, nil }}
	}
	b, err := New(cfg, deps, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{now: fc.Now}
	b.deliver.api = rec
	t.Cleanup(func() {
		b.stopJobs()
		b.jobs.Wait()
		// every message, in every recorder test, within Discord's limits
		for _, bad := range rec.bad {
			t.Error(bad)
		}
	})
	return b, rec, fc
}

func command(name, guild, userID string, opts map[string]any) *discordgo.InteractionCreate {
	var os []*discordgo.ApplicationCommandInteractionDataOption
	for k, v := range opts {
		os = append(os, &discordgo.ApplicationCommandInteractionDataOption{Name: k, Value: v})
	}
	return &discordgo.InteractionCreate{Interaction: &discordgo.Interaction{ID: name + "-" + userID, Type: discordgo.InteractionApplicationCommand,
		GuildID: guild, ChannelID: "c1", Member: &discordgo.Member{User: &discordgo.User{ID: userID}},
		Data: discordgo.ApplicationCommandInteractionData{Name: name, Options: os}}}
}

// final waits for the jobs to end and returns the last call to where.
func final(t *testing.T, b *Bot, rec *recorder, where string) call {
	t.Helper()
	b.jobs.Wait()
	var last *call
	for _, c := range rec.Calls() {
		if c.where == where {
			last = &c
		}
	}
	if last == nil {
		t.Fatalf("nothing sent to %s: %+v", where, rec.Calls())
	}
	return *last
}

func TestAskDefersThenEditsTheAnswer(t *testing.T) {
	b, rec, _ := testBot(t, Config{}, Deps{})
	b.onInteraction(nil, command("ask", "g", "u1", map[string]any{"question": "what about ground troops?"}))
	got := final(t, b, rec, "ask-u1")
	calls := rec.Calls()
	if calls[0].op != "respond" || calls[0].typ != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Errorf("first call = %+v, want a deferral", calls[0])
	}
	if got.op != "edit" || got.text != "Air support, not ground troops [1]." || got.embeds != 1 {
		t.Errorf("final = %+v", got)
	}
}

func TestRefusalsAreEphemeralAndImmediate(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		opts map[string]any
		want string
	}{
		{"no question", Config{}, map[string]any{"question": 42.0}, "Ask a question"},
		{"too long", Config{MaxQuestion: 10}, map[string]any{"question": "why is the sky so very blue?"}, "the limit is 10"},
		{"over budget", Config{DailyBudget: 1}, map[string]any{"question": "second question"}, "daily limit"},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			j := &budgetJournal{used: map[string]int{}}
			b, rec, _ := testBot(t, test.cfg, Deps{Journal: j})
			if test.cfg.DailyBudget > 0 {
				j.used[b.userHash("u1")] = test.cfg.DailyBudget
			}
			b.onInteraction(nil, command("ask", "g", "u1", test.opts))
			got := final(t, b, rec, "ask-u1")
			if got.op != "respond" || got.typ != discordgo.InteractionResponseChannelMessageWithSource || got.flags&discordgo.MessageFlagsEphemeral == 0 ||
				!strings.Contains(got.text, test.want) {
				t.Errorf("reply = %+v, want an ephemeral %q", got, test.want)
			}
		})
	}
}

// The cooldown reads the injected clock: no test sleeps.
func TestCooldownFollowsTheClock(t *testing.T) {
	b, rec, fc := testBot(t, Config{Cooldown: 5 * time.Second}, Deps{})
	ask := func(id string) call {
		ic := command("ask", "g", "u1", map[string]any{"question": "ground troops?"})
		ic.ID = id
		b.onInteraction(nil, ic)
		return final(t, b, rec, id)
	}
	ask("1")
	fc.Advance(4 * time.Second)
	if got := ask("2"); !strings.Contains(got.text, "Please wait 2 s") {
		t.Errorf("4 s later: %+v", got)
	}
	fc.Advance(5 * time.Second)
	if got := ask("3"); got.op != "edit" || !strings.Contains(got.text, "ground troops [1]") {
		t.Errorf("5 s after the refused attempt: %+v", got)
	}
}

// /summary and /search are refused past the daily budget, like /ask.
func TestSummaryAndSearchPassTheBudget(t *testing.T) {
	j := &budgetJournal{used: map[string]int{}}
	b, rec, _ := testBot(t, Config{DailyBudget: 2}, Deps{Journal: j, Library: noDocs{}, Summarizer: fixedSummary{}})
	for k, cmd := range []string{"summary", "search", "summary", "search", "ask"} {
		ic := command(cmd, "g", "u1", map[string]any{"query": "ground troops", "question": "ground troops?"})
		ic.ID = fmt.Sprint(k)
		b.onInteraction(nil, ic)
		got := final(t, b, rec, ic.ID)
		if refused := strings.Contains(got.text, "daily limit"); refused != (k >= 2) {
			t.Errorf("request %d (/%s): %+v", k+1, cmd, got)
		}
	}
}

type noDocs struct{}

func (noDocs) Docs(context.Context) ([]retrieval.Document, error) { return nil, nil }

type fixedSummary struct{}

func (fixedSummary) Summarize(context.Context, string) (retrieval.Summary, error) {
	return retrieval.Summary{Title: "All articles", Text: "A summary [1]."}, nil
}

// A mention starts a thread, and its answer streams there: a placeholder,
// drafts at most once per edit interval on the injected clock, the final
// answer last.
func TestMentionAnswerStreamsInAThread(t *testing.T) {
	words := []string{"Air ", "support, ", "not ", "ground ", "troops [1]."}
	shown, next := make(chan struct{}), make(chan struct{})
	asker := fakeAsker{func(ctx context.Context, q retrieval.Question) (retrieval.Answer, error) {
		for _, w := range words {
			q.OnDelta(w)
			shown <- struct{}{}
			<-next
		}
		return cited, nil
	}}
	b, rec, fc := testBot(t, Config{}, Deps{Asker: asker})
	b.appID = "bot"
	b.onMessage(nil, &discordgo.MessageCreate{Message: &discordgo.Message{ID: "m1", ChannelID: "c1", GuildID: "g",
		Content: "<@bot> what about ground troops?", Author: &discordgo.User{ID: "u1"}, Mentions: []*discordgo.User{{ID: "bot"}}}})
	text := ""
	for _, w := range words {
		<-shown
		text += w
		// the draft is edited in at once, or once the edit interval has passed
		for !rec.sent(text + " …") {
			if fc.Timers() > 0 {
				fc.Advance(time.Second)
			}
			runtime.Gosched()
		}
		next <- struct{}{}
	}
	got := final(t, b, rec, "thread-of-m1")
	var drafts []call
	for _, c := range rec.Calls() {
		if c.op == "edit message" && strings.HasSuffix(c.text, " …") {
			drafts = append(drafts, c)
		}
	}
	calls := rec.Calls()
	if calls[0].op != "thread" || calls[1].op != "send" || calls[1].where != "thread-of-m1" || calls[1].text != placeholder {
		t.Errorf("first calls = %+v, want a thread then a placeholder in it", calls[:2])
	}
	if len(drafts) < 3 {
		t.Errorf("%d drafts: the answer did not stream", len(drafts))
	}
	for k := 1; k < len(drafts); k++ {
		if gap := drafts[k].at.Sub(drafts[k-1].at); gap < time.Second {
			t.Errorf("drafts %d and %d %v apart on the clock, under the edit interval", k-1, k, gap)
		}
	}
	if got.op != "edit message" || got.text != cited.Text || got.embeds != 1 {
		t.Errorf("final = %+v", got)
	}
	if turns, ok, _ := b.deps.Conversations.Turns(context.Background(), "thread-of-m1", time.Time{}); !ok || len(turns) != 1 {
		t.Errorf("the thread's conversation = %v, %v", turns, ok)
	}
}

// With every slot taken, a new question is still acknowledged at once,
// and the asker sees their place until a slot frees.
func TestAcksDoNotWaitForTheQueue(t *testing.T) {
	hold := make(chan struct{})
	asker := fakeAsker{func(ctx context.Context, q retrieval.Question) (retrieval.Answer, error) {
		if q.Text == "first" {
			<-hold
		}
		return cited, nil
	}}
	b, rec, _ := testBot(t, Config{Workers: 1, GuildConcurrency: 1}, Deps{Asker: asker})
	for _, u := range []string{"u1", "u2", "u3"} {
		text := map[string]string{"u1": "first", "u2": "second", "u3": "third"}[u]
		b.onInteraction(nil, command("ask", "g", u, map[string]any{"question": text}))
	}
	for !rec.sent("⏳ 1 question ahead of you. …") {
		runtime.Gosched() // u3's place is shown while u1 holds the slot
	}
	deferred := 0
	for _, c := range rec.Calls() {
		if c.op == "respond" && c.typ == discordgo.InteractionResponseDeferredChannelMessageWithSource {
			deferred++
		}
	}
	if deferred != 3 {
		t.Errorf("%d of 3 questions acknowledged while the only slot was taken", deferred)
	}
	close(hold)
	for _, u := range []string{"u1", "u2", "u3"} {
		if got := final(t, b, rec, "ask-"+u); got.text != cited.Text {
			t.Errorf("%s: final %+v", u, got)
		}
	}
}

// The slot is given back before the final edit: a user who asks again
// while their answer is being delivered starts at once, not queued behind
// their own finished answer (nor told the bot is busy).
func TestSlotIsReleasedBeforeTheFinalEdit(t *testing.T) {
	started := make(chan string, 2)
	asker := fakeAsker{func(ctx context.Context, q retrieval.Question) (retrieval.Answer, error) {
		started <- q.Text
		return cited, nil
	}}
	b, rec, _ := testBot(t, Config{Workers: 1, GuildConcurrency: 1, Queue: 1}, Deps{Asker: asker})
	atFinal, resume := make(chan int), make(chan struct{})
	var once sync.Once
	rec.onCall = func(c call) {
		if c.op == "edit" && c.where == "first" && c.text == cited.Text {
			once.Do(func() {
				b.admit.mu.Lock()
				running := b.admit.running
				b.admit.mu.Unlock()
				atFinal <- running
				<-resume
			})
		}
	}
	ask := func(id, text string) {
		ic := command("ask", "g", "u1", map[string]any{"question": text})
		ic.ID = id
		b.onInteraction(nil, ic)
	}
	ask("first", "first question")
	<-started
	if running := <-atFinal; running != 0 {
		t.Errorf("%d slots held during the final edit, want 0", running)
	}
	ask("again", "second question") // the first answer's final edit is still in flight
	if waiting := b.admit.Waiting(); waiting != 0 {
		t.Errorf("the question asked right after an answer waits in the queue (%d waiting)", waiting)
	}
	if t.Failed() { // the second question waits for the first's final edit
		close(resume)
		return
	}
	if q := <-started; q != "second question" {
		t.Errorf("started %q", q)
	}
	close(resume)
	for _, id := range []string{"first", "again"} {
		if got := final(t, b, rec, id); got.text != cited.Text {
			t.Errorf("%s: final %+v", id, got)
		}
	}
	for _, c := range rec.Calls() {
		if c.where == "again" && (strings.Contains(c.text, "ahead of you") || strings.Contains(c.text, "busy")) {
			t.Errorf("the second question was shown %q", c.text)
		}
	}
}

// Within a server, a waiting user with nothing running goes before one
// whose earlier question is still being answered, even if they asked
// later.
func TestQueueIsFairAcrossUsersInAServer(t *testing.T) {
	started := make(chan string, 4)
	hold := map[string]chan struct{}{}
	for _, q := range []string{"u1 first", "u1 second", "u1 third", "u2 first"} {
		hold[q] = make(chan struct{})
	}
	asker := fakeAsker{func(ctx context.Context, q retrieval.Question) (retrieval.Answer, error) {
		started <- q.Text
		<-hold[q.Text]
		return cited, nil
	}}
	b, rec, _ := testBot(t, Config{Workers: 2, GuildConcurrency: 2}, Deps{Asker: asker})
	ask := func(u, text string) {
		ic := command("ask", "g", u, map[string]any{"question": text})
		ic.ID = text
		b.onInteraction(nil, ic)
	}
	ask("u1", "u1 first")
	ask("u1", "u1 second") // u1 holds both of the server's slots
	for range 2 {
		<-started
	}
	ask("u1", "u1 third")
	ask("u2", "u2 first")
	if w := b.admit.Waiting(); w != 2 {
		t.Fatalf("%d waiting, want 2", w)
	}
	close(hold["u1 first"]) // one slot frees
	if next := <-started; next != "u2 first" {
		t.Errorf("%q took the freed slot, want u2's question (u1 still has one running)", next)
	}
	close(hold["u1 second"])
	if next := <-started; next != "u1 third" {
		t.Errorf("then %q, want u1's third question", next)
	}
	close(hold["u1 third"])
	close(hold["u2 first"])
	for q := range hold {
		if got := final(t, b, rec, q); got.text != cited.Text {
			t.Errorf("%s: final %+v", q, got)
		}
	}
}
