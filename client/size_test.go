package client

import (
	"os"
	"testing"
)

// maxBrotli is the budget for the brotli-compressed runtime, idiomorph
// included: what a first visit downloads.
const maxBrotli = 16 << 10

func TestRuntimeSize(t *testing.T) {
	sizes := map[string]int64{}
	for _, name := range []string{"tether.js", "tether.js.gz", "tether.js.br"} {
		fi, err := os.Stat("dist/" + name)
		if err != nil {
			t.Fatal(err)
		}
		sizes[name] = fi.Size()
	}
	t.Logf("tether.js %d B, gzip %d B, brotli %d B", sizes["tether.js"], sizes["tether.js.gz"], sizes["tether.js.br"])
	if br := sizes["tether.js.br"]; br > maxBrotli {
		t.Fatalf("dist/tether.js.br is %d B, over the %d B budget", br, maxBrotli)
	}
}
