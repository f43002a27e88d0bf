package bot_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
)

// The help desk through the fake Discord: forums with tags, forum posts,
// message commands and the permission to apply tags.

const (
	forum          = "6100"
	solvedTag      = "8001"
	helperRole     = "7777"
	permManageThr  = 1 << 34 // MANAGE_THREADS
	unanswerableQ  = "How do I configure the Kubernetes ingress controller for TLS?"
	forumTitle     = "Ground troops"
	forumQuestion  = troops
	waitForMessage = 15 * time.Second
)

var asker = testsupport.Author{ID: member.UserID}

// callback returns the interaction response sent for id, once there is one.
func callback(t *testing.T, e *env, id, token string) message {
	t.Helper()
	rs := e.fake.WaitFor(t, 5*time.Second, "the response to "+id, func(rs []testsupport.Request) bool {
		return find(rs, "POST", "/interactions/"+id+"/"+token+"/callback") != nil
	})
	return decode(t, *find(rs, "POST", "/interactions/"+id+"/"+token+"/callback"))
}

// postsIn lists the messages the bot posted in a channel.
func postsIn(e *env, channel string) []message {
	var out []message
	for _, r := range findAll(e.fake.Requests(), "POST", "/channels/"+channel+"/messages") {
		var m message
		if json.Unmarshal(r.Body, &m) == nil {
			out = append(out, m)
		}
	}
	return out
}

