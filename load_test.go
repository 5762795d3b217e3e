package tether_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lxzan/gws"
	"github.com/tetherui/tether"
	"github.com/tetherui/tether/wire"
)

// The load benchmarks run their WebSocket clients in a second process (this
// test binary, re-executed with TETHER_LOAD_CLIENT set), so each process
// stays under the 20,000 file descriptors this machine allows and the
// server's memory figures hold the server alone.

func TestMain(m *testing.M) {
	if url := os.Getenv("TETHER_LOAD_CLIENT"); url != "" {
		if os.Getenv("TETHER_LOAD_MODE") == "churn" {
			runChurnClient(url)
			return
		}
		runLoadClient()
		return
	}
	os.Exit(m.Run())
}

// BenchmarkIdleSessions connects counter sessions and reports the server's
// memory per idle connected session: Go heap+stacks, and RSS.
func BenchmarkIdleSessions(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for range b.N {
				heap, rss := idleSessions(b, n)
				b.ReportMetric(heap, "heap-bytes/session")
				b.ReportMetric(rss, "rss-bytes/session")
			}
		})
	}
}

func idleSessions(b *testing.B, n int) (heap, rss float64) {
	h := tether.Stateful(tether.App{MaxPending: n + 1, Logger: quiet()}, counterConfig())
	srv := loadServer(b, h)
	heap0, rss0 := serverMemory()
	client := startLoadClient(b, srv.URL, n, 0)
	client.waitLine(b, "connected")
	eventually(b, "sessions active", func() bool { return h.Health().Active == n })
	heap1, rss1 := serverMemory()
	client.stop(b)
	return float64(heap1-heap0) / float64(n), float64(rss1-rss0) / float64(n)
}

// BenchmarkEventRoundTrip connects 1,000 sessions that each click and
// reports the client-measured event-to-patch latency. "paced": every
// session clicks every 100 ms (10,000 events/s in all, a busy page of
// users). "saturated": every session clicks again as soon as the previous
// click is acknowledged, so latency is the queue behind 1,000 clients on
// two shared cores.
func BenchmarkEventRoundTrip(b *testing.B) {
	const sessions = 1000
	for _, tt := range []struct {
		name     string
		clicks   int
		interval time.Duration
	}{{"paced", 20, 100 * time.Millisecond}, {"saturated", 20, 0}} {
		b.Run(tt.name, func(b *testing.B) {
			for range b.N {
				h := tether.Stateful(tether.App{MaxPending: sessions + 1, Logger: quiet()}, counterConfig())
				srv := loadServer(b, h)
				client := startLoadClient(b, srv.URL, sessions, tt.clicks, "TETHER_LOAD_INTERVAL="+tt.interval.String())
				line := client.waitLine(b, "latency")
				var q struct{ P50, P99, Max float64 }
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "latency ")), &q); err != nil {
					b.Fatal(err)
				}
				client.stop(b)
				b.ReportMetric(q.P50, "p50-ms")
				b.ReportMetric(q.P99, "p99-ms")
				b.ReportMetric(q.Max, "max-ms")
			}
		})
	}
}

func loadServer[S any](b *testing.B, h *tether.Handler[S]) *httptest.Server {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: h}}
	srv.Start()
	b.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		h.Shutdown(ctx)
		srv.CloseClientConnections()
		srv.Close()
	})
	return srv
}

// serverMemory measures after returning freed pages to the OS, so RSS
// holds what is live, not what the collector has yet to give back.
func serverMemory() (heap, rss uint64) {
	runtime.GC()
	debug.FreeOSMemory()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse + m.StackInuse, readRSS()
}

func readRSS() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

type loadClient struct {
	cmd   *exec.Cmd
	out   *bufio.Scanner
	stdin io.WriteCloser
}

func startLoadClient(b *testing.B, url string, sessions, clicks int, env ...string) *loadClient {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "TETHER_LOAD_CLIENT="+url,
		"TETHER_LOAD_SESSIONS="+strconv.Itoa(sessions), "TETHER_LOAD_CLICKS="+strconv.Itoa(clicks))
	cmd.Env = append(cmd.Env, env...)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	return &loadClient{cmd: cmd, out: bufio.NewScanner(stdout), stdin: stdin}
}

