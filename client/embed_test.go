package client

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"testing"
)

func TestScriptPathIsContentHash(t *testing.T) {
	raw, err := os.ReadFile("dist/tether.js")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	want := "tether." + hex.EncodeToString(sum[:])[:12] + ".js"
	if got := ScriptPath(); got != want {
		t.Fatalf("ScriptPath() = %q, want %q", got, want)
	}
	if !regexp.MustCompile(`^tether\.[0-9a-f]{12}\.js$`).MatchString(ScriptPath()) {
		t.Fatalf("ScriptPath() = %q has the wrong shape", ScriptPath())
	}
}

func get(t *testing.T, method, path string, hdr map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, path, nil)
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	Handler().ServeHTTP(w, r)
	return w
}

func TestNegotiation(t *testing.T) {
	for _, c := range []struct {
		accept string
		set    bool
		want   string // Content-Encoding; "" identity; "406" refused
	}{
		{"", false, ""},
		{"", true, ""},
		{"gzip, deflate, br, zstd", true, "br"},
		{"gzip, deflate", true, "gzip"},
		{"x-gzip", true, "gzip"},
		{"GZIP;Q=0.5, BR;q=0.4", true, "gzip"},
		{"br;q=0.5, gzip;q=0.5", true, "br"},
		{"br;q=0, gzip", true, "gzip"},
		{"br;q=0, gzip;q=0", true, ""},
		{"identity", true, ""},
		{"deflate", true, ""},
		{"*", true, "br"},
		{"*;q=0.5, gzip;q=0.8", true, "gzip"},
		{"br;q=0.1, identity;q=0.9", true, ""},
		{"gzip;q=0.2, identity;q=0.2", true, "gzip"},
		{"identity;q=0", true, "406"},
		{"*;q=0", true, "406"},
		{"*;q=0, identity", true, ""},
		{"br;q=bogus", true, ""},
		{"br;q=1.5", true, ""},
		{"br ; q=0.9 , gzip ; q=0.8", true, "br"},
	} {
		hdr := map[string]string{}
		if c.set {
			hdr["Accept-Encoding"] = c.accept
		}
		w := get(t, http.MethodGet, "/"+ScriptPath(), hdr)
		if c.want == "406" {
			if w.Code != http.StatusNotAcceptable {
				t.Errorf("Accept-Encoding %q: status %d, want 406", c.accept, w.Code)
			}
			continue
		}
		if w.Code != http.StatusOK {
			t.Errorf("Accept-Encoding %q: status %d", c.accept, w.Code)
			continue
		}
		if got := w.Header().Get("Content-Encoding"); got != c.want {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", c.accept, got, c.want)
		}
	}
}

func TestBodiesAndHeaders(t *testing.T) {
	raw, err := os.ReadFile("dist/tether.js")
	if err != nil {
		t.Fatal(err)
	}
	etags := map[string]bool{}
	for _, enc := range []string{"br", "gzip", "identity"} {
		w := get(t, http.MethodGet, "/assets/"+ScriptPath(), map[string]string{"Accept-Encoding": enc})
		h := w.Header()
		if w.Code != http.StatusOK {
			t.Fatalf("%s: status %d", enc, w.Code)
		}
		for k, v := range map[string]string{
			"Cache-Control": "public, max-age=31536000, immutable",
			"Content-Type":  "text/javascript; charset=utf-8",
			"Vary":          "Accept-Encoding",
		} {
			if h.Get(k) != v {
				t.Errorf("%s: %s = %q, want %q", enc, k, h.Get(k), v)
			}
		}
		etag := h.Get("ETag")
		if !regexp.MustCompile(`^"[0-9a-f]{12}(-br|-gz)?"$`).MatchString(etag) || etags[etag] {
			t.Errorf("%s: ETag %q is malformed or shared", enc, etag)
		}
		etags[etag] = true
		body := w.Body.Bytes()
		switch enc {
		case "identity":
			if !bytes.Equal(body, raw) {
				t.Error("identity body differs from dist/tether.js")
			}
		case "gzip":
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			plain, err := io.ReadAll(zr)
			if err != nil || !bytes.Equal(plain, raw) {
				t.Errorf("gzip body does not decompress to dist/tether.js (%v)", err)
			}
		case "br":
			br, _ := os.ReadFile("dist/tether.js.br")
			if !bytes.Equal(body, br) {
				t.Error("br body differs from dist/tether.js.br")
			}
		}
		if h.Get("Content-Length") != "" && h.Get("Content-Length") != strconv.Itoa(len(body)) {
			t.Errorf("%s: Content-Length %s for %d bytes", enc, h.Get("Content-Length"), len(body))
		}

		// Revalidation with the ETag of this representation.
		w2 := get(t, http.MethodGet, "/"+ScriptPath(), map[string]string{"Accept-Encoding": enc, "If-None-Match": etag})
		if w2.Code != http.StatusNotModified {
			t.Errorf("%s: If-None-Match: status %d, want 304", enc, w2.Code)
		}
	}
}

func TestPathsAndMethods(t *testing.T) {
	strip := http.StripPrefix("/static/", Handler())
	w := httptest.NewRecorder()
	strip.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/static/"+ScriptPath(), nil))
	if w.Code != http.StatusOK {
		t.Errorf("under StripPrefix: status %d", w.Code)
	}
	if w := get(t, http.MethodHead, "/"+ScriptPath(), nil); w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Errorf("HEAD: status %d, %d body bytes", w.Code, w.Body.Len())
	}
	for _, p := range []string{"/", "/tether.js", "/tether.000000000000.js", "/x" + ScriptPath(), "/" + ScriptPath() + "/", "/dist/tether.js.br"} {
		if w := get(t, http.MethodGet, p, nil); w.Code != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", p, w.Code)
		}
	}
	w = get(t, http.MethodPost, "/"+ScriptPath(), nil)
	if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: status %d, Allow %q", w.Code, w.Header().Get("Allow"))
	}
}
