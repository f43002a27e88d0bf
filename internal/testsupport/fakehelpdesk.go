package testsupport

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"
)

// The fake Discord's forums, forum posts, message commands and
// subcommands, and the permission checks of applying forum tags.

// permManageThreads is Discord's MANAGE_THREADS permission bit.
const permManageThreads = 1 << 34

// Tag is a forum tag (a forum's available_tags).
type Tag struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Author is who wrote a message.
type Author struct {
	ID  string
	Bot bool
}

// AddForum adds a forum channel (type 15) with its available tags.
func (f *FakeDiscord) AddForum(guild, id string, tags ...Tag) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if tags == nil {
		tags = []Tag{}
	}
	f.channels[id] = map[string]any{"id": id, "type": 15, "guild_id": guild, "name": "help", "available_tags": tags}
}

// AddTextChannel adds a text channel (type 0).
func (f *FakeDiscord) AddTextChannel(guild, id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.channels[id] = map[string]any{"id": id, "type": 0, "guild_id": guild, "name": "questions"}
}

// AppliedTags returns a forum post's applied tags.
func (f *FakeDiscord) AppliedTags(thread string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	tags, _ := f.channels[thread]["applied_tags"].([]string)
	return append([]string(nil), tags...)
}

// ForumPost creates a post in a forum, as a member does: a public thread
// (type 11) whose first message has the thread's id. Discord's
// THREAD_CREATE and the message's MESSAGE_CREATE come in either order:
// messageFirst sends the message first. It returns the post's id.
func (f *FakeDiscord) ForumPost(tb testing.TB, guild, forum string, author Author, title, content string, messageFirst bool) string {
	tb.Helper()
	id := f.nextID()
	th := map[string]any{"id": id, "type": 11, "guild_id": guild, "parent_id": forum, "owner_id": author.ID, "name": title,
		"applied_tags": []string{}, "newly_created": true, "thread_metadata": map[string]any{"archived": false, "auto_archive_duration": 1440}}
	f.mu.Lock()
	f.channels[id] = map[string]any{"id": id, "type": 11, "guild_id": guild, "parent_id": forum, "owner_id": author.ID, "name": title, "applied_tags": []string{}}
	f.mu.Unlock()
	msg := map[string]any{"id": id, "channel_id": id, "guild_id": guild, "content": content, "type": 0,
		"timestamp": time.Now().UTC().Format(time.RFC3339),
		"author":    map[string]any{"id": author.ID, "username": "user" + author.ID, "bot": author.Bot}}
	if messageFirst {
		f.Dispatch(tb, "MESSAGE_CREATE", msg)
		f.Dispatch(tb, "THREAD_CREATE", th)
	} else {
		f.Dispatch(tb, "THREAD_CREATE", th)
		f.Dispatch(tb, "MESSAGE_CREATE", msg)
	}
	return id
}

// Target is the message a message command is used on.
type Target struct {
	ID, ChannelID, AuthorID, Content string
}

// MessageCommand dispatches a message command (application command type
// 3, right-click → Apps) used on target in channel.
func (f *FakeDiscord) MessageCommand(tb testing.TB, guild, channel string, m *Member, name string, target Target) (id, token string) {
	tb.Helper()
	msg := map[string]any{"id": target.ID, "channel_id": target.ChannelID, "content": target.Content, "type": 0,
		"timestamp": time.Now().UTC().Format(time.RFC3339), "author": map[string]any{"id": target.AuthorID, "username": "user" + target.AuthorID}}
	return f.interactionIn(tb, 2, guild, channel, m, map[string]any{"id": "cmd-" + name, "name": name, "type": 3, "target_id": target.ID,
		"resolved": map[string]any{"messages": map[string]any{target.ID: msg}}})
}

// ChannelOption is a channel-typed option value (type 7), resolved.
type ChannelOption struct {
	ID   string
	Type int
}

// RoleOption is a role-typed option value (type 8).
type RoleOption string

