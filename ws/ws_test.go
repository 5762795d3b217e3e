package ws

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lxzan/gws"

	"github.com/tetherui/tether/internal/protocol"
	"github.com/tetherui/tether/internal/transport"
	"github.com/tetherui/tether/wire"
)

func TestTextAndBinaryFrames(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{}, transport.Settings{})
	c := dial(t, s.url, nil)
	tr := s.next(t)

	if err := tr.Send([]byte(`{"seq":1}`)); err != nil {
		t.Fatal(err)
	}
	bs, ok := tr.(transport.BinarySender)
	if !ok {
		t.Fatal("transport is not a BinarySender")
	}
	if err := bs.SendBinary([]byte{0xa1, 0x01, 0x02}); err != nil {
		t.Fatal(err)
	}
	if f := c.frame(t); f.op != gws.OpcodeText || string(f.data) != `{"seq":1}` {
		t.Fatalf("first frame: opcode %d %q", f.op, f.data)
	}
	if f := c.frame(t); f.op != gws.OpcodeBinary || !bytes.Equal(f.data, []byte{0xa1, 0x01, 0x02}) {
		t.Fatalf("second frame: opcode %d %x", f.op, f.data)
	}
}

func TestFramesKeepOrder(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{}, transport.Settings{})
	c := dial(t, s.url, nil)
	tr := s.next(t)
	const n = 200
	for i := 0; i < n; i++ {
		if err := tr.Send([]byte(strings.Repeat("x", i))); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < n; i++ {
		if f := c.frame(t); len(f.data) != i {
			t.Fatalf("frame %d has %d bytes", i, len(f.data))
		}
	}
}

func TestEventsDecode(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{}, transport.Settings{})
	c := dial(t, s.url, nil)
	tr := s.next(t)
	events := sampleEvents(t)
	for _, ev := range events {
		if err := c.WriteMessage(gws.OpcodeText, encode(t, ev)); err != nil {
			t.Fatal(err)
		}
	}
	for i, want := range events {
		got, err := receive(t, tr)
		if err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("event %d: got %+v, want %+v", i, got, want)
		}
	}
}

func TestOversizedFrame(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{}, transport.Settings{MaxEventBytes: 1024})
	c := dial(t, s.url, nil)
	tr := s.next(t)
	if err := c.WriteString(strings.Repeat("x", 1025)); err != nil {
		t.Fatal(err)
	}
	// gws refuses the frame from its header, with its own reason.
	if ce := c.closeFrame(t); ce.Code != protocol.CloseTooLarge {
		t.Fatalf("close %d %q", ce.Code, ce.Reason)
	}
	err := receiveErr(t, tr)
	if !errors.Is(err, transport.ErrTooLarge) || err.Error() != "tether: ws: event exceeds 1024 bytes" {
		t.Fatalf("ReceiveEvent: %v", err)
	}
}

func TestOversizedFrameDefaultLimit(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{}, transport.Settings{})
	c := dial(t, s.url, nil)
	tr := s.next(t)
	ok := encode(t, sampleEvents(t)[0])
	if err := c.WriteMessage(gws.OpcodeText, ok); err != nil {
		t.Fatal(err)
	}
	if err := c.WriteString(strings.Repeat("x", wire.DefaultMaxEventBytes+1)); err != nil {
		t.Fatal(err)
	}
	// The event that came first is still delivered (the read loop waits
	// for it to be taken before reading on).
	if _, err := receive(t, tr); err != nil {
		t.Fatalf("first event: %v", err)
	}
	if ce := c.closeFrame(t); ce.Code != protocol.CloseTooLarge {
		t.Fatalf("close %d %q, want 1009", ce.Code, ce.Reason)
	}
	want := "tether: ws: event exceeds " + strconv.Itoa(wire.DefaultMaxEventBytes) + " bytes"
	if err := receiveErr(t, tr); !errors.Is(err, transport.ErrTooLarge) || err.Error() != want {
		t.Fatalf("ReceiveEvent: %v, want %q", err, want)
	}
}

// A frame at the limit passes; the guard counts payload, not header.
func TestFrameAtLimit(t *testing.T) {
	noLeaks(t)
	ev := encode(t, sampleEvents(t)[0])
	s := newServer(t, Options{}, transport.Settings{MaxEventBytes: len(ev)})
	c := dial(t, s.url, nil)
	tr := s.next(t)
	if err := c.WriteMessage(gws.OpcodeText, ev); err != nil {
		t.Fatal(err)
	}
	if _, err := receive(t, tr); err != nil {
		t.Fatal(err)
	}
}

