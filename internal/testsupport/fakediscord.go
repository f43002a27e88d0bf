package testsupport

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// FakeDiscord is an in-process Discord: an HTTP server speaking the REST
// API (v9 paths, as discordgo uses) and a websocket gateway (HELLO,
// IDENTIFY, READY, heartbeats and ACKs, RESUME, dispatches). It records
// every REST request so tests can assert what the bot sent. The real
// discordgo session connects to it through DOCBOT_DISCORD_URL.
type FakeDiscord struct {
	URL   string // origin, e.g. http://127.0.0.1:1234
	Token string // the bot token the fake accepts
	AppID string
	BotID string

	// HeartbeatInterval is sent in HELLO; tests may lower it before Start.
	HeartbeatInterval time.Duration
	// AppFlags are the application's flags (GET /applications/@me), e.g.
	// 1<<18 when the Message Content intent is enabled; set before use.
	AppFlags int

	srv      *httptest.Server
	mu       sync.Mutex
	reqs     []Request
	faults   map[string][]Fault // route prefix "METHOD /path" → queued faults
	conn     *websocket.Conn
	connMu   sync.Mutex // serialises writes to conn
	seq      int64
	ids      int64
	sessions int // identifies received
	resumes  int
	identify json.RawMessage
	changed  chan struct{}
	ackOff   atomic.Bool
	down     atomic.Bool  // the gateway answers 503: an outage
	dials    atomic.Int64 // gateway connections attempted
	invalid  bool         // the session cannot be resumed: a resume gets op 9
	refuse   int          // a fatal close code repeated on every identify or resume
	invalids int          // op 9 sent
	observe  func(Request)
	files    map[string][]byte // attachments served by the fake CDN, by path
	fetched  atomic.Int64      // attachment downloads served

	// AppPermissions is the bot's permission bit set in the channels of
	// interactions (app_permissions), and what the REST checks go by:
	// e.g. 1<<34 (MANAGE_THREADS) to apply forum tags. Set before use.
	AppPermissions int64
	// RefuseMessageContent closes every identify that asks for the
	// Message Content intent with 4014, as Discord does when the intent
	// is not enabled for the application.
	RefuseMessageContent bool
	channels             map[string]map[string]any // forums and threads, by id (fakehelpdesk.go)
}

// Request is a recorded REST request.
type Request struct {
	Method string
	Path   string // without the /api/v9 prefix
	Body   json.RawMessage
	At     time.Time
}

// Fault is a canned error response for a route.
type Fault struct {
	Status     int
	RetryAfter float64 // seconds, in the JSON body and the Retry-After header
	Global     bool
	Hangup     bool // close the connection without a response: a network error
}

// NewFakeDiscord starts a fake Discord, closed when the test ends.
func NewFakeDiscord(tb testing.TB) *FakeDiscord {
	f := &FakeDiscord{Token: "fake-bot-token", AppID: "1000", BotID: "2000", HeartbeatInterval: 41250 * time.Millisecond,
		faults: map[string][]Fault{}, changed: make(chan struct{}, 1), files: map[string][]byte{}, channels: map[string]map[string]any{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	tb.Cleanup(func() {
		f.connMu.Lock()
		if f.conn != nil {
			f.conn.Close()
		}
		f.connMu.Unlock()
		f.srv.Close()
	})
	f.URL = f.srv.URL
	return f
}

// Requests returns the REST requests received so far.
func (f *FakeDiscord) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Request(nil), f.reqs...)
}

// Fail queues faults for the next requests whose "METHOD path" starts with route.
func (f *FakeDiscord) Fail(route string, faults ...Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults[route] = append(f.faults[route], faults...)
}

// Observe calls fn with every REST request as it arrives (before the
// response), from the server's goroutines.
func (f *FakeDiscord) Observe(fn func(Request)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.observe = fn
}

// InvalidSessions is the number of resumes answered with op 9.
func (f *FakeDiscord) InvalidSessions() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.invalids
}

// Identified reports the IDENTIFY payload (nil before one) and how many
// identifies and resumes the gateway received.

