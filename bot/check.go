package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Application flags saying the Message Content intent is enabled in the
// Developer Portal (the limited one for bots in under 100 servers).
const (
	appFlagMessageContent        = 1 << 18
	appFlagMessageContentLimited = 1 << 19
)

// TokenCheck is what Discord says about the bot's token, for docbot doctor.
type TokenCheck struct {
	Username string
	// MessageContent reports whether the application may request the
	// privileged MESSAGE_CONTENT intent (DOCBOT_MESSAGE_CONTENT).
	MessageContent bool
}

// CheckToken asks Discord at origin ("" for https://discord.com) who the
// token belongs to and which privileged intents its application has,
// without connecting to the gateway. A rejected token is ErrBadToken.
func CheckToken(ctx context.Context, origin, token string) (TokenCheck, error) {
	if origin == "" {
		origin = "https://discord.com"
	}
	o, err := url.Parse(origin)
	if err != nil {
		return TokenCheck{}, fmt.Errorf("DOCBOT_DISCORD_URL %q: %w", origin, err)
	}
	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return TokenCheck{}, fmt.Errorf("discord session: %w", err)
	}
	s.Client = &http.Client{Transport: originTransport{o, http.DefaultTransport}, Timeout: 10 * time.Second}
	s.ShouldRetryOnRateLimit = false
	me, err := s.User("@me", discordgo.WithContext(ctx))
	if err != nil {
		var re *discordgo.RESTError
		if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized {
			return TokenCheck{}, ErrBadToken
		}
		return TokenCheck{}, fmt.Errorf("reach discord at %s: %w", origin, err)
	}
	body, err := s.RequestWithBucketID("GET", discordgo.EndpointApplication("@me"), nil, discordgo.EndpointApplication(""), discordgo.WithContext(ctx))
	if err != nil {
		return TokenCheck{Username: me.Username}, fmt.Errorf("read the application: %w", err)
	}
	var app discordgo.Application
	if err := json.Unmarshal(body, &app); err != nil {
		return TokenCheck{Username: me.Username}, fmt.Errorf("read the application: %w", err)
	}
	return TokenCheck{Username: me.Username, MessageContent: app.Flags&(appFlagMessageContent|appFlagMessageContentLimited) != 0}, nil
}
