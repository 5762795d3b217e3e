package diff_test

import (
	"errors"
	"fmt"
	"html"
	"math/rand/v2"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/jpl-au/fluent/html5/div"
	"github.com/jpl-au/fluent/html5/h1"
	"github.com/jpl-au/fluent/html5/img"
	"github.com/jpl-au/fluent/html5/span"
	"github.com/jpl-au/fluent/html5/table"
	"github.com/jpl-au/fluent/html5/tbody"
	"github.com/jpl-au/fluent/html5/td"
	"github.com/jpl-au/fluent/html5/tr"
	"github.com/jpl-au/fluent/node"
	"github.com/jpl-au/fluent/text"
	"github.com/tetherui/tether/diff"
	"github.com/tetherui/tether/internal/htmlpatch"
	"github.com/tetherui/tether/wire"
)

// step diffs next against d's baseline and checks that applying the
// result to the previous HTML reproduces next's HTML exactly.
func step(t *testing.T, d *diff.Differ, next node.Node) *diff.Result {
	t.Helper()
	before := string(d.HTML())
	res, err := d.Diff(next)
	if err != nil {
		t.Fatal(err)
	}
	got, err := htmlpatch.Apply(before, toUpdate(res))
	if err != nil {
		t.Fatalf("apply: %v\nresult: %+v", err, res)
	}
	if want := string(d.HTML()); normalise(got) != normalise(want) {
		t.Fatalf("patched HTML differs\n got: %s\nwant: %s\nresult: %+v", got, want, res)
	}
	return res
}

func toUpdate(r *diff.Result) *wire.Update {
	return &wire.Update{RootSet: r.RootSet, Root: r.Root, List: r.List, Patches: r.Patches}
}

var openTag = regexp.MustCompile(`<[a-z0-9]+( [^<>]*)?>`)
var attrRe = regexp.MustCompile(` [a-z-]+(="[^"]*")?`)

// normalise sorts each open tag's attributes: an attribute patch may add
// an attribute at a different position than Fluent writes it.
func normalise(s string) string {
	return openTag.ReplaceAllStringFunc(s, func(tag string) string {
		attrs := attrRe.FindAllString(tag, -1)
		for i, a := range attrs {
			attrs[i] = html.UnescapeString(a)
		}
		sort.Strings(attrs)
		name := tag[:strings.IndexAny(tag+" ", " >")]
		return name + strings.Join(attrs, "") + ">"
	})
}

func counter(n int) node.Node {
	return div.New(
		h1.Text("Counter"),
		span.Textf("Count: %d", n).Dynamic("count"),
	)
}

func TestFirstDiffIsRootMorph(t *testing.T) {
	d := diff.New()
	res, err := d.Diff(counter(1))
	if err != nil {
		t.Fatal(err)
	}
	if !res.RootSet || res.Root != string(counter(1).Render()) {
		t.Fatalf("want root morph of the full render, got %+v", res)
	}
}

func TestTextChangeIsTextPatch(t *testing.T) {
	d := diff.New()
	if _, err := d.Render(counter(0)); err != nil {
		t.Fatal(err)
	}
	res := step(t, d, counter(1))
	want := []wire.Patch{{Op: wire.Text, Key: "count", Text: "Count: 1"}}
	if res.RootSet || len(res.List) > 0 || !slices.EqualFunc(res.Patches, want, patchEq) {
		t.Fatalf("got %+v, want %+v", res, want)
	}
	if res := step(t, d, counter(1)); res.Changed() {
		t.Fatalf("unchanged render produced %+v", res)
	}
}

func patchEq(a, b wire.Patch) bool {
	return a.Op == b.Op && a.Key == b.Key && a.HTML == b.HTML && a.Text == b.Text && slices.Equal(a.Attrs, b.Attrs)
}

// A change inside a nested key patches that key alone, never its ancestors.
func TestNestedKeysAreHoles(t *testing.T) {
	page := func(inner, outer string) node.Node {
		return div.New(
			div.New(
				span.Text(outer),
				div.New(span.Text(inner).Dynamic("inner")).Class("box").Dynamic("middle"),
			).Dynamic("outer"),
		)
	}
	d := diff.New()
	if _, err := d.Render(page("a", "x")); err != nil {
		t.Fatal(err)
	}
	res := step(t, d, page("b", "x"))
	if len(res.Patches) != 1 || res.Patches[0].Key != "inner" || res.Patches[0].Op != wire.Text {
		t.Fatalf("inner change: got %+v", res.Patches)
	}
	res = step(t, d, page("c", "y"))
	keys := []string{}
	for _, p := range res.Patches {
		keys = append(keys, p.Key)
	}
	// outer's own markup changed: one morph of outer covers inner too.
	if !slices.Equal(keys, []string{"outer"}) || res.Patches[0].Op != wire.Morph {
		t.Fatalf("outer change: got %+v", res.Patches)
	}
}