func (f *FakeDiscord) Identified() (payload json.RawMessage, identifies, resumes int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.identify, f.sessions, f.resumes
}

// WaitFor polls the recorded requests until ok returns true or the timeout passes.
func (f *FakeDiscord) WaitFor(tb testing.TB, timeout time.Duration, what string, ok func([]Request) bool) []Request {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for {
		reqs := f.Requests()
		if ok(reqs) {
			return reqs
		}
		if time.Now().After(deadline) {
			var b strings.Builder
			for _, r := range reqs {
				fmt.Fprintf(&b, "  %s %s %.300s\n", r.Method, r.Path, r.Body)
			}
			tb.Fatalf("timed out after %v waiting for %s; requests:\n%s", timeout, what, b.String())
		}
		select {
		case <-f.changed:
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func (f *FakeDiscord) nextID() string {
	return fmt.Sprint(atomic.AddInt64(&f.ids, 1) + 900000)
}

func (f *FakeDiscord) serve(w http.ResponseWriter, r *http.Request) {
	if strings.TrimSuffix(r.URL.Path, "/") == "/gateway-ws" {
		f.dials.Add(1)
		if f.down.Load() {
			http.Error(w, "upstream connect error", http.StatusServiceUnavailable)
			return
		}
		f.gateway(w, r)
		return
	}
	if strings.HasPrefix(r.URL.Path, "/attachments/") {
		f.attachment(w, r)
		return
	}
	path, ok := strings.CutPrefix(r.URL.Path, "/api/v9")
	if !ok {
		http.NotFound(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	req := Request{Method: r.Method, Path: path, Body: json.RawMessage(body), At: time.Now()}
	f.mu.Lock()
	f.reqs = append(f.reqs, req)
	observe := f.observe
	var fault *Fault
	for route, q := range f.faults {
		if strings.HasPrefix(r.Method+" "+path, route) && len(q) > 0 {
			fault = &q[0]
			f.faults[route] = q[1:]
			break
		}
	}
	f.mu.Unlock()
	if observe != nil {
		observe(req)
	}
	select {
	case f.changed <- struct{}{}:
	default:
	}
	w.Header().Set("Content-Type", "application/json")
	if fault != nil && fault.Hangup {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
	}
	if fault != nil {
		if fault.Status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", fmt.Sprint(fault.RetryAfter))
			if fault.Global {
				w.Header().Set("X-RateLimit-Global", "true")
			}
		}
		w.WriteHeader(fault.Status)
		fmt.Fprintf(w, `{"message": "fake fault", "code": 0, "retry_after": %v, "global": %v}`, fault.RetryAfter, fault.Global)
		return
	}
	if r.Header.Get("Authorization") != "Bot "+f.Token && !strings.HasPrefix(path, "/webhooks/") && !strings.HasPrefix(path, "/interactions/") && path != "/gateway" {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"message": "401: Unauthorized", "code": 0}`)
		return
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case r.Method == "GET" && (path == "/gateway" || path == "/gateway/bot"):
		fmt.Fprintf(w, `{"url": %q, "shards": 1, "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}}`,
			"ws"+strings.TrimPrefix(f.URL, "http")+"/gateway-ws")
	case r.Method == "GET" && path == "/users/@me":
		fmt.Fprintf(w, `{"id": %q, "username": "docbot", "discriminator": "0", "bot": true}`, f.BotID)
	case r.Method == "GET" && path == "/applications/@me":
		f.mu.Lock()
		flags := f.AppFlags
		f.mu.Unlock()
		fmt.Fprintf(w, `{"id": %q, "name": "docbot", "flags": %d}`, f.AppID, flags)
	case r.Method == "PUT" && len(parts) >= 3 && parts[0] == "applications":
		w.Write(body) // bulk overwrite echoes the commands
	case r.Method == "POST" && len(parts) == 4 && parts[0] == "interactions" && parts[3] == "callback":
		w.WriteHeader(http.StatusNoContent)
	case parts[0] == "webhooks" || (parts[0] == "channels" && len(parts) == 3 && parts[2] == "messages"):
		channel := "3000"
		if parts[0] == "channels" {
			channel = parts[1]
		}
		f.message(w, channel, body, "")
	case r.Method == "PATCH" && len(parts) == 4 && parts[0] == "channels" && parts[2] == "messages": // edit a message
		f.message(w, parts[1], body, parts[3])
	case r.Method == "POST" && len(parts) == 3 && parts[0] == "channels" && parts[2] == "typing":
		w.WriteHeader(http.StatusNoContent)
	case r.Method == "POST" && len(parts) == 5 && parts[0] == "channels" && parts[4] == "threads":
		th := map[string]any{"id": f.nextID(), "type": 11, "parent_id": parts[1], "name": "thread"}
		f.mu.Lock()
		f.channels[th["id"].(string)] = th
		f.mu.Unlock()
		json.NewEncoder(w).Encode(th)
	case r.Method == "GET" && len(parts) == 2 && parts[0] == "channels":
		f.getChannel(w, parts[1])
	case r.Method == "PATCH" && len(parts) == 2 && parts[0] == "channels":
		f.editChannel(w, parts[1], body)
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"message": "Unknown route", "code": 0}`)
	}
}

// message answers a message create or edit with a message object; id is
// the edited message's, "" for a new one.
func (f *FakeDiscord) message(w http.ResponseWriter, channel string, body []byte, id string) {
	var m map[string]any
	json.Unmarshal(body, &m)
	if m == nil {
		m = map[string]any{}
	}
	if id == "" {
		id = f.nextID()
	}
	m["id"] = id
	m["channel_id"] = channel
	m["author"] = map[string]any{"id": f.BotID, "username": "docbot", "bot": true}
	m["timestamp"] = time.Now().UTC().Format(time.RFC3339)
	json.NewEncoder(w).Encode(m)
}

type gwPayload struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d,omitempty"`
	S  *int64          `json:"s,omitempty"`
	T  string          `json:"t,omitempty"`
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func (f *FakeDiscord) gateway(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	f.connMu.Lock()
	if f.conn != nil {
		f.conn.Close()
	}
	f.conn = c
	f.connMu.Unlock()
	f.send(c, gwPayload{Op: 10, D: json.RawMessage(fmt.Sprintf(`{"heartbeat_interval": %d}`, f.HeartbeatInterval.Milliseconds()))})
	for {
		_, data, err := c.ReadMessage()
		if err != nil {
			return
		}
		var p gwPayload
		if json.Unmarshal(data, &p) != nil {
			c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4002, "decode error"), time.Now().Add(time.Second))
			return
		}
		switch p.Op {
		case 1: // heartbeat
			if !f.ackOff.Load() {
				f.send(c, gwPayload{Op: 11})
			}
		case 2: // identify
			if f.refused(c) {
				return
			}
			var id struct {
				Token   string `json:"token"`
				Intents int    `json:"intents"`
			}
			json.Unmarshal(p.D, &id)
			f.mu.Lock()
			refuseContent := f.RefuseMessageContent && id.Intents&(1<<15) != 0
			f.mu.Unlock()
			if refuseContent {
				c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4014, "Disallowed intent(s)."), time.Now().Add(time.Second))
				c.Close()
				return
			}
			if strings.TrimPrefix(id.Token, "Bot ") != f.Token {
				c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."), time.Now().Add(time.Second))
				c.Close()
				return
			}
			f.mu.Lock()
			f.identify, f.sessions, f.invalid = p.D, f.sessions+1, false
			f.mu.Unlock()
			f.dispatch(c, "READY", map[string]any{
				"v": 9, "session_id": "fake-session", "resume_gateway_url": "ws" + strings.TrimPrefix(f.URL, "http") + "/gateway-ws",
				"user":        map[string]any{"id": f.BotID, "username": "docbot", "discriminator": "0", "bot": true},
				"application": map[string]any{"id": f.AppID, "flags": 0}, "guilds": []any{},
			})
		case 6: // resume
			if f.refused(c) {
				return
			}
			f.mu.Lock()
			invalid := f.invalid
			if invalid {
				f.invalids++
			} else {
				f.resumes++
			}
			f.mu.Unlock()
			if invalid { // Discord: op 9 with d=false, the client must identify anew
				f.send(c, gwPayload{Op: 9, D: json.RawMessage("false")})
				continue
			}
			f.dispatch(c, "RESUMED", map[string]any{})
		}
	}
}