func (c *loadClient) waitLine(b *testing.B, prefix string) string {
	for c.out.Scan() {
		if line := c.out.Text(); strings.HasPrefix(line, prefix) {
			return line
		}
	}
	b.Fatalf("load client ended before printing %q", prefix)
	return ""
}

func (c *loadClient) stop(b *testing.B) {
	c.stdin.Close()
	if err := c.cmd.Wait(); err != nil {
		b.Fatalf("load client: %v", err)
	}
}

// runLoadClient is the client process: it loads the page and connects
// for every session, prints "connected", clicks if asked and prints the
// latency quantiles, then waits for its stdin to close.
func runLoadClient() {
	url := os.Getenv("TETHER_LOAD_CLIENT")
	n, _ := strconv.Atoi(os.Getenv("TETHER_LOAD_SESSIONS"))
	clicks, _ := strconv.Atoi(os.Getenv("TETHER_LOAD_CLICKS"))
	interval, _ := time.ParseDuration(os.Getenv("TETHER_LOAD_INTERVAL"))
	httpc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	conns := make([]*loadConn, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 64)
	for i := range conns {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			conns[i] = dialLoad(httpc, url)
		}()
	}
	wg.Wait()
	fmt.Println("connected")
	if clicks > 0 {
		var mu sync.Mutex
		var lat []float64
		for _, c := range conns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				mine := c.click(clicks, interval)
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			}()
		}
		wg.Wait()
		slices.Sort(lat)
		q := func(p float64) float64 { return lat[int(p*float64(len(lat)-1))] }
		out, _ := json.Marshal(map[string]float64{"P50": q(0.5), "P99": q(0.99), "Max": lat[len(lat)-1]})
		fmt.Println("latency " + string(out))
	}
	io.Copy(io.Discard, os.Stdin)
	for _, c := range conns {
		c.conn.NetConn().Close()
	}
}

var loadSession = regexp.MustCompile(`data-tether-session="([^"]+)"`)

type loadConn struct {
	gws.BuiltinEventHandler
	conn *gws.Conn
	acks chan uint64
}

// OnPing echoes the payload as browsers do; a server drops a client
// whose pongs never confirm what it sent.
func (c *loadConn) OnPing(socket *gws.Conn, payload []byte) { socket.WritePong(payload) }

func (c *loadConn) OnMessage(_ *gws.Conn, m *gws.Message) {
	defer m.Close()
	if u, err := wire.Decode(wire.JSON, m.Bytes()); err == nil && u.Ack != 0 {
		c.acks <- u.Ack
	}
}

func dialLoad(httpc *http.Client, url string) *loadConn {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("User-Agent", testUA)
	res, err := httpc.Do(req)
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := loadSession.FindSubmatch(body)
	if m == nil {
		panic("no session in page")
	}
	c := &loadConn{acks: make(chan uint64, 16)}
	conn, _, err := gws.NewClient(c, &gws.ClientOption{
		Addr:          "ws" + strings.TrimPrefix(url, "http"),
		RequestHeader: http.Header{"User-Agent": {testUA}},
	})
	if err != nil {
		panic(err)
	}
	c.conn = conn
	go conn.ReadLoop()
	frame, _ := wire.EncodeEvent(tether.Event{Type: "connect", Data: map[string]any{"session": string(m[1]), "seq": float64(0)}})
	conn.WriteMessage(gws.OpcodeText, frame)
	return c
}

// click sends clicks one after another, timing each until its ack; with
// an interval, clicks start that far apart, from a random offset.
func (c *loadConn) click(n int, interval time.Duration) []float64 {
	lat := make([]float64, 0, n)
	var tick <-chan time.Time
	if interval > 0 {
		time.Sleep(rand.N(interval))
		t := time.NewTicker(interval)
		defer t.Stop()
		tick = t.C
	}
	for i := 1; i <= n; i++ {
		if tick != nil && i > 1 {
			<-tick
		}
		frame, _ := wire.EncodeEvent(tether.Event{Type: "click", Action: "increment", EventID: uint64(i)})
		start := time.Now()
		c.conn.WriteMessage(gws.OpcodeText, frame)
		for ack := range c.acks {
			if ack == uint64(i) {
				break
			}
		}
		lat = append(lat, float64(time.Since(start).Microseconds())/1000)
	}
	return lat
}
