package main

import (
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tetherui/tether"
)

// The showcase page renders every section and pre-warms a session.
func TestShowcasePage(t *testing.T) {
	h := newHandler()
	srv := httptest.NewServer(h)
	defer func() { h.Shutdown(context.Background()); srv.Close() }()
	res, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	for _, want := range []string{"Count: 0", `data-tether-key="item-4"`, "data-tether-session=", "/_tether/tether."} {
		if !strings.Contains(string(body), want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// Handle sorts, reverses and grows the keyed list.
func TestShowcaseHandle(t *testing.T) {
	s := State{Items: []int{3, 1, 2}, Next: 4}
	for _, tt := range []struct {
		action string
		want   []int
	}{{"sort", []int{1, 2, 3}}, {"reverse", []int{3, 2, 1}}, {"add", []int{3, 4, 2, 1}}} {
		s = handle(nil, s, eventFor(tt.action))
		if len(s.Items) != len(tt.want) {
			t.Fatalf("%s: %v", tt.action, s.Items)
		}
		for i := range tt.want {
			if s.Items[i] != tt.want[i] {
				t.Fatalf("%s: %v, want %v", tt.action, s.Items, tt.want)
			}
		}
	}
}

func eventFor(action string) tether.Event { return tether.Event{Type: "click", Action: action} }