func (f *FakeDiscord) send(c *websocket.Conn, p gwPayload) error {
	f.connMu.Lock()
	defer f.connMu.Unlock()
	return c.WriteJSON(p)
}

func (f *FakeDiscord) dispatch(c *websocket.Conn, event string, data any) error {
	b, err := json.Marshal(data)
	if err != nil {
		return err
	}
	s := atomic.AddInt64(&f.seq, 1)
	return f.send(c, gwPayload{Op: 0, T: event, S: &s, D: b})
}

// current is the open gateway connection; the test fails without one.
func (f *FakeDiscord) current(tb testing.TB) *websocket.Conn {
	tb.Helper()
	f.connMu.Lock()
	defer f.connMu.Unlock()
	if f.conn == nil {
		tb.Fatal("no gateway connection")
	}
	return f.conn
}

// Dispatch sends a gateway event to the connected bot.
func (f *FakeDiscord) Dispatch(tb testing.TB, event string, data any) {
	tb.Helper()
	if err := f.dispatch(f.current(tb), event, data); err != nil {
		tb.Fatalf("dispatch %s: %v", event, err)
	}
}

// WaitConnected waits until the bot has identified (or resumed) n times in all.
func (f *FakeDiscord) WaitConnected(tb testing.TB, n int, timeout time.Duration) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		_, ids, res := f.Identified()
		if ids+res >= n {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	tb.Fatalf("the bot did not connect %d time(s) within %v", n, timeout)
}

