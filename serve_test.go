package tether_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/tetherui/tether"
	"github.com/tetherui/tether/internal/protocol"
)

// ListenAndServe takes its port from PORT, serves until SIGTERM, then
// drains and returns nil.
func TestListenAndServeSignal(t *testing.T) {
	// os/signal starts one goroutine for the life of the process on first
	// use; start it before counting goroutines.
	warm := make(chan os.Signal, 1)
	signal.Notify(warm, syscall.SIGUSR2)
	signal.Stop(warm)
	checkLeaks(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	t.Setenv("PORT", strconv.Itoa(port))
	h := tether.Stateful(tether.App{ShutdownGrace: time.Second}, counterConfig())
	done := make(chan error, 1)
	go func() { done <- h.ListenAndServe("") }()
	url := "http://127.0.0.1:" + strconv.Itoa(port)
	eventually(t, "server up", func() bool {
		res, err := http.Get(url)
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	})
	syscall.Kill(syscall.Getpid(), syscall.SIGTERM)
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ListenAndServe did not return after SIGTERM")
	}
	if _, err := http.Get(url); err == nil {
		t.Fatal("server still answering")
	}
	http.DefaultClient.CloseIdleConnections()
}

// The server ListenAndServe builds closes keep-alive connections left
// idle past its IdleTimeout, and bounds reads and writes of ordinary
// requests.
func TestServerClosesIdleKeepAlive(t *testing.T) {
	checkLeaks(t)
	def := tether.NewServer(nil, 0, 0, 0, 0)
	if def.IdleTimeout <= 0 || def.ReadTimeout <= 0 || def.WriteTimeout <= 0 || def.ReadHeaderTimeout <= 0 {
		t.Fatalf("timeouts %v %v %v %v", def.ReadHeaderTimeout, def.ReadTimeout, def.WriteTimeout, def.IdleTimeout)
	}
	h := tether.Stateful(tether.App{Logger: quiet()}, counterConfig())
	srv := tether.NewServer(h, 0, 0, 0, 100*time.Millisecond)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer func() {
		srv.Close()
		h.Shutdown(context.Background())
	}()
	conns := make([]net.Conn, 20)
	for i := range conns {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: app.test\r\nUser-Agent: %s\r\n\r\n", testUA)
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("GET: %v %v", res, err)
		}
		io.Copy(io.Discard, res.Body)
		conns[i] = c
	}
	// Each connection is now idle and kept alive; the server must close it.
	for _, c := range conns {
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		if n, err := c.Read(make([]byte, 1)); err != io.EOF {
			t.Fatalf("idle connection: read %d, %v; want EOF from the server", n, err)
		}
	}
}

// WebSocket connections are hijacked: the read and write timeouts of
// ordinary requests do not cut them.
func TestServerTimeoutsSpareWebSockets(t *testing.T) {
	checkLeaks(t)
	cfg := counterConfig()
	cfg.Timeouts.Heartbeat = 50 * time.Millisecond
	h := tether.Stateful(tether.App{Logger: quiet()}, cfg)
	short := 100 * time.Millisecond
	hs := httptest.NewUnstartedServer(h)
	hs.Config = tether.NewServer(h, short, short, short, short)
	hs.Start()
	defer func() {
		h.Shutdown(context.Background())
		hs.CloseClientConnections()
		hs.Close()
	}()
	c := load(t, hs).connect(hs)
	// Outlive every timeout several times over, counted in heartbeats.
	eventually(t, "heartbeats", func() bool { return c.ev.pings.Load() >= 8 })
	c.click("increment")
	c.until(func(c *testClient) bool { return c.has("Count: 1") })
}

// On SIGTERM, ListenAndServe frees the port at once, before draining
// ends, and tells a connected client the server restarts (1012) with no
// reload: reloading would land on a dead port.
func TestListenAndServeRestart(t *testing.T) {
	warm := make(chan os.Signal, 1)
	signal.Notify(warm, syscall.SIGUSR2)
	signal.Stop(warm)
	checkLeaks(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	h := tether.Stateful(tether.App{ShutdownGrace: time.Second, Logger: quiet()}, counterConfig())
	done := make(chan error, 1)
	go func() { done <- h.ListenAndServe(addr) }()
	srv := &httptest.Server{URL: "http://" + addr}
	eventually(t, "server up", func() bool {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
	c := load(t, srv).connect(srv)
	c.click("increment")
	c.until(func(c *testClient) bool { return c.has("Count: 1") })
	syscall.Kill(syscall.Getpid(), syscall.SIGTERM)
	// The session is still live, so draining lasts the whole grace; the
	// port must be free well before that.
	var again net.Listener
	eventually(t, "port free", func() bool {
		again, err = net.Listen("tcp", addr)
		return err == nil
	})
	select {
	case err := <-done:
		t.Fatalf("ListenAndServe returned (%v) before the port was seen free", err)
	default:
	}
	again.Close()
	reloads := c.waitClosed()
	if c.code != protocol.CloseRestart || reloads != 0 {
		t.Fatalf("close %d %q after %d reload updates", c.code, c.reason, reloads)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	http.DefaultClient.CloseIdleConnections()
}

// DevMode shortens the shutdown grace.
func TestListenAndServeDevGrace(t *testing.T) {
	warm := make(chan os.Signal, 1)
	signal.Notify(warm, syscall.SIGUSR2)
	signal.Stop(warm)
	checkLeaks(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	h := tether.Stateful(tether.App{DevMode: true, Logger: quiet()}, counterConfig())
	done := make(chan error, 1)
	go func() { done <- h.ListenAndServe(addr) }()
	srv := &httptest.Server{URL: "http://" + addr}
	eventually(t, "server up", func() bool {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
	c := load(t, srv).connect(srv)
	c.click("increment")
	c.until(func(c *testClient) bool { return c.has("Count: 1") })
	syscall.Kill(syscall.Getpid(), syscall.SIGTERM)
	// A live session holds the drain for the whole grace: 10 s outside
	// DevMode, longer than waitClosed waits.
	c.waitClosed()
	if c.code != protocol.CloseRestart {
		t.Fatalf("close %d", c.code)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
