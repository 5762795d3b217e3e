package diff_test

import (
	"fmt"
	"testing"

	"github.com/jpl-au/fluent/html5/div"
	"github.com/jpl-au/fluent/html5/span"
	"github.com/jpl-au/fluent/html5/tbody"
	"github.com/jpl-au/fluent/html5/td"
	"github.com/jpl-au/fluent/html5/tr"
	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether/diff"
	"github.com/tetherui/tether/wire"
)

// memoRows renders n keyed rows whose content is memoised on a version;
// calls counts how many row closures ran.
func memoRows(versions []int, calls *int) node.Node {
	trs := make([]node.Node, len(versions))
	for i, v := range versions {
		trs[i] = tr.New(node.Memoise(v, func() node.Node {
			*calls++
			return td.New(span.Textf("row %d v%d", i, v).Dynamic(fmt.Sprintf("c%d", i)))
		})).Dynamic(fmt.Sprintf("r%d", i))
	}
	return div.New(tbody.New(trs...).Dynamic("rows"))
}

func TestMemoiserSkipsUnchangedRows(t *testing.T) {
	m := diff.NewMemoiser()
	versions := make([]int, 100)
	calls := 0
	if _, err := m.Render(memoRows(versions, &calls)); err != nil {
		t.Fatal(err)
	}
	if calls != 100 {
		t.Fatalf("first render ran %d closures, want 100", calls)
	}
	calls = 0
	versions[42]++
	res := step(t, &m.Differ, memoRows(versions, &calls))
	if calls != 1 || res.MemoHits != 99 || res.MemoMisses != 1 {
		t.Fatalf("ran %d closures, hits %d misses %d; want 1, 99, 1", calls, res.MemoHits, res.MemoMisses)
	}
	if len(res.Patches) != 1 || res.Patches[0].Key != "c42" || res.Patches[0].Op != wire.Text {
		t.Fatalf("got %+v", res.Patches)
	}
	// A plain Differ runs every closure.
	d := diff.New()
	calls = 0
	if _, err := d.Render(memoRows(versions, &calls)); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Diff(memoRows(versions, &calls)); err != nil || calls != 200 {
		t.Fatalf("plain differ ran %d closures, want 200 (err %v)", calls, err)
	}
}

// Memo hits keep their regions: a later change inside a reused row is
// still found, and a Patch inside a memoised region invalidates it.
func TestMemoiserAfterPatch(t *testing.T) {
	m := diff.NewMemoiser()
	versions := make([]int, 5)
	calls := 0
	if _, err := m.Render(memoRows(versions, &calls)); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Patch("c2", span.Text("patched").Dynamic("c2")); err != nil {
		t.Fatal(err)
	}
	calls = 0
	res := step(t, &m.Differ, memoRows(versions, &calls))
	if calls != 1 || len(res.Patches) != 1 || res.Patches[0].Key != "c2" {
		t.Fatalf("after patch: ran %d closures, patches %+v", calls, res.Patches)
	}
	// Unhashable memo keys are misses, never panics.
	n := div.New(tbody.New(tr.New(node.Memoise([]int{1}, func() node.Node { return td.Text("x") })).Dynamic("r0")).Dynamic("rows"))
	for range 2 {
		res, err := m.Diff(n)
		if err != nil {
			t.Fatal(err)
		}
		if res.MemoHits != 0 {
			t.Fatalf("slice key hit the cache")
		}
	}
}