// refused closes c with the fatal code set by CloseGateway, if any.
func (f *FakeDiscord) refused(c *websocket.Conn) bool {
	f.mu.Lock()
	code := f.refuse
	f.mu.Unlock()
	if code == 0 {
		return false
	}
	c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, "fake refusal"), time.Now().Add(time.Second))
	c.Close()
	return true
}

// CloseGateway closes the gateway connection with a close code, as Discord
// does. After 4007 and 4009 the session cannot be resumed (a resume gets
// op 9, Invalid Session); after 4004 and 4010-4014 every later identify or
// resume is closed with the same code; other 4xxx codes are resumable.
func (f *FakeDiscord) CloseGateway(code int) {
	f.mu.Lock()
	switch {
	case code == 4007 || code == 4009:
		f.invalid = true
	case code == 4004 || (code >= 4010 && code <= 4014):
		f.refuse = code
	}
	f.mu.Unlock()
	f.connMu.Lock()
	defer f.connMu.Unlock()
	if f.conn != nil {
		f.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, "fake close"), time.Now().Add(time.Second))
		f.conn.Close()
		f.conn = nil
	}
}

// RequestReconnect sends op 7 (Reconnect), as Discord does before moving a
// session: the client must close and resume on a new connection.
func (f *FakeDiscord) RequestReconnect(tb testing.TB) {
	tb.Helper()
	if err := f.send(f.current(tb), gwPayload{Op: 7}); err != nil {
		tb.Fatalf("op 7: %v", err)
	}
}

// GatewayDown makes the gateway refuse connections with 503, as during
// an outage, until called again with false.
func (f *FakeDiscord) GatewayDown(down bool) { f.down.Store(down) }

// GatewayDials counts the connections to the gateway attempted so far,
// refused ones included.
func (f *FakeDiscord) GatewayDials() int { return int(f.dials.Load()) }

// StopAcks makes the gateway ignore heartbeats (a zombie connection).
func (f *FakeDiscord) StopAcks(stop bool) { f.ackOff.Store(stop) }