func TestAttributeChangeIsAttrPatch(t *testing.T) {
	page := func(cls string) node.Node {
		return div.New(div.New(span.Text("x").Dynamic("kid")).Class(cls).Dynamic("box"))
	}
	d := diff.New()
	if _, err := d.Render(page("a")); err != nil {
		t.Fatal(err)
	}
	res := step(t, d, page("b & c"))
	want := []wire.Patch{{Op: wire.Attrs, Key: "box", Attrs: []wire.Attr{{Name: "class", Value: "b & c"}}}}
	if !slices.EqualFunc(res.Patches, want, patchEq) {
		t.Fatalf("got %+v, want %+v", res.Patches, want)
	}
	res = step(t, d, page(""))
	want = []wire.Patch{{Op: wire.Attrs, Key: "box", Attrs: []wire.Attr{{Name: "class", Remove: true}}}}
	if !slices.EqualFunc(res.Patches, want, patchEq) {
		t.Fatalf("got %+v, want %+v", res.Patches, want)
	}
}

func TestUnkeyedChangeMorphsRoot(t *testing.T) {
	page := func(title string, n int) node.Node {
		return div.New(h1.Text(title), span.Textf("%d", n).Dynamic("n"))
	}
	d := diff.New()
	if _, err := d.Render(page("a", 1)); err != nil {
		t.Fatal(err)
	}
	res := step(t, d, page("b", 1))
	if !res.RootSet || len(res.Patches) != 0 {
		t.Fatalf("got %+v", res)
	}
}

func TestKeyErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		tree node.Node
		want error
	}{
		{"duplicate", div.New(span.Text("a").Dynamic("k"), div.New(span.Text("b").Dynamic("k"))), diff.ErrDuplicateKey},
		{"quote", div.New(span.Text("a").Dynamic(`k"x`)), diff.ErrInvalidKey},
		{"space", div.New(span.Text("a").Dynamic("a b")), diff.ErrInvalidKey},
		{"angle", div.New(span.Text("a").Dynamic("<k>")), diff.ErrInvalidKey},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := diff.New()
			if _, err := d.Render(counter(1)); err != nil {
				t.Fatal(err)
			}
			if _, err := d.Diff(tt.tree); !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			// The baseline survives a failed diff.
			if res := step(t, d, counter(2)); len(res.Patches) != 1 {
				t.Fatalf("after error: %+v", res)
			}
		})
	}
}

// rows renders a keyed table; each row has a nested keyed badge.
func rows(ids []int, label func(int) string) node.Node {
	trs := make([]node.Node, len(ids))
	for i, id := range ids {
		trs[i] = tr.New(
			td.Text(label(id)),
			td.New(span.Textf("#%d", id).Dynamic(fmt.Sprintf("b%d", id))),
		).Dynamic(fmt.Sprintf("r%d", id))
	}
	return div.New(h1.Text("Table"), table.New(tbody.New(trs...).Dynamic("rows")))
}

func plain(id int) string { return fmt.Sprintf("row %d", id) }

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func TestListInsertRemoveMove(t *testing.T) {
	d := diff.New()
	if _, err := d.Render(rows(seq(10), plain)); err != nil {
		t.Fatal(err)
	}
	// Insert in the middle: one insert op carrying that row only.
	ids := slices.Insert(seq(10), 5, 100)
	res := step(t, d, rows(ids, plain))
	if len(res.List) != 1 || res.List[0].Kind != wire.Insert || res.List[0].Pos != wire.After ||
		res.List[0].Ref != "r4" || len(res.Patches) != 0 || res.RootSet {
		t.Fatalf("insert: %+v", res)
	}
	if res.Structural == nil || !slices.Contains(res.Structural.Added, "r100") {
		t.Fatalf("insert not reported: %+v", res.Structural)
	}
	// Remove one row.
	ids = slices.Delete(ids, 2, 3)
	res = step(t, d, rows(ids, plain))
	if len(res.List) != 1 || res.List[0].Kind != wire.Remove || res.List[0].Key != "r2" {
		t.Fatalf("remove: %+v", res.List)
	}
	// Move the last row to the front: a single move.
	ids = append([]int{ids[len(ids)-1]}, ids[:len(ids)-1]...)
	res = step(t, d, rows(ids, plain))
	if len(res.List) != 1 || res.List[0].Kind != wire.Move || res.List[0].Pos != wire.Before {
		t.Fatalf("move: %+v", res.List)
	}
	if !res.Structural.Reordered {
		t.Fatalf("move not reported as reorder: %+v", res.Structural)
	}
	// Empty the list, then refill it.
	step(t, d, rows(nil, plain))
	res = step(t, d, rows([]int{7, 8}, plain))
	if len(res.List) != 2 || res.List[0].Pos != wire.Prepend || res.List[0].Ref != "rows" {
		t.Fatalf("refill: %+v", res.List)
	}
}