// Fragments are counted together; the header of the fragment that
// crosses the limit is enough to refuse it.
func TestOversizedFragmentedMessage(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{}, transport.Settings{MaxEventBytes: 100})
	r := dialRaw(t, s, nil)
	tr := s.next(t)
	part := bytes.Repeat([]byte("y"), 60)
	msg := append(clientFrame(false, 1, part, 60), clientFrame(true, 0, part, 60)...)
	if _, err := r.Write(msg); err != nil {
		t.Fatal(err)
	}
	if code, reason := r.closeFrame(t); code != protocol.CloseTooLarge {
		t.Fatalf("close %d %q", code, reason)
	}
	if err := receiveErr(t, tr); !errors.Is(err, transport.ErrTooLarge) {
		t.Fatalf("ReceiveEvent: %v", err)
	}
}

// A header announcing an absurd length is refused without reading on:
// 2^63+5 makes gws v1.8.9 panic, which must stay within the connection.
func TestHugeLengthHeader(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{}, transport.Settings{})
	r := dialRaw(t, s, nil)
	tr := s.next(t)
	if _, err := r.Write(clientFrame(true, 1, nil, 1<<63+5)); err != nil {
		t.Fatal(err)
	}
	if code, _ := r.closeFrame(t); code != protocol.CloseTooLarge {
		t.Fatalf("close %d", code)
	}
	if err := receiveErr(t, tr); !errors.Is(err, transport.ErrTooLarge) {
		t.Fatalf("ReceiveEvent: %v", err)
	}
}

// The largest length gws can hold is refused from the header too.
func TestMaxLengthHeader(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{}, transport.Settings{})
	r := dialRaw(t, s, nil)
	tr := s.next(t)
	if _, err := r.Write(clientFrame(true, 1, nil, 1<<63-1)); err != nil {
		t.Fatal(err)
	}
	if code, _ := r.closeFrame(t); code != protocol.CloseTooLarge {
		t.Fatalf("close %d", code)
	}
	if err := receiveErr(t, tr); !errors.Is(err, transport.ErrTooLarge) {
		t.Fatalf("ReceiveEvent: %v", err)
	}
}

func TestMalformedEvent(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{}, transport.Settings{})
	c := dial(t, s.url, nil)
	tr := s.next(t)
	if err := c.WriteString(`{"not json`); err != nil {
		t.Fatal(err)
	}
	ce := c.closeFrame(t)
	if ce.Code != protocol.CloseMalformed || !strings.HasPrefix(string(ce.Reason), "tether: ws: malformed event: ") ||
		strings.Count(string(ce.Reason), "malformed event") != 1 {
		t.Fatalf("close %d %q", ce.Code, ce.Reason)
	}
	t.Logf("close reason: %s", ce.Reason)
	err := receiveErr(t, tr)
	if !errors.Is(err, transport.ErrMalformed) || !errors.Is(err, wire.ErrMalformedEvent) ||
		err.Error() != string(ce.Reason) {
		t.Fatalf("ReceiveEvent: %v", err)
	}
}

func TestBinaryFromClientRefused(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{}, transport.Settings{})
	c := dial(t, s.url, nil)
	tr := s.next(t)
	if err := c.WriteMessage(gws.OpcodeBinary, encode(t, sampleEvents(t)[0])); err != nil {
		t.Fatal(err)
	}
	ce := c.closeFrame(t)
	if ce.Code != protocol.CloseUnsupported || !strings.Contains(string(ce.Reason), "binary") {
		t.Fatalf("close %d %q", ce.Code, ce.Reason)
	}
	if err := receiveErr(t, tr); !errors.Is(err, transport.ErrMalformed) {
		t.Fatalf("ReceiveEvent: %v", err)
	}
}

func TestInvalidUTF8Refused(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{}, transport.Settings{})
	r := dialRaw(t, s, nil)
	tr := s.next(t)
	if _, err := r.Write(textFrame([]byte("{\"a\":\"\xff\xfe\"}"))); err != nil {
		t.Fatal(err)
	}
	if code, _ := r.closeFrame(t); code != protocol.CloseMalformed {
		t.Fatalf("close %d", code)
	}
	if err := receiveErr(t, tr); !errors.Is(err, transport.ErrMalformed) {
		t.Fatalf("ReceiveEvent: %v", err)
	}
}

