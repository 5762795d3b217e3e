package tether_test

import (
	"math"
	"testing"
	"time"

	"github.com/tetherui/tether"
)

// The event budget belongs to the session: reconnecting does not refill
// it. Twenty reconnects each sending 30 events get no more handled than
// one connection would.
func TestEventRateSurvivesReconnect(t *testing.T) {
	checkLeaks(t)
	cfg := counterConfig()
	cfg.Limits.EventRate, cfg.Limits.EventBurst = 1, 10
	sessions := reportSessions(&cfg)
	h := tether.Stateful(tether.App{Logger: quiet()}, cfg)
	d := watch(h)
	srv := serve(t, h)
	c := load(t, srv)
	start := time.Now()
	sent := 0
	var s *tether.StatefulSession[counter]
	for range 20 {
		c.connect(srv)
		s = <-sessions
		for range 30 {
			c.click("increment")
			sent++
		}
		// Every event is either handled or refused before the next
		// connection starts.
		eventually(t, "events read", func() bool { return s.State().Count+d.count(tether.RateLimited) == sent })
		c.conn.NetConn().Close()
		<-c.closed
		c.lastSeq = 0
		c.html = "stale"
	}
	handled := s.State().Count
	allowed := 10 + int(math.Ceil(time.Since(start).Seconds())) // burst plus the refill
	if handled > allowed {
		t.Fatalf("%d of %d events handled; the limit allows %d", handled, sent, allowed)
	}
	t.Logf("%d of %d events handled across 20 connections (limit: %d)", handled, sent, allowed)
}

// A flood of events over the rate costs the client a few refusal frames
// per second, not one per event: the connection survives and the last
// refused event is still acknowledged.
func TestRefusalsCoalesced(t *testing.T) {
	checkLeaks(t)
	cfg := counterConfig()
	cfg.Limits.EventRate, cfg.Limits.EventBurst = 1, 1
	h := tether.Stateful(tether.App{Logger: quiet()}, cfg)
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	start := time.Now()
	var last uint64
	for range 900 {
		last = c.click("increment")
	}
	refusals := 0
	for {
		u := c.next()
		if u.Error != "" {
			refusals++
		}
		if u.Ack >= last {
			break
		}
	}
	windows := int(time.Since(start)/time.Second) + 1
	if refusals > 2*windows {
		t.Fatalf("%d refusal frames in %d one-second windows", refusals, windows)
	}
	t.Logf("900 events at burst 1: %d refusal frames in %d one-second windows", refusals, windows)
}
