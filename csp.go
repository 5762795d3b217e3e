package tether

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strings"
)

// DefaultCSP is the Content-Security-Policy every page is served with
// unless Security says otherwise. {nonce} stands for the response's
// nonce: only scripts carrying it run, and scripts they load
// ('strict-dynamic'). Inline event handlers (onclick="…") and injected
// <script> elements do not run, so markup injected through an unescaped
// attribute cannot execute.
const DefaultCSP = "script-src 'nonce-{nonce}' 'strict-dynamic'; object-src 'none'; base-uri 'none'"

// referrerPolicy sends the origin, not the path, to other sites.
const referrerPolicy = "strict-origin-when-cross-origin"

// securePage sets the security headers of a page response and returns r
// carrying the page's CSP nonce. An app that set its own
// Content-Security-Policy header keeps it; a nonce it passed with
// ContextWithNonce is used rather than a new one.
func (h *Handler[S]) securePage(w http.ResponseWriter, r *http.Request) *http.Request {
	hd := w.Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	if hd.Get("Referrer-Policy") == "" {
		hd.Set("Referrer-Policy", referrerPolicy)
	}
	sec := &h.app.Security
	if sec.DisableCSP || hd.Get("Content-Security-Policy") != "" {
		return r
	}
	nonce := Nonce(r.Context())
	if nonce == "" {
		nonce = newNonce()
		r = r.WithContext(ContextWithNonce(r.Context(), nonce))
	}
	policy := sec.CSP
	if policy == "" {
		policy = DefaultCSP
	}
	hd.Set("Content-Security-Policy", strings.ReplaceAll(policy, "{nonce}", nonce))
	return r
}

// newNonce returns 128 random bits, base64-encoded.
func newNonce() string {
	var b [16]byte
	rand.Read(b[:])
	return base64.StdEncoding.EncodeToString(b[:])
}

type nonceKey struct{}

// ContextWithNonce returns ctx carrying a Content-Security-Policy nonce.
// Apps that send their own policy pass their request through it
// (r.WithContext(tether.ContextWithNonce(r.Context(), n))); tether then
// puts that nonce on its script tag and hands it to the runtime, which
// uses it for any element it must create with one.
func ContextWithNonce(ctx context.Context, nonce string) context.Context {
	return context.WithValue(ctx, nonceKey{}, nonce)
}

// Nonce returns the Content-Security-Policy nonce of the page being
// served, or "" when there is none (Security.DisableCSP). The request
// passed to InitialState and the Context of the Session passed to
// OnNavigate carry it. A Layout with inline scripts marks them with it:
// keep it in the state in InitialState, since Layout gets no request.
func Nonce(ctx context.Context) string {
	n, _ := ctx.Value(nonceKey{}).(string)
	return n
}
