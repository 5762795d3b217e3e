// Command protocoljs writes client/src/protocol.js from package protocol.
// Run it through `go generate ./client`.
package main

import (
	"log"
	"os"

	"github.com/tetherui/tether/internal/protocol"
)

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: protocoljs OUTPUT.js")
	}
	if err := os.WriteFile(os.Args[1], protocol.JS(), 0o644); err != nil {
		log.Fatal(err)
	}
}
