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
// request's own scheme, host and port. An Origin carrying userinfo, a
// path or a query is refused. Requests with neither header come from
// non-browser clients, which cross-site request forgery cannot drive,
// and pass.
func originAllowed(r *http.Request, sec *Security, proxies proxyList) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return true
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return r.Header.Get("Sec-Fetch-Site") == ""
	}
	o, ok := parseOrigin(origin)
	if !ok {
		return false
	}
	if len(sec.TrustedOrigins) > 0 {
		for _, t := range sec.TrustedOrigins {
			if want, ok := parseOrigin(strings.TrimRight(t, "/")); ok && want == o {
				return true
			}
		}
		return false
	}
	own, ok := parseOrigin(proxies.scheme(r) + "://" + r.Host)
	return ok && own == o
}

// An origin is a normalised scheme://host:port, the port always
// explicit so http://h and http://h:80 compare equal.
type origin struct{ scheme, host, port string }

// parseOrigin accepts only scheme://host[:port]: userinfo, a path other
// than "/", a query or a fragment make it invalid.
func parseOrigin(s string) (origin, bool) {
	u, err := url.Parse(s)
	if err != nil || u.User != nil || u.Host == "" || u.Opaque != "" ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || strings.Contains(s, "@") {
		return origin{}, false
	}
	o := origin{scheme: strings.ToLower(u.Scheme), host: strings.ToLower(u.Hostname()), port: u.Port()}
	if o.scheme != "http" && o.scheme != "https" {
		return origin{}, false
	}
	if o.port == "" {
		o.port = map[string]string{"http": "80", "https": "443"}[o.scheme]
	}
	return o, true
}

func headerHas(v, token string) bool {
	for _, part := range strings.Split(v, ",") {
		if strings.EqualFold(strings.TrimSpace(part), token) {
			return true
		}
	}
	return false
}
