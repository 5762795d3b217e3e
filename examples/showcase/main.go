// Command showcase serves tether's example apps on one page. It needs no
// services: everything runs in memory. Set PORT or pass -addr to change
// where it listens.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
)

func main() {
	addr := flag.String("addr", "", "listen address (default $PORT or 127.0.0.1:8080)")
	flag.Parse()
	if *addr == "" {
		*addr = "127.0.0.1:8080"
		if p := os.Getenv("PORT"); p != "" {
			*addr = ":" + p
		}
	}
	fmt.Printf("tether showcase on http://%s\n", *addr)
	log.Fatal(http.ListenAndServe(*addr, newMux()))
}

func newMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!DOCTYPE html><title>tether showcase</title><h1>tether showcase</h1><p>The live examples arrive with the stateful handler.</p>")
	})
	return mux
}
