package tether_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tetherui/tether"
)

// BenchmarkIdleKeepAlive opens 1,000 keep-alive connections to the
// server ListenAndServe builds (default timeouts), makes one page
// request on each, then leaves them idle, and reports how long the
// server took to close them all (its IdleTimeout, 2 minutes).
//
//	go test -run='^$' -bench=IdleKeepAlive -benchtime=1x .
func BenchmarkIdleKeepAlive(b *testing.B) {
	for range b.N {
		h := tether.Stateful(tether.App{Logger: quiet(), MaxPending: 2000}, counterConfig())
		srv := tether.NewServer(h, 0, 0, 0, 0)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		go srv.Serve(ln)
		const n = 1000
		var open atomic.Int64
		var wg sync.WaitGroup
		start := time.Now()
		for range n {
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				b.Fatal(err)
			}
			fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: app.test\r\nUser-Agent: %s\r\n\r\n", testUA)
			res, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			open.Add(1)
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				c.Read(make([]byte, 1)) // returns when the server closes
				open.Add(-1)
			}()
		}
		idleFrom := time.Since(start)
		wg.Wait()
		b.ReportMetric(time.Since(start).Seconds()-idleFrom.Seconds(), "s-until-all-closed")
		b.ReportMetric(float64(open.Load()), "still-open")
		srv.Close()
		h.Shutdown(b.Context())
	}
}