// Garbage the client may send: each must end the connection with an
// error, never a panic or a hang.
func TestHostileFrames(t *testing.T) {
	noLeaks(t)
	cases := map[string][]byte{
		"unmasked":          {0x81, 0x02, 'h', 'i'},
		"reserved opcode":   clientFrame(true, 3, []byte("x"), 1),
		"control too long":  clientFrame(true, 9, bytes.Repeat([]byte("p"), 126), 126),
		"bare continuation": clientFrame(true, 0, []byte("x"), 1),
		"rsv bits":          append([]byte{0xf1}, clientFrame(true, 1, []byte("x"), 1)[1:]...),
		"empty text":        textFrame(nil),
		"json null":         textFrame([]byte("null")),
		"json array":        textFrame([]byte("[1,2,3]")),
		"deep nesting":      textFrame(bytes.Repeat([]byte("["), 10000)),
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			s := newServer(t, Options{}, transport.Settings{})
			r := dialRaw(t, s, nil)
			tr := s.next(t)
			if _, err := r.Write(b); err != nil {
				t.Fatal(err)
			}
			if err := receiveErr(t, tr); err == nil || errors.Is(err, io.EOF) {
				t.Fatalf("ReceiveEvent: %v", err)
			}
		})
	}
}

// Bytes the client sends in the same packet as its handshake are not
// lost.
func TestFrameBehindHandshake(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{}, transport.Settings{})
	ev := sampleEvents(t)[0]
	dialRaw(t, s, textFrame(encode(t, ev)))
	tr := s.next(t)
	got, err := receive(t, tr)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, ev) {
		t.Fatalf("got %+v, want %+v", got, ev)
	}
}

func TestClientCloseIsEOF(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{}, transport.Settings{})
	c := dial(t, s.url, nil)
	tr := s.next(t)
	if err := c.WriteClose(1000, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := receive(t, tr); err != io.EOF {
		t.Fatalf("ReceiveEvent: %v, want io.EOF", err)
	}
}

func TestClientVanishes(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{}, transport.Settings{})
	r := dialRaw(t, s, nil)
	tr := s.next(t)
	r.Close()
	if err := receiveErr(t, tr); err == nil || err == io.EOF || !strings.HasPrefix(err.Error(), "tether: ws: ") {
		t.Fatalf("ReceiveEvent: %v", err)
	}
}

func TestSendAfterClose(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{}, transport.Settings{})
	c := dial(t, s.url, nil)
	tr := s.next(t)
	if err := tr.Close(); err != nil {
		t.Fatal(err)
	}
	if err := tr.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if err := tr.Send([]byte("x")); !errors.Is(err, transport.ErrClosed) {
		t.Fatalf("Send after Close: %v", err)
	}
	if err := tr.(transport.BinarySender).SendBinary([]byte("x")); !errors.Is(err, transport.ErrClosed) {
		t.Fatalf("SendBinary after Close: %v", err)
	}
	if _, err := receive(t, tr); !errors.Is(err, transport.ErrClosed) {
		t.Fatalf("ReceiveEvent after Close: %v", err)
	}
	if ce := c.closeFrame(t); ce.Code != protocol.CloseNormal {
		t.Fatalf("close code %d", ce.Code)
	}
}

// CloseWith sends the code and reason after the frames queued before it.
func TestCloseWithReason(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{}, transport.Settings{})
	c := dial(t, s.url, nil)
	tr := s.next(t)
	if err := tr.Send([]byte(`{"reload":true}`)); err != nil {
		t.Fatal(err)
	}
	if err := tr.(transport.Closer).CloseWith(protocol.CloseReload, "session expired"); err != nil {
		t.Fatal(err)
	}
	if f := c.frame(t); string(f.data) != `{"reload":true}` {
		t.Fatalf("frame %q", f.data)
	}
	ce := c.closeFrame(t)
	if ce.Code != protocol.CloseReload || string(ce.Reason) != "session expired" {
		t.Fatalf("close %d %q", ce.Code, ce.Reason)
	}
}

