package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxSitemapDepth bounds sitemap indexes pointing at sitemap indexes.
const maxSitemapDepth = 3

// sitemap reads a sitemap or sitemap index (sitemaps.org, gzipped or
// not) and returns its page URLs on the sitemap's host. errNotFound means
// there is none.
func (c *crawl) sitemap(ctx context.Context, u *url.URL, rb *robots, depth int) ([]*url.URL, error) {
	if depth > maxSitemapDepth {
		return nil, fmt.Errorf("sitemap %s: indexes nested too deep", u)
	}
	if !rb.allowed(requestPath(u)) {
		return nil, fmt.Errorf("sitemap %s: disallowed by robots.txt", u)
	}
	resp, err := c.get(ctx, u, rb, http.Header{})
	if err != nil {
		return nil, fmt.Errorf("sitemap %s: %w", u, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return nil, errNotFound
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("sitemap %s: %s", u, resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, 50<<20))
	if err != nil {
		return nil, fmt.Errorf("sitemap %s: %w", u, err)
	}
	c.rep.Bytes += int64(len(data))
	if bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("sitemap %s: %w", u, err)
		}
		if data, err = io.ReadAll(io.LimitReader(zr, 50<<20)); err != nil {
			return nil, fmt.Errorf("sitemap %s: %w", u, err)
		}
	}
	var doc struct {
		XMLName  xml.Name
		URLs     []string `xml:"url>loc"`
		Sitemaps []string `xml:"sitemap>loc"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("sitemap %s: not a sitemap: %w", u, err)
	}
	var out []*url.URL
	for _, s := range doc.Sitemaps {
		su, err := u.Parse(strings.TrimSpace(s))
		if err != nil || su.Host != u.Host {
			continue
		}
		us, err := c.sitemap(ctx, su, rb, depth+1)
		if err != nil {
			return nil, err
		}
		out = append(out, us...)
	}
	for _, s := range doc.URLs {
		pu, err := u.Parse(strings.TrimSpace(s))
		if err != nil || pu.Host != u.Host || (pu.Scheme != "http" && pu.Scheme != "https") {
			continue
		}
		pu.Fragment = ""
		out = append(out, pu)
	}
	return out, nil
}

// links are the http(s) links of an HTML page, resolved against its URL
// (or its <base>), without fragments; rel=nofollow links are left out.
func links(base *url.URL, body []byte) []*url.URL {
	if len(body) == 0 {
		return nil
	}
	root, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return nil
	}
	var out []*url.URL
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			var href, rel string
			for _, a := range n.Attr {
				switch a.Key {
				case "href":
					href = a.Val
				case "rel":
					rel = a.Val
				}
			}
			switch {
			case n.DataAtom == atom.Base && href != "":
				if b, err := base.Parse(href); err == nil {
					base = b
				}
			case n.DataAtom == atom.A && href != "" && !strings.Contains(rel, "nofollow"):
				if u, err := base.Parse(href); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
					u.Fragment = ""
					out = append(out, u)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}
