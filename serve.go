package tether

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// Drainable is satisfied by *Handler: Drain stops new sessions and waits
// for existing ones to end; Shutdown closes what is left.
type Drainable interface {
	Drain(ctx context.Context) error
	Shutdown(ctx context.Context) error
}

// Drain stops accepting new sessions and waits until every session has
// ended or ctx is done. Existing sessions keep running, may reconnect,
// and still obey their idle and lifetime timers.
func (h *Handler[S]) Drain(ctx context.Context) error {
	h.draining.Store(true)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		h.mu.Lock()
		n := h.total() - h.counts[Pending]
		h.mu.Unlock()
		if n == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// Shutdown destroys every session, telling connected clients the server
// is restarting (close code 1012: they retry with backoff and reload
// only once a server answers), stops the pending sweeper and waits for
// the session loops to exit or ctx to end. Goroutines started with
// Session.Go see their context end but are not waited for. Safe to call
// more than once.
func (h *Handler[S]) Shutdown(ctx context.Context) error {
	h.draining.Store(true)
	h.stopping.Store(true)
	h.stopOnce.Do(func() { close(h.stop) })
	h.mu.Lock()
	all := make([]*StatefulSession[S], 0, len(h.sessions))
	for _, s := range h.sessions {
		all = append(all, s)
	}
	h.mu.Unlock()
	for _, s := range all {
		h.destroy(s, "shutdown")
	}
	for _, s := range all {
		select {
		case <-s.finished:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// ListenAndServe serves h (or handler[0] when given) on addr until
// SIGINT or SIGTERM. It then stops listening at once, so a new process
// can bind the port, drains sessions for App.ShutdownGrace and shuts
// down, telling clients still connected that the server is restarting.
// An empty addr means $PORT, else ":8080". The HTTP server's timeouts are
// those of the package-level ListenAndServe.
func (h *Handler[S]) ListenAndServe(addr string, handler ...http.Handler) error {
	var root http.Handler = h
	if len(handler) > 0 && handler[0] != nil {
		root = handler[0]
	}
	return serve(addr, ":8080", root, h.app.ShutdownGrace, nil, h)
}

// ListenAndServeTLS is ListenAndServe over TLS; an empty addr means
// $PORT, else ":443".
func (h *Handler[S]) ListenAndServeTLS(addr, certFile, keyFile string, handler ...http.Handler) error {
	var root http.Handler = h
	if len(handler) > 0 && handler[0] != nil {
		root = handler[0]
	}
	return serve(addr, ":443", root, h.app.ShutdownGrace, &[2]string{certFile, keyFile}, h)
}

// ListenAndServe serves handler on addr until SIGINT or SIGTERM. On the
// signal it closes the listener at once, freeing the port, drains every
// drainer concurrently while in-flight HTTP requests finish, then shuts
// the drainers down. A second signal exits at once. An empty addr means
// $PORT, else ":8080".
//
// The server closes keep-alive connections idle for 2 minutes, and
// gives a request 10 s to send its headers, 30 s to be read whole and
// 60 s to be answered. WebSocket connections are hijacked and escape
// the read and write timeouts; a streaming response (SSE) must clear its
// write deadline with http.ResponseController.SetWriteDeadline.
func ListenAndServe(addr string, handler http.Handler, drainers ...Drainable) error {
	return serve(addr, ":8080", handler, defaultShutdown, nil, drainers...)
}

// ListenAndServeTLS is ListenAndServe over TLS; an empty addr means
// $PORT, else ":443".
func ListenAndServeTLS(addr, certFile, keyFile string, handler http.Handler, drainers ...Drainable) error {
	return serve(addr, ":443", handler, defaultShutdown, &[2]string{certFile, keyFile}, drainers...)
}

// defaultDevShutdown is App.ShutdownGrace's default in DevMode, where a
// restart should be quick.
const defaultDevShutdown = 500 * time.Millisecond

// serverTimeouts are the http.Server timeouts ListenAndServe sets.
type serverTimeouts struct {
	readHeader, read, write, idle time.Duration
}

var defaultServerTimeouts = serverTimeouts{
	readHeader: 10 * time.Second,
	read:       30 * time.Second,
	write:      60 * time.Second,
	idle:       2 * time.Minute,
}

func newServer(handler http.Handler, t serverTimeouts) *http.Server {
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: t.readHeader,
		ReadTimeout:       t.read,
		WriteTimeout:      t.write,
		IdleTimeout:       t.idle,
	}
}

func listenAddr(addr, def string) string {
	if addr != "" {
		return addr
	}
	if p := os.Getenv("PORT"); p != "" {
		return ":" + p
	}
	return def
}

func serve(addr, def string, handler http.Handler, grace time.Duration, tls *[2]string, drainers ...Drainable) error {
	ln, err := net.Listen("tcp", listenAddr(addr, def))
	if err != nil {
		return fmt.Errorf("tether: listen: %w", err)
	}
	srv := newServer(handler, defaultServerTimeouts)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	errc := make(chan error, 1)
	go func() {
		if tls != nil {
			errc <- srv.ServeTLS(ln, tls[0], tls[1])
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-sigs:
	}
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		select {
		case <-sigs:
			os.Exit(1) // second signal: stop waiting
		case <-stop:
		}
	}()
	return shutdown(srv, grace, drainers)
}

// shutdown stops the HTTP server (its listener closes first, at once)
// while the drainers drain, then force-closes the sessions left.
func shutdown(srv *http.Server, grace time.Duration, drainers []Drainable) error {
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	httpDone := make(chan error, 1)
	go func() { httpDone <- srv.Shutdown(ctx) }()
	done := make(chan struct{}, len(drainers))
	for _, d := range drainers {
		go func() { d.Drain(ctx); done <- struct{}{} }()
	}
	for range drainers {
		<-done
	}
	errHTTP := <-httpDone
	if errors.Is(errHTTP, http.ErrServerClosed) {
		errHTTP = nil
	}
	final, cancelFinal := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancelFinal()
	for _, d := range drainers {
		d.Shutdown(final)
	}
	if errHTTP != nil && !errors.Is(errHTTP, context.DeadlineExceeded) {
		return errHTTP
	}
	return nil
}
