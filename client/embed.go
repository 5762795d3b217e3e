// Package client embeds tether's browser runtime and serves it.
//
// The runtime is built from client/src by client/build.mjs (npm run
// build) into client/dist, which is committed: Go builds never need Node.
// Handler serves dist/tether.js under a content-hashed name, so it can be
// cached forever, pre-compressed with brotli or gzip as the browser
// accepts.
package client

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

//go:embed dist
var dist embed.FS

// An encoding is one stored representation of the script.
type encoding struct {
	name string // Content-Encoding value; "" for identity
	body []byte
	etag string
}

var (
	scriptName string
	encodings  [3]encoding // br, gzip, identity: the order of preference
)

func init() {
	read := func(name string) []byte {
		b, err := dist.ReadFile("dist/" + name)
		if err != nil {
			panic("tether/client: missing " + name + " in the embedded dist; run npm run build")
		}
		return b
	}
	raw := read("tether.js")
	sum := sha256.Sum256(raw)
	hash := hex.EncodeToString(sum[:])[:12]
	scriptName = "tether." + hash + ".js"
	encodings = [3]encoding{
		{"br", read("tether.js.br"), `"` + hash + `-br"`},
		{"gzip", read("tether.js.gz"), `"` + hash + `-gz"`},
		{"", raw, `"` + hash + `"`},
	}
}

// ScriptPath returns the file name the runtime is served under,
// "tether.<hash>.js", where hash is the first 12 hex digits of the
// SHA-256 of the script. It changes whenever the script does.
func ScriptPath() string { return scriptName }

// Handler serves the runtime at any path ending in "/"+ScriptPath() (or
// equal to ScriptPath(), under http.StripPrefix), for GET and HEAD. The
// response is immutable and cached for a year; its Content-Encoding is
// negotiated from Accept-Encoding (br, then gzip, then identity, by
// q-value) with Vary: Accept-Encoding and a strong ETag per encoding.
// Other paths get 404.
func Handler() http.Handler { return http.HandlerFunc(serve) }

func serve(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if p != scriptName && !strings.HasSuffix(p, "/"+scriptName) {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	h := w.Header()
	h.Set("Vary", "Accept-Encoding")
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	e := negotiate(r.Header.Values("Accept-Encoding"))
	if e == nil {
		http.Error(w, "no acceptable content encoding", http.StatusNotAcceptable)
		return
	}
	if e.name != "" {
		h.Set("Content-Encoding", e.name)
	}
	h.Set("ETag", e.etag)
	// ServeContent answers If-None-Match, Range and HEAD.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(e.body))
}

// negotiate picks the representation for the Accept-Encoding header
// values: the acceptable one with the highest q-value, ties going to br,
// then gzip, then identity. Identity, when not named, is acceptable but
// comes last. No header, or an empty one, means identity.
// It returns nil when every representation is refused (q=0).
func negotiate(values []string) *encoding {
	q := acceptQ(values)
	var best *encoding
	bestQ := 0.0
	for i := range encodings {
		e := &encodings[i]
		name := e.name
		if name == "" {
			name = "identity"
		}
		v, ok := q[name]
		if !ok {
			v, ok = q["*"]
		}
		if !ok {
			if name != "identity" {
				continue
			}
			// identity is acceptable unless refused, but any coding the
			// client names with q > 0 is preferred to it.
			v = math.SmallestNonzeroFloat64
		}
		if v > bestQ {
			best, bestQ = e, v
		}
	}
	return best
}

// acceptQ parses Accept-Encoding header values into coding -> q-value,
// coding names lower-cased; x-gzip counts as gzip. A malformed q-value
// makes its entry refused.
func acceptQ(values []string) map[string]float64 {
	q := map[string]float64{}
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			name, params, _ := strings.Cut(part, ";")
			name = strings.ToLower(strings.TrimSpace(name))
			if name == "" {
				continue
			}
			if name == "x-gzip" {
				name = "gzip"
			}
			weight := 1.0
			for _, p := range strings.Split(params, ";") {
				k, val, ok := strings.Cut(strings.TrimSpace(p), "=")
				if !ok || !strings.EqualFold(strings.TrimSpace(k), "q") {
					continue
				}
				f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0
				}
				weight = f
			}
			if prev, seen := q[name]; !seen || weight > prev {
				q[name] = weight
			}
		}
	}
	return q
}
