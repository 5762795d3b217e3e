package ws

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tetherui/tether/internal/transport"
)

// Environment of the slow-reader memory run: slowMemEnv starts it,
// slowDialEnv makes the test binary its client process.
const (
	slowMemEnv  = "TETHER_WS_SLOWMEM"
	slowDialEnv = "TETHER_WS_SLOW_DIAL"
)

// TestSlowReaderMemory is a load program, run by hand (see
// /work/notes/wire-figures.md): ten clients in a child process complete
// the handshake, then never read, and send a 1-byte pong every half
// heartbeat interval to look alive. The server sends each a fresh 48 KiB
// frame (written, so its pages count in RSS) every 100 ms, as a busy session would, until Send fails. Every
// 2 s it prints the live heap after GC, the process RSS and how many
// connections are still up. Bound to 127.0.0.1, 20 s.
func TestSlowReaderMemory(t *testing.T) {
	if os.Getenv(slowMemEnv) == "" {
		t.Skip("load program: set " + slowMemEnv + "=1")
	}
	const (
		clients  = 10
		interval = time.Second
		frame    = 48 << 10
		every    = 100 * time.Millisecond
		run      = 20 * time.Second
	)
	var live atomic.Int64
	var mu sync.Mutex
	reasons := map[string]int{}
	up := Upgrade()
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tr, err := up(w, r)
		if err != nil {
			return
		}
		tr.(transport.Heartbeater).StartHeartbeat(interval)
		live.Add(1)
		go func() {
			defer live.Add(-1)
			tick := time.NewTicker(every)
			defer tick.Stop()
			for range tick.C {
				if err := tr.Send(bytes.Repeat([]byte("u"), frame)); err != nil {
					_, why := tr.ReceiveEvent()
					mu.Lock()
					reasons[fmt.Sprint(why)]++
					mu.Unlock()
					return
				}
			}
		}()
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestSlowDialer$")
	cmd.Env = append(os.Environ(), slowDialEnv+"="+ln.Addr().String()+","+strconv.Itoa(clients)+","+(interval/2).String())
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); _ = cmd.Wait() }()

	fmt.Printf("%6s %12s %10s %6s\n", "t", "heap-MiB", "rss-MiB", "conns")
	sample := time.NewTicker(2 * time.Second)
	defer sample.Stop()
	for at := time.Duration(0); at <= run; at += 2 * time.Second {
		if at > 0 {
			<-sample.C
		}
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		fmt.Printf("%5.0fs %12.1f %10.1f %6d\n", at.Seconds(), float64(m.HeapAlloc)/(1<<20), rssMiB(), live.Load())
	}
	mu.Lock()
	defer mu.Unlock()
	for why, n := range reasons {
		fmt.Printf("dropped %d: %s\n", n, why)
	}
}

// rssMiB returns the process's resident set size from /proc.
func rssMiB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return float64(kb) / 1024
		}
	}
	return -1
}

// TestSlowDialer is the client process of TestSlowReaderMemory.
func TestSlowDialer(t *testing.T) {
	spec := os.Getenv(slowDialEnv)
	if spec == "" {
		t.Skip("client process of TestSlowReaderMemory")
	}
	parts := strings.Split(spec, ",")
	n, _ := strconv.Atoi(parts[1])
	every, _ := time.ParseDuration(parts[2])
	var conns []net.Conn
	for range n {
		c, err := net.Dial("tcp", parts[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fmt.Fprintf(c, rawHandshake, parts[0]); err != nil {
			t.Fatal(err)
		}
		if resp, err := http.ReadResponse(bufio.NewReader(c), nil); err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
			t.Fatalf("handshake: %v", err)
		}
		conns = append(conns, c)
	}
	go func() {
		pong := clientFrame(true, 0xa, []byte("x"), 1)
		for range time.Tick(every) {
			for _, c := range conns {
				_, _ = c.Write(pong)
			}
		}
	}()
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
	for _, c := range conns {
		c.Close()
	}
}