// Member is a guild member in an interaction or message.
type Member struct {
	UserID      string
	Permissions string   // decimal bit set, as Discord sends it
	Roles       []string // role ids
}

// Command dispatches a slash command interaction and returns its id and token.
// options maps option names to values (string, bool or number).
func (f *FakeDiscord) Command(tb testing.TB, guild string, m *Member, name string, options map[string]any) (id, token string) {
	var opts []any
	for k, v := range options {
		typ := 3
		switch v.(type) {
		case bool:
			typ = 5
		case int, float64:
			typ = 4
		}
		opts = append(opts, map[string]any{"name": k, "type": typ, "value": v})
	}
	return f.interaction(tb, 2, guild, m, map[string]any{"id": "cmd-" + name, "name": name, "type": 1, "options": opts})
}

// ButtonIn is Button in a given channel (interactions default to 3000).
func (f *FakeDiscord) ButtonIn(tb testing.TB, guild, channel string, m *Member, customID string) (id, token string) {
	return f.interactionIn(tb, 3, guild, channel, m, map[string]any{"custom_id": customID, "component_type": 2})
}

func (f *FakeDiscord) interaction(tb testing.TB, typ int, guild string, m *Member, data map[string]any) (string, string) {
	tb.Helper()
	return f.interactionIn(tb, typ, guild, "3000", m, data)
}

func (f *FakeDiscord) interactionIn(tb testing.TB, typ int, guild, channel string, m *Member, data map[string]any) (string, string) {
	tb.Helper()
	id := f.nextID()
	token := "itoken-" + id
	f.mu.Lock()
	perms := fmt.Sprint(f.AppPermissions)
	f.mu.Unlock()
	in := map[string]any{"id": id, "application_id": f.AppID, "type": typ, "data": data, "token": token, "version": 1,
		"channel_id": channel, "app_permissions": perms}
	user := map[string]any{"id": "4000", "username": "asker"}
	if m != nil {
		user["id"] = m.UserID
	}
	if guild != "" {
		in["guild_id"] = guild
		if m != nil {
			in["member"] = map[string]any{"user": user, "permissions": m.Permissions, "roles": m.Roles}
		}
	} else {
		in["user"] = user
	}
	f.Dispatch(tb, "INTERACTION_CREATE", in)
	return id, token
}

// Message dispatches MESSAGE_CREATE. mentionBot adds the bot to mentions
// and prefixes the content with <@bot>. author "" sends a message without
// an author (a system or webhook message).
func (f *FakeDiscord) Message(tb testing.TB, guild, channel, author, content string, mentionBot bool) (id string) {
	tb.Helper()
	id = f.nextID()
	m := map[string]any{"id": id, "channel_id": channel, "content": content, "timestamp": time.Now().UTC().Format(time.RFC3339), "type": 0}
	if guild != "" {
		m["guild_id"] = guild
	}
	if author != "" {
		m["author"] = map[string]any{"id": author, "username": "user" + author}
	}
	if mentionBot {
		m["content"] = "<@" + f.BotID + "> " + content
		m["mentions"] = []any{map[string]any{"id": f.BotID, "username": "docbot", "bot": true}}
	}
	f.Dispatch(tb, "MESSAGE_CREATE", m)
	return id
}

// Attachment is a file attached to a command. The fake serves Data from
// its own CDN path (/attachments/…), as Discord serves attachments from
// cdn.discordapp.com, without authentication.
type Attachment struct {
	Filename    string
	ContentType string
	Data        []byte
	Size        int    // the size the payload declares; 0: len(Data)
	URL         string // the address the payload gives; "": the fake's CDN path
}

// AttachmentDownloads is how many attachment downloads the fake served.
func (f *FakeDiscord) AttachmentDownloads() int { return int(f.fetched.Load()) }

// attachment serves a file attached through Subcommand.
func (f *FakeDiscord) attachment(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	data, ok := f.files[r.URL.Path]
	f.mu.Unlock()
	if !ok || r.Method != http.MethodGet {
		http.NotFound(w, r)
		return
	}
	f.fetched.Add(1)
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Write(data)
}
