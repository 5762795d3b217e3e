package ws

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/lxzan/gws"

	"github.com/tetherui/tether/internal/transport"
)

// sendUntilDropped sends frame until Send fails (the client never reads,
// so the socket buffers fill and frames pile up in the write queue) and
// returns the error, or fails the test after max frames.
func sendUntilDropped(t *testing.T, tr transport.Transport, frame []byte, max int) error {
	t.Helper()
	for range max {
		if err := tr.Send(frame); err != nil {
			return err
		}
	}
	t.Fatalf("%d frames of %d bytes queued without an error", max, len(frame))
	return nil
}

// pongEvery makes a raw client look alive without reading: a 1-byte pong
// every interval until the test ends.
func pongEvery(t *testing.T, r *rawConn, interval time.Duration) {
	stop := make(chan struct{})
	done := make(chan struct{})
	t.Cleanup(func() { close(stop); <-done })
	go func() {
		defer close(done)
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if _, err := r.Write(clientFrame(true, 0xa, []byte("x"), 1)); err != nil {
					return
				}
			}
		}
	}()
}

// A client that never reads is dropped once the bytes waiting for it pass
// WriteQueueBytes, long before WriteQueue frames.
func TestWriteQueueBytes(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{WriteQueue: 1 << 20, WriteQueueBytes: 256 << 10}, transport.Settings{})
	dialRaw(t, s, nil)
	tr := s.next(t)
	// 16 KiB frames: loopback buffers take a few MiB, then the queue
	// fills; 64 MiB cannot fit.
	err := sendUntilDropped(t, tr, bytes.Repeat([]byte("q"), 16<<10), 4096)
	if !errors.Is(err, transport.ErrSlowClient) || !strings.Contains(err.Error(), "bytes already waiting") {
		t.Fatalf("Send: %v", err)
	}
	if err := receiveErr(t, tr); !errors.Is(err, transport.ErrSlowClient) {
		t.Fatalf("ReceiveEvent: %v", err)
	}
}

// One frame larger than WriteQueueBytes still goes out when nothing else
// waits: an update is never too large to send once.
func TestFrameLargerThanQueueBytes(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{WriteQueueBytes: 1024}, transport.Settings{})
	c := dial(t, s.url, nil)
	tr := s.next(t)
	big := bytes.Repeat([]byte("b"), 64<<10)
	for range 3 {
		if err := tr.Send(big); err != nil {
			t.Fatal(err)
		}
		if f := c.frame(t); !bytes.Equal(f.data, big) {
			t.Fatalf("frame of %d bytes", len(f.data))
		}
		// The queue empties once gws reports the write done, which may
		// be after the client has the frame.
		if !poll(wait, func() bool { return queued(tr) == 0 }) {
			t.Fatal("queue never emptied")
		}
	}

	// To a client that does not read, a frame larger than the socket
	// buffers stays queued, and any second frame goes over the cap.
	dialRaw(t, s, nil)
	slow := s.next(t)
	if err := slow.Send(bytes.Repeat([]byte("h"), 32<<20)); err != nil {
		t.Fatal(err)
	}
	if err := slow.Send([]byte("small")); !errors.Is(err, transport.ErrSlowClient) {
		t.Fatalf("Send with %d frames waiting: %v", queued(slow), err)
	}
}

// queued returns how many frames wait in tr's write queue.
func queued(tr transport.Transport) int {
	q := &tr.(*conn).queue
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.n
}

// A client that reads nothing but pongs (1 byte, never the ping's
// payload) to look alive is dropped once the oldest frame queued for it
// has waited two heartbeat intervals.
func TestStuckQueueDropped(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{WriteQueue: 1 << 20, WriteQueueBytes: 1 << 30}, transport.Settings{})
	r := dialRaw(t, s, nil)
	tr := s.next(t)
	interval := 100 * time.Millisecond
	pongEvery(t, r, interval/4)
	// Fill the socket buffers and leave frames queued behind them.
	frame := bytes.Repeat([]byte("a"), 64<<10)
	for range 512 {
		if err := tr.Send(frame); err != nil {
			t.Fatal(err)
		}
	}
	tr.(transport.Heartbeater).StartHeartbeat(interval)
	err := receiveErr(t, tr)
	if !errors.Is(err, transport.ErrSlowClient) || !strings.Contains(err.Error(), "has waited") {
		t.Fatalf("ReceiveEvent: %v", err)
	}
	if err := tr.Send(frame); !errors.Is(err, transport.ErrClosed) {
		t.Fatalf("Send after the drop: %v", err)
	}
}

// pongClient reads every frame but answers pings with pong(payload).
type pongClient struct {
	gws.BuiltinEventHandler
	pong func(payload []byte) []byte
}

func (p *pongClient) OnPing(socket *gws.Conn, payload []byte) {
	_ = socket.WritePong(p.pong(payload))
}

func (*pongClient) OnMessage(_ *gws.Conn, m *gws.Message) { m.Close() }

// Pongs must confirm deliveries: a client whose pongs do not echo the
// ping, or echo an old one, is dropped two intervals after frames went
// unconfirmed, even though it reads everything. One that echoes stays.
func TestPongsMustConfirm(t *testing.T) {
	for _, tc := range []struct {
		name string
		pong func() func([]byte) []byte
		drop bool
	}{
		{"empty", func() func([]byte) []byte { return func([]byte) []byte { return nil } }, true},
		{"other payload", func() func([]byte) []byte { return func([]byte) []byte { return []byte("12345678") } }, true},
		{"first ping replayed", func() func([]byte) []byte {
			var first []byte
			return func(p []byte) []byte {
				if first == nil {
					first = append([]byte(nil), p...)
				}
				return first
			}
		}, true},
		{"echo", func() func([]byte) []byte { return func(p []byte) []byte { return p } }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			noLeaks(t)
			s := newServer(t, Options{}, transport.Settings{})
			pc := &pongClient{pong: tc.pong()}
			conn, _, err := gws.NewClient(pc, &gws.ClientOption{Addr: s.url})
			if err != nil {
				t.Fatal(err)
			}
			go conn.ReadLoop()
			t.Cleanup(func() { _ = conn.NetConn().Close() })
			tr := s.next(t)
			// Long enough for a loaded machine to answer in time when the
			// client is to stay.
			interval := 100 * time.Millisecond
			if !tc.drop {
				interval = 250 * time.Millisecond
			}
			tr.(transport.Heartbeater).StartHeartbeat(interval)
			failed := make(chan error, 1)
			go func() { failed <- receiveErr(t, tr) }()
			// A frame every half interval, for 16 intervals at most.
			tick := time.NewTicker(interval / 2)
			defer tick.Stop()
			for range 32 {
				select {
				case err := <-failed:
					if !tc.drop {
						t.Fatalf("dropped: %v", err)
					}
					if !errors.Is(err, transport.ErrSlowClient) || !strings.Contains(err.Error(), "no pong has confirmed") {
						t.Fatalf("ReceiveEvent: %v", err)
					}
					return
				case <-tick.C:
					if err := tr.Send([]byte(`{"s":1}`)); err != nil && !tc.drop {
						t.Fatalf("Send: %v", err)
					}
				}
			}
			if tc.drop {
				t.Fatal("still connected after 16 intervals")
			}
			if tr.(transport.Confirmer).Delivered() == 0 {
				t.Fatal("echoed pongs confirmed nothing")
			}
			tr.Close()
			<-failed
		})
	}
}