// Subcommand dispatches a slash command's subcommand (/name sub …) in
// channel, with options of type string, bool, number, ChannelOption,
// RoleOption or *Attachment: an attachment option's file is in the
// payload's resolved attachments and served by the fake's CDN.
func (f *FakeDiscord) Subcommand(tb testing.TB, guild, channel string, m *Member, name, sub string, options map[string]any) (id, token string) {
	tb.Helper()
	opts := []any{}
	resolved := map[string]any{}
	for k, v := range options {
		typ, value := 3, v
		switch v := v.(type) {
		case bool:
			typ = 5
		case int, float64:
			typ = 4
		case *Attachment:
			aid := f.nextID()
			typ, value = 11, aid
			u := v.URL
			if u == "" {
				p := "/attachments/3000/" + aid + "/" + v.Filename
				f.mu.Lock()
				f.files[p] = v.Data
				f.mu.Unlock()
				u = f.URL + p
			}
			size := v.Size
			if size == 0 {
				size = len(v.Data)
			}
			atts, _ := resolved["attachments"].(map[string]any)
			if atts == nil {
				atts = map[string]any{}
				resolved["attachments"] = atts
			}
			atts[aid] = map[string]any{"id": aid, "filename": v.Filename, "content_type": v.ContentType, "size": size, "url": u, "proxy_url": u}
		case ChannelOption:
			typ, value = 7, v.ID
			chans, _ := resolved["channels"].(map[string]any)
			if chans == nil {
				chans = map[string]any{}
				resolved["channels"] = chans
			}
			chans[v.ID] = map[string]any{"id": v.ID, "type": v.Type, "name": "channel" + v.ID}
		case RoleOption:
			typ, value = 8, string(v)
		}
		opts = append(opts, map[string]any{"name": k, "type": typ, "value": value})
	}
	return f.interactionIn(tb, 2, guild, channel, m, map[string]any{"id": "cmd-" + name, "name": name, "type": 1,
		"options": []any{map[string]any{"name": sub, "type": 1, "options": opts}}, "resolved": resolved})
}

// getChannel answers GET /channels/{id} for the forums and threads it knows.
func (f *FakeDiscord) getChannel(w http.ResponseWriter, id string) {
	f.mu.Lock()
	ch, ok := f.channels[id]
	var out []byte
	if ok {
		out, _ = json.Marshal(ch)
	}
	f.mu.Unlock()
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"message": "Unknown Channel", "code": 10003}`)
		return
	}
	w.Write(out)
}

// editChannel answers PATCH /channels/{id}: applying tags to a forum post
// needs MANAGE_THREADS, and every tag must be one of its forum's.
func (f *FakeDiscord) editChannel(w http.ResponseWriter, id string, body []byte) {
	var edit struct {
		AppliedTags *[]string `json:"applied_tags"`
	}
	json.Unmarshal(body, &edit)
	f.mu.Lock()
	defer f.mu.Unlock()
	ch, ok := f.channels[id]
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"message": "Unknown Channel", "code": 10003}`)
		return
	}
	if edit.AppliedTags != nil {
		if f.AppPermissions&permManageThreads == 0 {
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"message": "Missing Permissions", "code": 50013}`)
			return
		}
		parent, _ := ch["parent_id"].(string)
		forum := f.channels[parent]
		tags, _ := forum["available_tags"].([]Tag)
		if forum == nil || forum["type"] != 15 || len(*edit.AppliedTags) > 5 {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"message": "Invalid Form Body", "code": 50035}`)
			return
		}
		for _, t := range *edit.AppliedTags {
			if !slices.ContainsFunc(tags, func(a Tag) bool { return a.ID == t }) {
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprint(w, `{"message": "Invalid Form Body", "code": 50035}`)
				return
			}
		}
		ch["applied_tags"] = append([]string(nil), *edit.AppliedTags...)
	}
	out, _ := json.Marshal(ch)
	w.Write(out)
}
