package tether_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jpl-au/fluent/html5/div"
	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether"
)

var (
	scriptNonce = regexp.MustCompile(`<script src="/_tether/[^"]+" nonce="([^"]+)"`)
	policyNonce = regexp.MustCompile(`script-src 'nonce-([^']+)' 'strict-dynamic'`)
)

func get(t *testing.T, h http.Handler, prepare ...func(w http.ResponseWriter, r *http.Request) *http.Request) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Accept", "text/html")
	for _, p := range prepare {
		r = p(rec, r)
	}
	h.ServeHTTP(rec, r)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

// Every page carries a strict nonce policy, a fresh nonce per response
// that the runtime's script tag carries, nosniff and a Referrer-Policy.
func TestDefaultSecurityHeaders(t *testing.T) {
	h := tether.Stateful(tether.App{}, counterConfig())
	t.Cleanup(func() { h.Shutdown(context.Background()) })
	seen := map[string]bool{}
	for range 3 {
		res, body := get(t, h)
		csp := res.Header.Get("Content-Security-Policy")
		m, s := policyNonce.FindStringSubmatch(csp), scriptNonce.FindStringSubmatch(body)
		if m == nil || s == nil || m[1] != s[1] || !strings.Contains(csp, "object-src 'none'") || !strings.Contains(csp, "base-uri 'none'") {
			t.Fatalf("policy %q, script nonce %v", csp, s)
		}
		if seen[m[1]] || len(m[1]) < 16 {
			t.Fatalf("nonce %q reused or short", m[1])
		}
		seen[m[1]] = true
		if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Referrer-Policy") != "strict-origin-when-cross-origin" {
			t.Fatalf("headers %v", res.Header)
		}
	}
}

// Security.CSP replaces the policy, DisableCSP removes it, and an app's
// own policy and nonce are kept. InitialState sees the nonce.
func TestCSPSettings(t *testing.T) {
	var nonce string
	cfg := counterConfig()
	cfg.InitialState = func(r *http.Request) counter { nonce = tether.Nonce(r.Context()); return counter{} }
	serveWith := func(sec tether.Security) http.Handler {
		h := tether.Stateful(tether.App{Security: sec}, cfg)
		t.Cleanup(func() { h.Shutdown(context.Background()) })
		return h
	}
	res, body := get(t, serveWith(tether.Security{CSP: tether.DefaultCSP + "; img-src 'self'"}))
	if csp := res.Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "; img-src 'self'") ||
		!strings.Contains(csp, "'nonce-"+nonce+"'") || !strings.Contains(body, `nonce="`+nonce+`"`) {
		t.Fatalf("custom policy %q, nonce %q", csp, nonce)
	}
	res, body = get(t, serveWith(tether.Security{DisableCSP: true}))
	if res.Header.Get("Content-Security-Policy") != "" || strings.Contains(body, "nonce") || nonce != "" ||
		res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("DisableCSP: headers %v, nonce %q", res.Header, nonce)
	}
	own := func(w http.ResponseWriter, r *http.Request) *http.Request {
		w.Header().Set("Content-Security-Policy", "script-src 'nonce-app123'")
		return r.WithContext(tether.ContextWithNonce(r.Context(), "app123"))
	}
	res, body = get(t, serveWith(tether.Security{}), own)
	if res.Header.Get("Content-Security-Policy") != "script-src 'nonce-app123'" || !strings.Contains(body, `nonce="app123"`) || nonce != "app123" {
		t.Fatalf("app policy: %v, nonce %q", res.Header, nonce)
	}
}

// The root tells the runtime about DevMode and the connection banner.
func TestRootClientAttributes(t *testing.T) {
	for _, tt := range []struct {
		app  tether.App
		want []string
		not  []string
	}{
		{tether.App{}, []string{`data-tether-banner-delay="1000"`}, []string{"data-tether-dev", `data-tether-banner="off"`}},
		{tether.App{DevMode: true, Client: tether.Client{DisableBanner: true, BannerDelay: 2500 * time.Millisecond}},
			[]string{"data-tether-dev", `data-tether-banner="off"`, `data-tether-banner-delay="2500"`}, nil},
	} {
		cfg := counterConfig()
		cfg.Render = func(counter) node.Node { return div.Text("x") }
		tt.app.Logger = quiet()
		h := tether.Stateful(tt.app, cfg)
		t.Cleanup(func() { h.Shutdown(context.Background()) })
		_, body := get(t, h)
		root, _, _ := strings.Cut(body, ">")
		for _, w := range tt.want {
			if !strings.Contains(root, w) {
				t.Errorf("root %s lacks %s", root, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(root, n) {
				t.Errorf("root %s has %s", root, n)
			}
		}
	}
}
