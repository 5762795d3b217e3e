package tether_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/tetherui/tether"
)

// Only page loads get a session: a favicon, an image, a script or a
// fetch for JSON get 404, a prefetch gets the page without a session.
func TestOnlyPagesGetSessions(t *testing.T) {
	checkLeaks(t)
	const (
		chromeNav   = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8"
		chromeImage = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"
	)
	for _, tt := range []struct {
		name    string
		path    string
		header  map[string]string
		status  int
		session bool
	}{
		{"navigation", "/", map[string]string{"Accept": chromeNav, "Sec-Fetch-Dest": "document"}, 200, true},
		{"iframe", "/", map[string]string{"Accept": chromeNav, "Sec-Fetch-Dest": "iframe"}, 200, true},
		{"no headers (curl, Go)", "/", nil, 200, true},
		{"curl", "/", map[string]string{"Accept": "*/*"}, 200, true},
		{"favicon", "/favicon.ico", map[string]string{"Accept": chromeImage, "Sec-Fetch-Dest": "image"}, 404, false},
		{"favicon, old browser", "/favicon.ico", map[string]string{"Accept": chromeImage}, 404, false},
		{"robots.txt", "/robots.txt", map[string]string{"Accept": "text/plain"}, 404, false},
		{"script", "/x.js", map[string]string{"Accept": "*/*", "Sec-Fetch-Dest": "script"}, 404, false},
		{"fetch JSON", "/", map[string]string{"Accept": "application/json", "Sec-Fetch-Dest": "empty"}, 404, false},
		{"fetch HTML", "/", map[string]string{"Accept": "text/html", "Sec-Fetch-Dest": "empty"}, 200, true},
		{"prefetch", "/", map[string]string{"Accept": chromeNav, "Sec-Fetch-Dest": "document", "Sec-Purpose": "prefetch"}, 200, false},
		{"prerender", "/", map[string]string{"Accept": chromeNav, "Sec-Fetch-Dest": "document", "Sec-Purpose": "prefetch;prerender"}, 200, false},
		{"legacy prefetch", "/", map[string]string{"Accept": chromeNav, "Purpose": "prefetch"}, 200, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := tether.Stateful(tether.App{Logger: quiet()}, counterConfig())
			srv := serve(t, h)
			req, _ := http.NewRequest(http.MethodGet, srv.URL+tt.path, nil)
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			res, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			hasID := sessionAttr.Match(body)
			if res.StatusCode != tt.status || hasID != tt.session || (h.Health().Pending == 1) != tt.session {
				t.Fatalf("status %d, session in page %v, health %+v", res.StatusCode, hasID, h.Health())
			}
		})
	}
}
