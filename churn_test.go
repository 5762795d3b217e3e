package tether_test

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lxzan/gws"
	"github.com/tetherui/tether"
	"github.com/tetherui/tether/wire"
)

// BenchmarkConnectChurn measures an attack that opens WebSocket
// connections asking for a new session and closes them at once, as fast
// as 64 connections at a time from 8 addresses (127.0.0.2-9) allow, for
// TETHER_CHURN_SECONDS (default 30). The attacker runs in a second
// process. It reports the sessions the attacker got, the most sessions
// the server held and its peak RSS, and how long a legitimate user (page
// load, connect, click acknowledged) waited for a working session, once
// a second, retrying every 100 ms when refused.
//
//	go test -run='^$' -bench=ConnectChurn -benchtime=1x .
func BenchmarkConnectChurn(b *testing.B) {
	for _, tt := range []struct {
		name string
		app  tether.App
	}{
		{"defaults", tether.App{}},
		{"MaxSessions=1000", tether.App{MaxSessions: 1000}},
		// Many attacking addresses: only MaxFresh and eviction hold.
		{"SessionsPerAddress=off", tether.App{Security: tether.Security{SessionsPerAddress: -1}}},
	} {
		b.Run(tt.name, func(b *testing.B) {
			for range b.N {
				churnRun(b, tt.app)
			}
		})
	}
}

func churnRun(b *testing.B, app tether.App) {
	secs := 30
	if s, err := strconv.Atoi(os.Getenv("TETHER_CHURN_SECONDS")); err == nil && s > 0 {
		secs = s
	}
	app.Logger = quiet()
	h := tether.Stateful(app, counterConfig())
	srv := loadServer(b, h)
	_, rss0 := serverMemory()
	var peakSessions, peakRSS atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // sample the server
		defer wg.Done()
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
			}
			hs := h.Health()
			peakSessions.Store(max(peakSessions.Load(), uint64(hs.Pending+hs.Active+hs.Disconnected)))
			peakRSS.Store(max(peakRSS.Load(), readRSS()))
		}
	}()
	var waits []time.Duration
	wg.Add(1)
	go func() { // a legitimate user, once a second
		defer wg.Done()
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
			}
			waits = append(waits, legitimateWait(srv.URL, stop))
		}
	}()
	client := startLoadClient(b, srv.URL, 0, 0, "TETHER_LOAD_MODE=churn", "TETHER_CHURN_SECONDS="+strconv.Itoa(secs))
	line := client.waitLine(b, "churned")
	close(stop)
	wg.Wait()
	client.stop(b)
	var created, refused float64
	fmt.Sscanf(line, "churned created=%g refused=%g", &created, &refused)
	var worst time.Duration
	for _, w := range waits {
		worst = max(worst, w)
	}
	b.ReportMetric(created, "sessions-created")
	b.ReportMetric(refused, "connects-refused")
	b.ReportMetric(float64(peakSessions.Load()), "peak-sessions")
	b.ReportMetric(float64(peakRSS.Load()-min(rss0, peakRSS.Load()))/(1<<20), "peak-rss-growth-MB")
	b.ReportMetric(worst.Seconds()*1000, "worst-user-wait-ms")
	b.ReportMetric(float64(len(waits)), "user-attempts")
}

// legitimateWait is how long a user waits for a working session:
// a page load, a connection and an acknowledged click.
func legitimateWait(url string, stop <-chan struct{}) time.Duration {
	start := time.Now()
	for {
		if legitimateOnce(url) {
			return time.Since(start)
		}
		select {
		case <-stop:
			return time.Since(start)
		case <-time.After(100 * time.Millisecond): // the client runtime's retry
		}
	}
}

func legitimateOnce(url string) bool {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("User-Agent", testUA)
	req.Header.Set("Accept", "text/html")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	c := &loadConn{acks: make(chan uint64, 16)}
	conn, _, err := gws.NewClient(c, &gws.ClientOption{
		Addr:          "ws" + strings.TrimPrefix(url, "http"),
		RequestHeader: http.Header{"User-Agent": {testUA}},
	})
	if err != nil {
		return false
	}
	defer conn.NetConn().Close()
	go conn.ReadLoop()
	data := map[string]any{"seq": float64(0)}
	if m := loadSession.FindSubmatch(body); m != nil {
		data["session"] = string(m[1])
	}
	frame, _ := wire.EncodeEvent(tether.Event{Type: "connect", Data: data})
	conn.WriteMessage(gws.OpcodeText, frame)
	frame, _ = wire.EncodeEvent(tether.Event{Type: "click", Action: "increment", EventID: 1})
	conn.WriteMessage(gws.OpcodeText, frame)
	select {
	case <-c.acks:
		return true
	case <-time.After(5 * time.Second):
		return false
	}
}

// runChurnClient is the attacker process of BenchmarkConnectChurn.
func runChurnClient(url string) {
	secs, _ := strconv.Atoi(os.Getenv("TETHER_CHURN_SECONDS"))
	deadline := time.Now().Add(time.Duration(secs) * time.Second)
	var created, refused atomic.Int64
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			from := "127.0.0." + strconv.Itoa(2+i%8)
			for time.Now().Before(deadline) {
				got, ok := churnOnce(url, from)
				if got {
					created.Add(1)
				}
				if !ok {
					refused.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	fmt.Printf("churned created=%d refused=%d\n", created.Load(), refused.Load())
	io.Copy(io.Discard, os.Stdin)
}
