package redact

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	tests := []struct{ in, want string }{
		{`Patch "https://discord.com/api/v9/webhooks/1000/aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDpzZWNyZXQ/messages/@original": dial tcp: connection refused`,
			`Patch "https://discord.com/api/v9/webhooks/1000/[redacted]/messages/@original": dial tcp: connection refused`},
		{`Post "http://127.0.0.1:4000/api/v9/interactions/77/tok-en_1.2/callback": EOF`,
			`Post "http://127.0.0.1:4000/api/v9/interactions/77/[redacted]/callback": EOF`},
		{"http://alice:s3cret@llm.internal:8080/v1", "http://alice:[redacted]@llm.internal:8080/v1"},
		{"https://sk-abcdef@api.example.com/v1", "https://[redacted]@api.example.com/v1"},
		{"https://api.example.com/v1?api_key=sk-123&model=x", "https://api.example.com/v1?api_key=[redacted]&model=x"},
		{"Authorization: Bot MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz", "Authorization: Bot [redacted]"},
		{"http://localhost:11434/v1", "http://localhost:11434/v1"},
		{"what did Trump offer on ground troops?", "what did Trump offer on ground troops?"},
		{"mailto:someone@example.com", "mailto:someone@example.com"},
	}
	for _, tt := range tests {
		if got := String(tt.in); got != tt.want {
			t.Errorf("String(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestHandlerRedactsEveryLine(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(Handler(slog.NewJSONHandler(&buf, nil))).With("origin", "https://u:pw@discord.example")
	err := errors.New(`Patch "https://discord.com/api/v9/webhooks/1000/SECRETTOKEN/messages/@original": i/o timeout`)
	log.Warn("discord request failed at https://u:pw@x", "error", err, slog.Group("g", "url", "http://a:b@c"), "n", 3, "ids", []string{"a#1"})
	out := buf.String()
	for _, secret := range []string{"SECRETTOKEN", "pw", ":b@"} {
		if strings.Contains(out, secret) {
			t.Errorf("log line holds %q: %s", secret, out)
		}
	}
	if !strings.Contains(out, `"n":3`) || !strings.Contains(out, `"ids":["a#1"]`) {
		t.Errorf("other values changed: %s", out)
	}
}