// Random list edits mixed with content changes: the ops, applied to the
// old HTML, reproduce the new HTML exactly.
func TestListEditsProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	kinds := map[wire.ListOpKind]int{}
	for trial := 0; trial < 200; trial++ {
		d := diff.New()
		ids := seq(r.IntN(12))
		next := 1000
		version := map[int]int{}
		label := func(id int) string { return fmt.Sprintf("row %d v%d", id, version[id]) }
		if _, err := d.Render(rows(ids, label)); err != nil {
			t.Fatal(err)
		}
		for edit := 0; edit < 20; edit++ {
			for n := r.IntN(3) + 1; n > 0; n-- {
				ids = randomEdit(r, ids, &next, version)
			}
			res := step(t, d, rows(ids, label))
			if res.RootSet {
				t.Fatalf("list edit morphed the root: %+v", res)
			}
			for _, p := range res.Patches {
				if p.Key == "rows" {
					t.Fatalf("list edit morphed the list region: %+v", p)
				}
			}
			for _, op := range res.List {
				kinds[op.Kind]++
			}
		}
	}
	if kinds[wire.Insert] == 0 || kinds[wire.Remove] == 0 || kinds[wire.Move] == 0 || kinds[wire.Order] == 0 {
		t.Fatalf("edits did not exercise every list op: %v", kinds)
	}
}

func randomEdit(r *rand.Rand, ids []int, next *int, version map[int]int) []int {
	switch op := r.IntN(7); {
	case op == 0 || len(ids) == 0:
		*next++
		return slices.Insert(ids, r.IntN(len(ids)+1), *next)
	case op == 1:
		i := r.IntN(len(ids))
		return slices.Delete(ids, i, i+1)
	case op == 2:
		i, j := r.IntN(len(ids)), r.IntN(len(ids))
		id := ids[i]
		ids = slices.Delete(ids, i, i+1)
		return slices.Insert(ids, min(j, len(ids)), id)
	case op == 3:
		r.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	case op == 4:
		slices.Reverse(ids)
	case op == 5:
		version[ids[r.IntN(len(ids))]]++
	default:
		slices.Sort(ids)
	}
	return ids
}

func TestReverseCostsMovesNotTable(t *testing.T) {
	d := diff.New()
	ids := seq(1000)
	html, err := d.Render(rows(ids, plain))
	if err != nil {
		t.Fatal(err)
	}
	tableBytes := len(html)
	slices.Reverse(ids)
	res := step(t, d, rows(ids, plain))
	u := toUpdate(res)
	u.Seq = 1
	b, err := wire.JSON.Encoder().Encode(nil, u)
	if err != nil {
		t.Fatal(err)
	}
	if len(b)*4 >= tableBytes {
		t.Fatalf("reverse update is %d bytes, table is %d: want under 25%%", len(b), tableBytes)
	}
}

// Patch diffs one region without rendering the rest, and later full diffs
// compare against the patched baseline.
func TestPatchSingleKey(t *testing.T) {
	d := diff.New()
	ids := seq(20)
	version := map[int]int{}
	label := func(id int) string { return fmt.Sprintf("row %d v%d", id, version[id]) }
	if _, err := d.Render(rows(ids, label)); err != nil {
		t.Fatal(err)
	}
	version[7] = 12345 // longer label: the splice moves everything after it
	row := tr.New(td.Text(label(7)), td.New(span.Textf("#%d", 7).Dynamic("b7"))).Dynamic("r7")
	before := string(d.HTML())
	res, err := d.Patch("r7", row)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Patches) != 1 || res.Patches[0].Key != "r7" {
		t.Fatalf("patch: %+v", res.Patches)
	}
	got, err := htmlpatch.Apply(before, toUpdate(res))
	if err != nil {
		t.Fatal(err)
	}
	if want := string(rows(ids, label).Render()); got != want || string(d.HTML()) != want {
		t.Fatalf("patched baseline differs\n got: %s\nwant: %s\nbase: %s", got, want, d.HTML())
	}
	version[3]++
	if res := step(t, d, rows(ids, label)); len(res.Patches) != 1 || res.Patches[0].Key != "r3" {
		t.Fatalf("diff after patch: %+v", res.Patches)
	}
	if _, err := d.Patch("nope", row); !errors.Is(err, diff.ErrUnknownKey) {
		t.Fatalf("unknown key: %v", err)
	}
	if _, err := d.Patch("r8", row); !errors.Is(err, diff.ErrUnknownKey) {
		t.Fatalf("mismatched subtree key: %v", err)
	}
}

