package diff_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/jpl-au/fluent/html5/div"
	"github.com/jpl-au/fluent/html5/table"
	"github.com/jpl-au/fluent/html5/tbody"
	"github.com/jpl-au/fluent/html5/td"
	"github.com/jpl-au/fluent/html5/tr"
	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether/diff"
	"github.com/tetherui/tether/wire"
)

// benchRow is one row of the 1,000-row benchmark table.
func benchRow(id int, label string) node.Node {
	return tr.New(td.Textf("%d", id), td.Text(label), td.Text("static cell")).Dynamic(fmt.Sprintf("row-%d", id))
}

func benchTable(ids []int, label func(int) string) node.Node {
	trs := make([]node.Node, len(ids))
	for i, id := range ids {
		trs[i] = benchRow(id, label(id))
	}
	return div.New(table.New(tbody.New(trs...).Dynamic("rows")))
}

func benchLabel(changed int) func(int) string {
	return func(id int) string {
		if id == changed {
			return fmt.Sprintf("item %d (edited)", id)
		}
		return fmt.Sprintf("item %d", id)
	}
}

func updateBytes(b *testing.B, res *diff.Result) int {
	b.Helper()
	u := toUpdate(res)
	u.Seq = 1
	out, err := wire.JSON.Encoder().Encode(nil, u)
	if err != nil {
		b.Fatal(err)
	}
	return len(out)
}

// BenchmarkDiffTable renders and diffs the 1,000-row table with one row's
// text changed per op (two prebuilt trees alternate).
func BenchmarkDiffTable(b *testing.B) {
	trees := []node.Node{benchTable(seq(1000), benchLabel(-1)), benchTable(seq(1000), benchLabel(500))}
	d := diff.New()
	if _, err := d.Render(trees[0]); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var res *diff.Result
	for i := 0; i < b.N; i++ {
		var err error
		if res, err = d.Diff(trees[(i+1)%2]); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	row := len(benchRow(500, benchLabel(500)(500)).Render())
	b.ReportMetric(float64(updateBytes(b, res)), "update-bytes")
	b.ReportMetric(float64(row), "row-bytes")
}

// BenchmarkMemoiserTable is the same table with every row memoised on a
// version; only the changed row's closure runs.
func BenchmarkMemoiserTable(b *testing.B) {
	calls := 0
	build := func(changedVersion int) node.Node {
		trs := make([]node.Node, 1000)
		for id := range trs {
			v := 0
			if id == 500 {
				v = changedVersion
			}
			trs[id] = tr.New(node.Memoise(v, func() node.Node {
				calls++
				return node.Funcs(func() []node.Node {
					return []node.Node{td.Textf("%d", id), td.Textf("item %d v%d", id, v), td.Text("static cell")}
				})
			})).Dynamic(fmt.Sprintf("row-%d", id))
		}
		return div.New(table.New(tbody.New(trs...).Dynamic("rows")))
	}
	trees := []node.Node{build(1), build(2)}
	m := diff.NewMemoiser()
	if _, err := m.Render(trees[0]); err != nil {
		b.Fatal(err)
	}
	calls = 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.Diff(trees[(i+1)%2]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(calls)/float64(b.N), "closures/op")
}

// BenchmarkPatchRow diffs one row of the table with Patch; compare its
// ns/op with BenchmarkDiffTable.
func BenchmarkPatchRow(b *testing.B) {
	d := diff.New()
	if _, err := d.Render(benchTable(seq(1000), benchLabel(-1))); err != nil {
		b.Fatal(err)
	}
	rows := []node.Node{benchRow(500, "item 500 (edited)"), benchRow(500, "item 500")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := d.Patch("row-500", rows[i%2]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListEdits reports update bytes against the table's HTML for a
// reverse of all rows and for one row inserted in the middle.
func BenchmarkListEdits(b *testing.B) {
	ids := seq(1000)
	reversed := slices.Clone(ids)
	slices.Reverse(reversed)
	inserted := slices.Insert(slices.Clone(ids), 500, 5000)
	label := benchLabel(-1)
	for _, tt := range []struct {
		name string
		next []int
	}{{"reverse", reversed}, {"insert", inserted}} {
		b.Run(tt.name, func(b *testing.B) {
			trees := []node.Node{benchTable(ids, label), benchTable(tt.next, label)}
			d := diff.New()
			html, err := d.Render(trees[0])
			if err != nil {
				b.Fatal(err)
			}
			tableBytes := len(html)
			var res *diff.Result
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if res, err = d.Diff(trees[(i+1)%2]); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			if b.N%2 == 0 { // last diff went back to the original order
				if res, err = d.Diff(trees[1]); err != nil {
					b.Fatal(err)
				}
			}
			n := updateBytes(b, res)
			b.ReportMetric(float64(n), "update-bytes")
			b.ReportMetric(float64(tableBytes), "table-bytes")
			b.ReportMetric(float64(len(benchRow(5000, label(5000)).Render())), "row-bytes")
		})
	}
}