func TestCloseReasonCut(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{}, transport.Settings{})
	c := dial(t, s.url, nil)
	tr := s.next(t)
	long := strings.Repeat("é", 100) // 200 bytes
	if err := tr.(transport.Closer).CloseWith(1005, long); err != nil {
		t.Fatal(err)
	}
	ce := c.closeFrame(t)
	if ce.Code != protocol.CloseNormal || len(ce.Reason) > 123 || !strings.HasPrefix(long, string(ce.Reason)) || len(ce.Reason) < 120 {
		t.Fatalf("close %d %q", ce.Code, ce.Reason)
	}
}

// A client that never reads: Send keeps returning at once until the
// queue is full, then fails with ErrSlowClient and the connection goes.
func TestSlowClient(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{WriteQueue: 4}, transport.Settings{})
	r := dialRaw(t, s, nil)
	tr := s.next(t)
	big := bytes.Repeat([]byte("z"), 1<<20)

	done := make(chan error, 1)
	go func() {
		// Loopback socket buffers hold a few MiB; 256 MiB cannot fit.
		for i := 0; i < 256; i++ {
			if err := tr.Send(big); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	select {
	case err := <-done:
		if !errors.Is(err, transport.ErrSlowClient) {
			t.Fatalf("Send: %v, want ErrSlowClient", err)
		}
	case <-time.After(wait):
		t.Fatal("Send blocked")
	}
	if err := tr.Send(big); !errors.Is(err, transport.ErrClosed) {
		t.Fatalf("Send after overflow: %v", err)
	}
	if err := receiveErr(t, tr); !errors.Is(err, transport.ErrSlowClient) {
		t.Fatalf("ReceiveEvent: %v", err)
	}
	// The client finds the connection gone once it reads what was sent.
	_ = r.SetReadDeadline(time.Now().Add(wait))
	if _, err := io.Copy(io.Discard, r); err != nil && errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("connection still open: %v", err)
	}
}

// A client that completes the handshake and then goes silent (no pongs,
// nothing) is dropped by the heartbeat.
func TestHeartbeatDetectsSilentClient(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{}, transport.Settings{})
	dialRaw(t, s, nil)
	tr := s.next(t)
	tr.(transport.Heartbeater).StartHeartbeat(50 * time.Millisecond)
	err := receiveErr(t, tr)
	if !errors.Is(err, os.ErrDeadlineExceeded) || !strings.Contains(err.Error(), "heartbeat") {
		t.Fatalf("ReceiveEvent: %v", err)
	}
	if err := tr.Send([]byte("x")); !errors.Is(err, transport.ErrClosed) {
		t.Fatalf("Send after timeout: %v", err)
	}
}

// A client that answers pings stays connected through many intervals.
func TestHeartbeatKeepsLiveClient(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{}, transport.Settings{})
	c := dial(t, s.url, nil)
	tr := s.next(t)
	failed := make(chan error, 1)
	go func() { failed <- receiveErr(t, tr) }()
	tr.(transport.Heartbeater).StartHeartbeat(100 * time.Millisecond)
	tr.(transport.Heartbeater).StartHeartbeat(time.Hour) // ignored
	for i := 0; i < 10; i++ {
		select {
		case <-c.pings:
		case err := <-failed:
			t.Fatalf("live client dropped after %d pings: %v", i, err)
		case <-time.After(wait):
			t.Fatal("no ping")
		}
	}
	select {
	case err := <-failed:
		t.Fatalf("live client dropped: %v", err)
	default:
	}
	tr.Close()
	if err := <-failed; !errors.Is(err, transport.ErrClosed) {
		t.Fatalf("ReceiveEvent: %v", err)
	}
}

