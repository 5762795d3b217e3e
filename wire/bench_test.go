package wire_test

import (
	"strconv"
	"testing"

	"github.com/tetherui/tether/wire"
)

// typical is a representative update: a row re-rendered, a counter's
// text, a class toggled, one signal and a toast.
func typical() *wire.Update {
	return &wire.Update{
		Seq: 128,
		Ack: 41,
		Patches: []wire.Patch{
			{Op: wire.Morph, Key: "row-17", HTML: `<tr data-tether-key="row-17" class="done"><td>17</td><td>Write the protocol doc</td><td><button data-tether-click="toggle" data-tether-value="17">Undo</button></td></tr>`},
			{Op: wire.Text, Key: "remaining", Text: "3 items left"},
			{Op: wire.Attrs, Key: "clear", Attrs: []wire.Attr{{Name: "class", Value: "btn visible"}, {Name: "disabled", Remove: true}}},
		},
		Signals: map[string]any{"progress": 0.75},
		Effects: wire.Effects{Toast: "Marked as done"},
	}
}

func benchEncode(b *testing.B, f wire.Format, u *wire.Update) {
	enc := f.Encoder()
	buf, err := enc.Encode(nil, u)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = enc.Encode(buf[:0], u)
	}
	b.ReportMetric(float64(len(buf)), "bytes/op")
}

func BenchmarkEncodeTypical(b *testing.B) {
	for _, f := range formats {
		b.Run(f.String(), func(b *testing.B) { benchEncode(b, f, typical()) })
	}
}

func BenchmarkEncodeCounter(b *testing.B) {
	for _, f := range formats {
		b.Run(f.String(), func(b *testing.B) { benchEncode(b, f, counter()) })
	}
}

// rows is the 1,000-row update: every row of the benchmark table in
// docs/performance.md inserted at the end of its keyed tbody, as when the
// table first appears.
func rows() *wire.Update {
	u := &wire.Update{Seq: 2, Ack: 1, List: make([]wire.ListOp, 1000)}
	for i := range u.List {
		key := "row-" + strconv.Itoa(i+1)
		u.List[i] = wire.ListOp{Kind: wire.Insert, Key: key, Pos: wire.Append, Ref: "rows",
			HTML: `<tr data-tether-key="` + key + `"><td>` + strconv.Itoa(i+1) + `</td><td>item ` + strconv.Itoa(i+1) + `</td><td>static cell</td></tr>`}
	}
	return u
}

// BenchmarkEncodeRows encodes the 1,000-row update.
func BenchmarkEncodeRows(b *testing.B) {
	for _, f := range formats {
		b.Run(f.String(), func(b *testing.B) { benchEncode(b, f, rows()) })
	}
}

func BenchmarkDecodeEvent(b *testing.B) {
	in := []byte(`{"t":"submit","a":"save","d":{"title":"Write the protocol doc","tags":["docs","wire"],"done":true},"i":42}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := wire.DecodeEvent(in, 0); err != nil {
			b.Fatal(err)
		}
	}
}
