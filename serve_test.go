package tether_test

import (
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/tetherui/tether"
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
