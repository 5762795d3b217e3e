package main

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestShowcaseServesIndex(t *testing.T) {
	srv := httptest.NewServer(newMux())
	defer srv.Close()
	res, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || !strings.Contains(string(body), "tether showcase") {
		t.Fatalf("status %d body %q", res.StatusCode, body)
	}
}
