package ws

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tetherui/tether/internal/transport"
)

// benchConns is how many idle connections BenchmarkIdleConnMemory holds.
const benchConns = 1000

// dialerEnv makes the test binary act as the benchmark's client process.
const dialerEnv = "TETHER_WS_BENCH_DIAL"

// BenchmarkIdleConnMemory measures what one idle WebSocket connection
// costs the server: heap plus goroutine stacks, after GC, divided by the
// number of connections. The clients live in a child process (this test
// binary, running TestBenchDialer) so their memory is not counted. Each
// connection has its heartbeat started, as a session's would.
func BenchmarkIdleConnMemory(b *testing.B) {
	var heap, stack, goroutines float64
	for i := 0; i < b.N; i++ {
		h, s, g := idleConnMemory(b, benchConns)
		heap += h
		stack += s
		goroutines += g
	}
	n := float64(b.N)
	b.ReportMetric((heap+stack)/n, "bytes/conn")
	b.ReportMetric(heap/n, "heap-bytes/conn")
	b.ReportMetric(stack/n, "stack-bytes/conn")
	b.ReportMetric(goroutines/n, "goroutines/conn")
	b.ReportMetric(0, "ns/op")
}

func idleConnMemory(b *testing.B, conns int) (heap, stack, goroutines float64) {
	b.Helper()
	var (
		mu  sync.Mutex
		trs []transport.Transport
		got = make(chan struct{}, conns)
	)
	up := Upgrade()
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tr, err := up(w, r)
		if err != nil {
			return
		}
		tr.(transport.Heartbeater).StartHeartbeat(time.Hour)
		mu.Lock()
		trs = append(trs, tr)
		mu.Unlock()
		got <- struct{}{}
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()

	// Warm up pools and the upgrader with one connection, then measure.
	base := runtime.NumGoroutine()
	warm := exec.Command(os.Args[0], "-test.run=^TestBenchDialer$", "-test.bench=^$")
	warm.Env = append(os.Environ(), dialerEnv+"="+ln.Addr().String()+",1")
	runDialer(b, warm, got, 1)

	// The warm-up connection's goroutines are gone before measuring.
	if !poll(wait, func() bool { return runtime.NumGoroutine() <= base }) {
		b.Fatalf("%d goroutines after the warm-up connection closed, %d before", runtime.NumGoroutine(), base)
	}
	before, g0 := memNow()

	cmd := exec.Command(os.Args[0], "-test.run=^TestBenchDialer$", "-test.bench=^$")
	cmd.Env = append(os.Environ(), dialerEnv+"="+ln.Addr().String()+","+strconv.Itoa(conns))
	stop := runDialer(b, cmd, got, conns)

	after, g1 := memNow()
	heap = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(conns)
	stack = float64(int64(after.StackInuse)-int64(before.StackInuse)) / float64(conns)
	goroutines = float64(g1-g0) / float64(conns)

	stop()
	mu.Lock()
	for _, tr := range trs {
		tr.Close()
	}
	mu.Unlock()
	return heap, stack, goroutines
}

// runDialer starts the client process and waits until the server has
// upgraded n connections. For the warm-up connection it also ends the
// process; otherwise it returns a function that does.
func runDialer(b *testing.B, cmd *exec.Cmd, got chan struct{}, n int) (stop func()) {
	b.Helper()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	stop = func() {
		stdin.Close()
		_ = cmd.Wait()
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "ready" {
		stop()
		b.Fatalf("dialer: %q %v", line, err)
	}
	for i := 0; i < n; i++ {
		select {
		case <-got:
		case <-time.After(time.Minute):
			stop()
			b.Fatalf("only %d of %d connections upgraded", i, n)
		}
	}
	if n == 1 {
		stop()
		return func() {}
	}
	return stop
}

func memNow() (runtime.MemStats, int) {
	var m runtime.MemStats
	for i := 0; i < 3; i++ {
		runtime.GC()
	}
	runtime.ReadMemStats(&m)
	return m, runtime.NumGoroutine()
}

// TestBenchDialer is the client process of BenchmarkIdleConnMemory: it
// opens the connections, says "ready", and holds them idle until its
// standard input closes. Without the environment variable it does
// nothing.
func TestBenchDialer(t *testing.T) {
	spec := os.Getenv(dialerEnv)
	if spec == "" {
		t.Skip("client process of BenchmarkIdleConnMemory")
	}
	addr, count, _ := strings.Cut(spec, ",")
	n, err := strconv.Atoi(count)
	if err != nil {
		t.Fatal(err)
	}
	conns := make([]net.Conn, 0, n)
	for i := 0; i < n; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fmt.Fprintf(c, rawHandshake, addr); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
			t.Fatalf("handshake: %v", err)
		}
		conns = append(conns, c)
	}
	fmt.Println("ready")
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
	for _, c := range conns {
		c.Close()
	}
}