// The heartbeat is not fooled by a session that is slow to take events.
func TestHeartbeatIgnoresSlowReceiver(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{}, transport.Settings{})
	c := dial(t, s.url, nil)
	tr := s.next(t)
	tr.(transport.Heartbeater).StartHeartbeat(100 * time.Millisecond)
	for _, ev := range sampleEvents(t) {
		if err := c.WriteMessage(gws.OpcodeText, encode(t, ev)); err != nil {
			t.Fatal(err)
		}
	}
	// Let several deadlines' worth of pings go by before taking events.
	for i := 0; i < 10; i++ {
		select {
		case <-c.pings:
		case <-time.After(wait):
			t.Fatal("no ping")
		}
	}
	for range sampleEvents(t) {
		if _, err := receive(t, tr); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCompression(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{Compression: true}, transport.Settings{})
	c := dial(t, s.url, &gws.ClientOption{PermessageDeflate: gws.PermessageDeflate{Enabled: true}})
	tr := s.next(t)
	if ext := c.resp.Header.Get("Sec-WebSocket-Extensions"); !strings.Contains(ext, "permessage-deflate") {
		t.Fatalf("extensions %q", ext)
	}
	big := []byte(`{"root":"` + strings.Repeat("<li>item</li>", 500) + `"}`)
	if err := tr.Send(big); err != nil {
		t.Fatal(err)
	}
	if f := c.frame(t); !bytes.Equal(f.data, big) {
		t.Fatalf("frame of %d bytes, want %d", len(f.data), len(big))
	}
	ev := sampleEvents(t)[0]
	if err := c.WriteMessage(gws.OpcodeText, encode(t, ev)); err != nil {
		t.Fatal(err)
	}
	if got, err := receive(t, tr); err != nil || !reflect.DeepEqual(got, ev) {
		t.Fatalf("event %+v, %v", got, err)
	}
}

func TestNoCompressionByDefault(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{}, transport.Settings{})
	c := dial(t, s.url, &gws.ClientOption{PermessageDeflate: gws.PermessageDeflate{Enabled: true}})
	s.next(t)
	if ext := c.resp.Header.Get("Sec-WebSocket-Extensions"); ext != "" {
		t.Fatalf("extensions %q", ext)
	}
}

// A compressed message that inflates past the limit is refused too.
func TestCompressedBombRefused(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{Compression: true}, transport.Settings{MaxEventBytes: 4096})
	c := dial(t, s.url, &gws.ClientOption{PermessageDeflate: gws.PermessageDeflate{Enabled: true}})
	tr := s.next(t)
	if err := c.WriteString(strings.Repeat("a", 100000)); err != nil {
		t.Fatal(err)
	}
	if err := receiveErr(t, tr); !errors.Is(err, transport.ErrTooLarge) || err.Error() != "tether: ws: event exceeds 4096 bytes" {
		t.Fatalf("ReceiveEvent: %v", err)
	}
}

func TestNotAWebSocketRequest(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{}, transport.Settings{})
	resp, err := http.Get(s.Server.URL + "/ws")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("status %d", resp.StatusCode)
	}
	select {
	case err := <-s.errs:
		if !strings.HasPrefix(err.Error(), "tether: ws: ") {
			t.Fatalf("error %v", err)
		}
	case <-time.After(wait):
		t.Fatal("no error")
	}
	http.DefaultClient.CloseIdleConnections()
}

// Many connections ending every way they can leave no goroutine behind.
func TestNoGoroutineLeak(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{WriteQueue: 2}, transport.Settings{MaxEventBytes: 64})
	for i := 0; i < 20; i++ {
		c := dial(t, s.url, nil)
		tr := s.next(t)
		tr.(transport.Heartbeater).StartHeartbeat(time.Hour)
		_ = tr.Send([]byte("hello"))
		c.frame(t)
		switch i % 4 {
		case 0:
			_ = c.WriteClose(1000, nil)
		case 1:
			_ = c.WriteString(strings.Repeat("x", 65))
		case 2:
			tr.Close()
		case 3:
			_ = c.NetConn().Close()
		}
		if err := receiveErr(t, tr); err == nil {
			t.Fatal("no error")
		}
	}
}

// Delivered counts the frames sent before the last ping the client
// answered: a pong proves the client read everything queued before it.
func TestDeliveredFollowsPongs(t *testing.T) {
	noLeaks(t)
	s := newServer(t, Options{}, transport.Settings{})
	c := dial(t, s.url, nil)
	tr := s.next(t)
	conf := tr.(transport.Confirmer)
	if conf.Delivered() != 0 {
		t.Fatal("delivered before anything was sent")
	}
	for i := 0; i < 3; i++ {
		if err := tr.Send([]byte(`{"s":1}`)); err != nil {
			t.Fatal(err)
		}
		c.frame(t)
	}
	tr.(transport.Heartbeater).StartHeartbeat(50 * time.Millisecond)
	if !poll(wait, func() bool { return conf.Delivered() == 3 }) {
		t.Fatalf("Delivered() = %d, want 3", conf.Delivered())
	}
	tr.Close()
}
