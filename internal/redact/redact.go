// Package redact removes secrets from text before it is logged or printed:
// passwords in URLs, Discord interaction and webhook tokens in API paths,
// and keys or tokens in query strings. Handler applies it to every log line.
package redact

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
)

// Mark replaces each secret.
const Mark = "[redacted]"

var (
	// scheme://user:password@ and scheme://token@
	userinfoRe = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@\s:"']*)(:[^/@\s"']*)?@`)
	// Discord's /webhooks/{application}/{interaction token} and
	// /interactions/{id}/{token}: the token lets anyone edit the reply or
	// post as the bot for 15 minutes.
	discordRe = regexp.MustCompile(`(/(?:webhooks|interactions)/[0-9]+/)[A-Za-z0-9_.\-]+`)
	queryRe   = regexp.MustCompile(`(?i)([?&](?:api[_-]?key|key|token|access_token|auth|password|secret|sig)=)[^&\s"']+`)
	bearerRe  = regexp.MustCompile(`(?i)\b(Bot|Bearer)\s+[A-Za-z0-9_.\-]{20,}`)
)

// String returns s with every secret it recognises replaced by Mark.
func String(s string) string {
	if !strings.ContainsAny(s, "/=") && !strings.Contains(s, "Bot ") && !strings.Contains(s, "Bearer ") {
		return s // nothing to look for: most log values
	}
	s = userinfoRe.ReplaceAllStringFunc(s, func(m string) string {
		sub := userinfoRe.FindStringSubmatch(m)
		if sub[3] != "" { // user:password@ keeps the user
			return sub[1] + sub[2] + ":" + Mark + "@"
		}
		return sub[1] + Mark + "@"
	})
	s = discordRe.ReplaceAllString(s, "${1}"+Mark)
	s = queryRe.ReplaceAllString(s, "${1}"+Mark)
	return bearerRe.ReplaceAllString(s, "${1} "+Mark)
}

// Handler wraps h so that the message and every attribute of every
// record (errors, strings, anything printed) pass through String.
func Handler(h slog.Handler) slog.Handler {
	if _, ok := h.(handler); ok {
		return h
	}
	return handler{h}
}

type handler struct{ h slog.Handler }

func (r handler) Enabled(ctx context.Context, l slog.Level) bool { return r.h.Enabled(ctx, l) }

func (r handler) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, String(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(attr(a))
		return true
	})
	return r.h.Handle(ctx, out)
}

func (r handler) WithAttrs(as []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(as))
	for i, a := range as {
		clean[i] = attr(a)
	}
	return handler{r.h.WithAttrs(clean)}
}

func (r handler) WithGroup(name string) slog.Handler { return handler{r.h.WithGroup(name)} }

func attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, String(v.String()))
	case slog.KindGroup:
		as := v.Group()
		clean := make([]slog.Attr, len(as))
		for i, g := range as {
			clean[i] = attr(g)
		}
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(clean...)}
	case slog.KindAny:
		var s string
		switch x := v.Any().(type) {
		case error:
			s = x.Error()
		case fmt.Stringer:
			s = x.String()
		default:
			s = fmt.Sprint(x)
		}
		if c := String(s); c != s {
			return slog.String(a.Key, c)
		}
		if err, ok := v.Any().(error); ok {
			return slog.String(a.Key, err.Error()) // as the JSON handler would print it
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}