// A change outside every keyed region morphs the root and says where.
func TestUnkeyedChangeIsNamed(t *testing.T) {
	page := func(title, note string, n int) node.Node {
		return div.New(
			h1.Text(title).ID("title").Class("big bold"),
			span.Textf("%d", n).Dynamic("n"),
			div.New(span.Text(note)).Class("note"),
		)
	}
	d := diff.New()
	if _, err := d.Render(page("a", "x", 1)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		next node.Node
		want string
	}{
		{page("b", "x", 1), "h1#title.big.bold in root"},
		{page("b", "y", 1), "span in root"}, // after the keyed span: the next segment
		{page("b", "y", 2), ""},             // keyed change only: a patch, no root morph
	} {
		res := step(t, d, tt.next)
		if res.Unkeyed != tt.want || res.RootSet != (tt.want != "") {
			t.Fatalf("got RootSet=%v Unkeyed=%q, want %q", res.RootSet, res.Unkeyed, tt.want)
		}
	}
}

func TestUnkeyedNamesInsertedAndEditedTags(t *testing.T) {
	d := diff.New()
	if _, err := d.Render(div.New(h1.Text("a").Class("x"), span.Text("k").Dynamic("k"))); err != nil {
		t.Fatal(err)
	}
	if res := step(t, d, div.New(h1.Text("a").Class("y"), span.Text("k").Dynamic("k"))); res.Unkeyed != "h1.y in root" {
		t.Fatalf("attribute change: got %q", res.Unkeyed)
	}
	next := div.New(h1.Text("a").Class("y"), span.Text("k").Dynamic("k"), img.New().ID("new"))
	if res := step(t, d, next); res.Unkeyed != "img#new in root" {
		t.Fatalf("inserted element: got %q", res.Unkeyed)
	}
	// Removed just before a keyed child: the change is the end of a stretch.
	if res := step(t, d, div.New(span.Text("k").Dynamic("k"), img.New().ID("new")).Class("page")); res.Unkeyed != "div.page in root" {
		t.Fatalf("removed element: got %q", res.Unkeyed)
	}
	// Unkeyed is worked out before the markup check: it must cope with
	// markup that the check then refuses.
	if _, err := d.Diff(div.New(text.RawText("</di"), span.Text("k").Dynamic("k"))); !errors.Is(err, diff.ErrUnsafeMarkup) {
		t.Fatalf("broken end tag: %v", err)
	}
}

// A list key built from user input (issue 7, point 9) is a render error
// that names the key; the baseline survives for the next good render.
func TestListKeyFromUserInput(t *testing.T) {
	list := func(keys ...string) node.Node {
		trs := make([]node.Node, len(keys))
		for i, k := range keys {
			trs[i] = tr.New(td.Text(k)).Dynamic(k)
		}
		return div.New(table.New(tbody.New(trs...).Dynamic("rows")))
	}
	for _, d := range []*diff.Differ{diff.New(), &diff.NewMemoiser().Differ} {
		if _, err := d.Render(list("a", "b")); err != nil {
			t.Fatal(err)
		}
		before := string(d.HTML())
		_, err := d.Diff(list("a", "b", `c"><img src=x onerror=alert(1)>`))
		if !errors.Is(err, diff.ErrInvalidKey) || !strings.Contains(err.Error(), `"c\"><img src=x onerror=alert(1)>"`) {
			t.Fatalf("got %v", err)
		}
		if _, err := d.Patch("rows", tbody.New(tr.New().Dynamic("a b")).Dynamic("rows")); !errors.Is(err, diff.ErrInvalidKey) || !strings.Contains(err.Error(), `"a b"`) {
			t.Fatalf("Patch: got %v", err)
		}
		if string(d.HTML()) != before {
			t.Fatal("a failed render changed the baseline")
		}
		res := step(t, d, list("a", "b", "c"))
		if res.RootSet || len(res.List) != 1 || res.List[0].Kind != wire.Insert {
			t.Fatalf("after the error: %+v", res)
		}
	}
}