// waitGap waits until the journal lists question in the guild's gaps.
func waitGap(t *testing.T, e *env, question string) {
	t.Helper()
	deadline := time.Now().Add(waitForMessage)
	for time.Now().Before(deadline) {
		gaps, _ := e.db.Gaps(context.Background(), guild, time.Now().Add(-time.Hour), 50)
		if slices.ContainsFunc(gaps, func(g retrieval.Gap) bool { return strings.Contains(g.Question, question) }) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%q never reached /gaps", question)
}

// A moderator turns auto-answer on in a forum; a post is answered in its
// thread, an unanswerable one gets no reply and appears in /gaps; "Still
// need help?" pings exactly the helper role, once; "Mark solved" is
// refused to other members and applies the forum's Solved tag for the
// asker. The settings survive a restart and are refused to members.
func TestForumHelpDesk(t *testing.T) {
	t.Parallel() // nothing timed, nothing process-wide
	prepare := func(f *testsupport.FakeDiscord) {
		f.AppPermissions = permManageThr
		f.AddForum(guild, forum, testsupport.Tag{ID: "8000", Name: "Question"}, testsupport.Tag{ID: solvedTag, Name: "Solved"})
	}
	e := start(t, setup{helpdesk: true, convs: true, prepare: prepare})

	id, token := e.fake.Subcommand(t, guild, "3000", member, "settings", "channel",
		map[string]any{"channel": testsupport.ChannelOption{ID: forum, Type: 15}, "auto_answer": true})
	if m := callback(t, e, id, token); m.Data == nil || m.Data.Flags&64 == 0 || !strings.Contains(m.Data.Content, "moderators only") {
		t.Fatalf("a member's /settings = %+v; want an ephemeral refusal", m.Data)
	}
	id, token = e.fake.Subcommand(t, guild, "3000", moderator, "settings", "channel",
		map[string]any{"channel": testsupport.ChannelOption{ID: forum, Type: 15}, "auto_answer": true})
	if m := callback(t, e, id, token); m.Data == nil || m.Data.Flags&64 == 0 || !strings.Contains(m.Data.Content, "<#"+forum+">: forum: answers new posts") {
		t.Fatalf("a moderator's /settings = %+v", m.Data)
	}
	id, token = e.fake.Subcommand(t, guild, "3000", moderator, "settings", "server", map[string]any{"helper_role": testsupport.RoleOption(helperRole)})
	callback(t, e, id, token)

	lost := e.fake.ForumPost(t, guild, forum, asker, "Ingress TLS", unanswerableQ, true)
	post := e.fake.ForumPost(t, guild, forum, asker, forumTitle, forumQuestion, false)
	e.fake.WaitFor(t, waitForMessage, "the answer in the post", func(rs []testsupport.Request) bool {
		return len(findAll(rs, "POST", "/channels/"+post+"/messages")) > 0
	})
	answer := postsIn(e, post)
	if len(answer) != 1 || !strings.Contains(answer[0].Content, "[1]") || !strings.Contains(string(answer[0].Components), "hd:human") {
		t.Errorf("in the post: %+v; want one cited answer with the help-desk buttons", answer)
	}
	waitGap(t, e, "Kubernetes ingress")
	if got := postsIn(e, lost); len(got) != 0 {
		t.Errorf("the unanswerable post got %+v; want no reply", got)
	}
	id, token = e.fake.Command(t, guild, moderator, "gaps", nil)
	if m := callback(t, e, id, token); m.Data == nil || !strings.Contains(m.Data.Content, "Kubernetes ingress") {
		t.Errorf("/gaps = %+v", m.Data)
	}

	// Still need help?
	for k := range 2 {
		id, token = e.fake.ButtonIn(t, guild, post, &testsupport.Member{UserID: asker.ID, Permissions: "0"}, "hd:human")
		m := callback(t, e, id, token)
		if k == 0 && (m.Data == nil || m.Data.Flags&64 != 0 || !strings.Contains(m.Data.Content, "<@&"+helperRole+">") ||
			m.Data.AllowedMentions == nil || len(m.Data.AllowedMentions.Parse) != 0 || !slices.Equal(m.Data.AllowedMentions.Roles, []string{helperRole})) {
			t.Errorf("first click: %+v; want a public message pinging the helper role only", m.Data)
		}
		if k == 1 && (m.Data == nil || m.Data.Flags&64 == 0 || len(m.Data.AllowedMentions.Roles) != 0) {
			t.Errorf("second click: %+v; want an ephemeral note, no ping", m.Data)
		}
	}

	// Mark solved
	id, token = e.fake.ButtonIn(t, guild, post, &testsupport.Member{UserID: "4999", Permissions: "0"}, "hd:solve")
	if m := callback(t, e, id, token); m.Data == nil || m.Data.Flags&64 == 0 || !strings.Contains(m.Data.Content, "Only the member who asked") {
		t.Errorf("another member's Mark solved: %+v", m.Data)
	}
	if tags := e.fake.AppliedTags(post); len(tags) != 0 {
		t.Fatalf("tags after a refused Mark solved: %v", tags)
	}
	_, token = e.fake.MessageCommand(t, guild, post, &testsupport.Member{UserID: asker.ID, Permissions: "0"}, "Mark solved",
		testsupport.Target{ID: post, ChannelID: post, AuthorID: asker.ID, Content: forumQuestion})
	finalEdit(t, e, token, func(m message) bool { return strings.Contains(m.Content, "Marked solved") })
	if tags := e.fake.AppliedTags(post); !slices.Equal(tags, []string{solvedTag}) {
		t.Errorf("the post's tags = %v; want the forum's Solved tag", tags)
	}
	checkLimits(t, e.fake.Requests())

	// restart on the same database: the settings are still there
	e.cancel()
	e.done <- <-e.done // stopped; its cleanup reads it again
	e2 := start(t, setup{helpdesk: true, convs: true, db: e.db, prepare: prepare})
	id, token = e2.fake.Subcommand(t, guild, "3000", moderator, "settings", "show", nil)
	if m := callback(t, e2, id, token); m.Data == nil || !strings.Contains(m.Data.Content, "<#"+forum+">: forum: answers new posts") ||
		!strings.Contains(m.Data.Content, "<@&"+helperRole+">") {
		t.Errorf("/settings show after a restart = %+v", m.Data)
	}
	post2 := e2.fake.ForumPost(t, guild, forum, asker, forumTitle, forumQuestion, true)
	e2.fake.WaitFor(t, waitForMessage, "the answer in a post after the restart", func(rs []testsupport.Request) bool {
		return len(findAll(rs, "POST", "/channels/"+post2+"/messages")) > 0
	})
}

// With an auto-answer text channel set, docbot asks for the Message
// Content intent; when Discord refuses it, docbot says so and reconnects
// without it instead of stopping, and still answers forum posts' titles.
func TestMessageContentRefusedForAutoAnswerChannels(t *testing.T) {
	t.Parallel()
	db := testsupport.SeedDB(t)
	ctx := context.Background()
	db.SaveChannelSettings(ctx, retrieval.ChannelSettings{Channel: "6200", Guild: guild, AutoAnswer: true, MentionRequired: true, InThread: true})
	db.SaveChannelSettings(ctx, retrieval.ChannelSettings{Channel: forum, Guild: guild, Forum: true, AutoAnswer: true, MentionRequired: true, InThread: true})
	e := start(t, setup{helpdesk: true, convs: true, db: db, prepare: func(f *testsupport.FakeDiscord) {
		f.RefuseMessageContent = true
		f.AddForum(guild, forum)
	}})
	payload, _, _ := e.fake.Identified()
	var ident struct {
		Intents int `json:"intents"`
	}
	json.Unmarshal(payload, &ident)
	if ident.Intents&(1<<15) != 0 {
		t.Errorf("intents = %d: the accepted identify still asks for Message Content", ident.Intents)
	}
	post := e.fake.ForumPost(t, guild, forum, asker, troops, "", false)
	e.fake.WaitFor(t, waitForMessage, "the answer to a post from its title", func(rs []testsupport.Request) bool {
		return len(findAll(rs, "POST", "/channels/"+post+"/messages")) > 0
	})
	select {
	case err := <-e.done:
		t.Fatalf("the bot stopped: %v", err)
	default:
	}
}

// "Ask docbot" on a member's message: the answer goes in a thread started
// from that message, and the member who used the command is told where.
func TestAskDocbotMessageCommand(t *testing.T) {
	t.Parallel()
	e := start(t, setup{helpdesk: true, convs: true, prepare: func(f *testsupport.FakeDiscord) { f.AddTextChannel(guild, "3000") }})
	target := testsupport.Target{ID: "123456", ChannelID: "3000", AuthorID: "4300", Content: troops}
	id, token := e.fake.MessageCommand(t, guild, "3000", member, "Ask docbot", target)
	if ack := callback(t, e, id, token); ack.Type != 5 || ack.Data == nil || ack.Data.Flags&64 == 0 {
		t.Errorf("acknowledgement = %+v; want an ephemeral deferral", ack)
	}
	e.fake.WaitFor(t, waitForMessage, "the thread from the message", func(rs []testsupport.Request) bool {
		return find(rs, "POST", "/channels/3000/messages/"+target.ID+"/threads") != nil
	})
	got := finalEdit(t, e, token, func(m message) bool { return strings.HasPrefix(m.Content, "I answered in <#") })
	thread := strings.TrimSuffix(strings.TrimPrefix(got.Content, "I answered in <#"), ">.")
	posts := postsIn(e, thread)
	if len(posts) != 1 || !strings.HasPrefix(posts[0].Content, "-# Asked by <@"+member.UserID+">") || !strings.Contains(posts[0].Content, "not ground troops [1]") {
		t.Errorf("in thread %s: %+v", thread, posts)
	}
	checkLimits(t, e.fake.Requests())
}
