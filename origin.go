package tether

import (
	"net/http"
	"net/url"
	"strings"
)

// originAllowed decides whether a state-changing request (a transport
// upgrade) may proceed. Sec-Fetch-Site is trusted first: same-origin and
// user-initiated requests pass. Otherwise the Origin header must be in
// Security.TrustedOrigins, or, when that list is empty, name the
// request's own host. Requests with neither header come from non-browser
// clients, which cross-site request forgery cannot drive, and pass.
func originAllowed(r *http.Request, trusted []string) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return true
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return r.Header.Get("Sec-Fetch-Site") == ""
	}
	for _, t := range trusted {
		if strings.EqualFold(strings.TrimRight(t, "/"), origin) {
			return true
		}
	}
	if len(trusted) > 0 {
		return false
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host != "" && strings.EqualFold(u.Host, r.Host)
}

func headerHas(v, token string) bool {
	for _, part := range strings.Split(v, ",") {
		if strings.EqualFold(strings.TrimSpace(part), token) {
			return true
		}
	}
	return false
}
