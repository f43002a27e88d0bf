package web

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"
)

// robots is the part of a robots.txt (RFC 9309) that applies to docbot:
// the rules of the group naming docbot, else of the "*" group.
type robots struct {
	rules    []rule
	delay    time.Duration // Crawl-delay, when given
	sitemaps []string
}

type rule struct {
	allow   bool
	pattern string // path pattern: "*" matches any run, a final "$" the end
}

// parseRobots reads a robots.txt for the user agent token agent.
func parseRobots(r io.Reader, agent string) *robots {
	agent = strings.ToLower(agent)
	type group struct {
		agents []string
		rules  []rule
		delay  time.Duration
	}
	var groups []*group
	var cur *group
	inAgents := false
	out := &robots{}
	sc := bufio.NewScanner(io.LimitReader(r, 512<<10))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key, val = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(val)
		switch key {
		case "user-agent":
			if !inAgents {
				cur = &group{}
				groups = append(groups, cur)
			}
			cur.agents = append(cur.agents, strings.ToLower(val))
			inAgents = true
		case "allow", "disallow":
			inAgents = false
			if cur != nil && (val != "" || key == "allow") {
				cur.rules = append(cur.rules, rule{allow: key == "allow", pattern: val})
			}
		case "crawl-delay":
			inAgents = false
			if cur != nil {
				if f, err := strconv.ParseFloat(val, 64); err == nil && f > 0 {
					cur.delay = time.Duration(f * float64(time.Second))
				}
			}
		case "sitemap":
			out.sitemaps = append(out.sitemaps, val)
		}
	}
	var star *group
	for _, g := range groups {
		for _, a := range g.agents {
			if a == agent || strings.HasPrefix(agent, a) && a != "" && a != "*" {
				out.rules, out.delay = g.rules, g.delay
				return out
			}
			if a == "*" && star == nil {
				star = g
			}
		}
	}
	if star != nil {
		out.rules, out.delay = star.rules, star.delay
	}
	return out
}

// allowed reports whether path (with its query) may be fetched: the
// longest matching rule decides, Allow winning a tie; no rule allows.
func (r *robots) allowed(path string) bool {
	if r == nil || path == "/robots.txt" {
		return true
	}
	best, allow := -1, true
	for _, ru := range r.rules {
		if ru.pattern == "" || !matchPattern(ru.pattern, path) {
			continue
		}
		if n := len(ru.pattern); n > best || (n == best && ru.allow) {
			best, allow = n, ru.allow
		}
	}
	return allow
}

// matchPattern matches a robots.txt path pattern against the start of path.
func matchPattern(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	pattern = strings.TrimSuffix(pattern, "$")
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	rest := path[len(parts[0]):]
	for i, p := range parts[1:] {
		last := i == len(parts)-2
		if last && anchored {
			return strings.HasSuffix(rest, p)
		}
		j := strings.Index(rest, p)
		if j < 0 {
			return false
		}
		rest = rest[j+len(p):]
	}
	return !anchored || rest == "" || len(parts) > 1 && parts[len(parts)-1] == ""
}
