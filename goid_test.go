package tether

import (
	"sync"
	"testing"
)

// goid tells goroutines apart: effects rely on it to know which belong
// to the loop's batch.
func TestGoid(t *testing.T) {
	main := goid()
	if main == 0 || goid() != main {
		t.Fatalf("goid %d not stable", main)
	}
	ids := make(chan uint64, 8)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() { ids <- goid() })
	}
	wg.Wait()
	close(ids)
	seen := map[uint64]bool{main: true}
	for id := range ids {
		if id == 0 || seen[id] {
			t.Fatalf("goid %d zero or shared", id)
		}
		seen[id] = true
	}
}

func BenchmarkGoid(b *testing.B) {
	for b.Loop() {
		goid()
	}
}
