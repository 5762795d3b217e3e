package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lxzan/gws"
)

// The README shows this file whole, so what a reader copies compiles.
func TestReadmeShowsThisFile(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "```go\n"+string(src)+"```") {
		t.Error("README.md does not show examples/counter/main.go as it is")
	}
}

// One click on the counter is answered by the frame the README prints.
func TestOneClickFrame(t *testing.T) {
	h := counter()
	srv := httptest.NewServer(h)
	defer func() { h.Shutdown(context.Background()); srv.Close() }()

	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	req.Header.Set("Accept", "text/html") // a page load, as a browser asks for it
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	sid := regexp.MustCompile(`data-tether-session="([^"]+)"`).FindSubmatch(page)
	if sid == nil {
		t.Fatalf("no session in %s", page)
	}

	frames := &frameReader{frames: make(chan string, 16)}
	conn, _, err := gws.NewClient(frames, &gws.ClientOption{
		Addr:          "ws" + strings.TrimPrefix(srv.URL, "http"),
		RequestHeader: http.Header{"Origin": {srv.URL}},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.NetConn().Close()
	go conn.ReadLoop()
	for _, ev := range []string{
		`{"t":"connect","d":{"session":"` + string(sid[1]) + `","seq":0}}`,
		`{"t":"click","a":"increment","d":{},"i":1}`,
	} {
		if err := conn.WriteString(ev); err != nil {
			t.Fatal(err)
		}
	}
	const want = `{"s":1,"a":1,"p":[[1,"count","Count: 1"]]}`
	select {
	case got := <-frames.frames:
		if got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
		if len(got) != 42 {
			t.Errorf("%d bytes, the README says 42", len(got))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no update within 10 s")
	}
}

type frameReader struct {
	gws.BuiltinEventHandler
	frames chan string
}

func (r *frameReader) OnMessage(_ *gws.Conn, m *gws.Message) {
	defer m.Close()
	r.frames <- m.Data.String()
}
