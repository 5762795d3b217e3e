package client

import (
	"bytes"
	"os"
	"testing"

	"github.com/tetherui/tether/internal/protocol"
)

// TestProtocolJSIsGenerated fails when client/src/protocol.js differs
// from what internal/protocol generates: run `go generate ./client`.
func TestProtocolJSIsGenerated(t *testing.T) {
	got, err := os.ReadFile("src/protocol.js")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, protocol.JS()) {
		t.Fatal("client/src/protocol.js is stale: run go generate ./client")
	}
}
