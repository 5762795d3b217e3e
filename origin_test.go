package tether_test

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tetherui/tether"
)

// The origin check compares scheme, host and port, and refuses userinfo.
func TestOriginCheck(t *testing.T) {
	for _, tt := range []struct {
		name    string
		origin  string
		tls     bool
		proto   string // X-Forwarded-Proto
		proxies []string
		trusted []string
		ok      bool
	}{
		{name: "same origin", origin: "http://app.test", ok: true},
		{name: "explicit default port", origin: "http://app.test:80", ok: true},
		{name: "other host", origin: "http://evil.test"},
		{name: "other port", origin: "http://app.test:8080"},
		{name: "https origin over plain http", origin: "https://app.test"},
		{name: "http origin over TLS", origin: "http://app.test", tls: true},
		{name: "https over TLS", origin: "https://app.test", tls: true, ok: true},
		{name: "userinfo", origin: "http://evil@app.test"},
		{name: "userinfo with password", origin: "http://app.test:x@app.test"},
		{name: "path", origin: "http://app.test/x"},
		{name: "not a URL", origin: "app.test"},
		{name: "null", origin: "null"},
		{name: "forwarded proto untrusted", origin: "https://app.test", proto: "https"},
		{name: "forwarded proto from trusted proxy", origin: "https://app.test", proto: "https", proxies: []string{"192.0.2.0/24"}, ok: true},
		{name: "trusted origin", origin: "https://other.test", trusted: []string{"https://other.test"}, ok: true},
		{name: "trusted origin, other scheme", origin: "http://other.test", trusted: []string{"https://other.test"}},
		{name: "trusted origin, other port", origin: "https://other.test:8443", trusted: []string{"https://other.test"}},
		{name: "trusted origin with port", origin: "https://other.test:8443", trusted: []string{"https://other.test:8443/"}, ok: true},
		{name: "trusted origin, userinfo", origin: "https://evil@other.test", trusted: []string{"https://other.test"}},
		{name: "own host not trusted when a list is set", origin: "http://app.test", trusted: []string{"https://other.test"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sec := tether.Security{TrustedOrigins: tt.trusted, TrustedProxies: tt.proxies}
			h := tether.Stateful(tether.App{Logger: quiet(), Security: sec}, counterConfig())
			defer h.Shutdown(t.Context())
			d := watch(h)
			r := httptest.NewRequest(http.MethodGet, "http://app.test/", nil)
			r.RemoteAddr = "192.0.2.10:5555"
			r.Header.Set("Connection", "Upgrade")
			r.Header.Set("Upgrade", "websocket")
			r.Header.Set("Origin", tt.origin)
			r.Header.Set("Sec-Fetch-Site", "cross-site")
			if tt.tls {
				r.TLS = &tls.ConnectionState{}
			}
			if tt.proto != "" {
				r.Header.Set("X-Forwarded-Proto", tt.proto)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			refused := w.Code == http.StatusForbidden && d.count(tether.OriginRejected) == 1
			if refused == tt.ok {
				t.Fatalf("origin %q: status %d, refused %v", tt.origin, w.Code, refused)
			}
		})
	}
}
