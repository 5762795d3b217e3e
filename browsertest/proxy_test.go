package browsertest

import (
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
)

// A lossyProxy forwards TCP between the browser and the server and can
// lose what the browser sends (as a dying network does) and then cut
// every connection, so a test can make events vanish in flight.
type lossyProxy struct {
	ln    net.Listener
	to    string
	lose  atomic.Bool
	mu    sync.Mutex
	conns []net.Conn
}

func newLossyProxy(t *testing.T, to string) *lossyProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &lossyProxy{ln: ln, to: to}
	go p.accept()
	t.Cleanup(func() { ln.Close(); p.cut() })
	return p
}

func (p *lossyProxy) URL() string { return "http://" + p.ln.Addr().String() }

func (p *lossyProxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", p.to)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, s)
		p.mu.Unlock()
		go func() { io.Copy(c, s); c.Close() }()
		go func() { p.forward(s, c); s.Close() }()
	}
}

// forward copies browser bytes to the server unless they are being lost.
func (p *lossyProxy) forward(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 && !p.lose.Load() {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// cut closes every connection made so far and stops losing data.
func (p *lossyProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
	p.lose.Store(false)
}
