package diff_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"testing"

	"github.com/jpl-au/fluent/html5/div"
	"github.com/jpl-au/fluent/html5/span"
	"github.com/jpl-au/fluent/text"
	"github.com/tetherui/tether/diff"
)

// FuzzImport feeds arbitrary bytes to Import. It must never panic, and a
// blob it accepts must export back to the same bytes. The checksum would
// hide most mutations, so every input is also tried with a fixed-up one.
func FuzzImport(f *testing.F) {
	d := diff.New()
	for _, n := range []int{0, 1, 3} {
		if _, err := d.Render(rows(seq(n), plain)); err != nil {
			f.Fatal(err)
		}
		f.Add(d.Export())
	}
	f.Add([]byte("TDS\x01"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, blob := range [][]byte{b, withChecksum(b)} {
			e := diff.New()
			if err := e.Import(blob); err != nil {
				continue
			}
			if out := e.Export(); !bytes.Equal(out, blob) {
				t.Fatalf("accepted blob does not round trip:\n in: %x\nout: %x", blob, out)
			}
			// An accepted baseline must be safe to diff against.
			if _, err := e.Diff(rows(seq(2), plain)); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func withChecksum(b []byte) []byte {
	if len(b) < 4 {
		return b
	}
	body := bytes.Clone(b[:len(b)-4])
	return binary.BigEndian.AppendUint32(body, crc32.ChecksumIEEE(body))
}

// FuzzMarkupCheck renders arbitrary bytes as raw text and as an attribute
// value (which Fluent writes unescaped). The check must never panic, a
// plain Differ and a Memoiser must agree, and whatever is refused must
// leave the baseline able to diff.
func FuzzMarkupCheck(f *testing.F) {
	for _, s := range []string{
		`<b title="x">y</b>`, `"><img src=x onerror=alert(1)>`, `<!-- a --><svg><title>t</title></svg>`,
		`<style>a>b{}</style>`, `<a href="&#106;avascript:x">`, `<script>x</script>`, `<![CDATA[x]]>`, `</x y=">">`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tree := div.New(text.RawText(s), span.Text("k").Title(s).Dynamic("k"))
		d, m := diff.New(), diff.NewMemoiser()
		_, errD := d.Render(tree)
		_, errM := m.Render(tree)
		if (errD == nil) != (errM == nil) {
			t.Fatalf("Differ and Memoiser disagree: %v / %v", errD, errM)
		}
		if errD != nil && !errors.Is(errD, diff.ErrUnsafeMarkup) && !errors.Is(errD, diff.ErrDuplicateKey) && !errors.Is(errD, diff.ErrInvalidKey) {
			t.Fatalf("unexpected error: %v", errD)
		}
		if _, err := d.Render(counter(1)); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Diff(tree); (err == nil) != (errD == nil) {
			t.Fatalf("Render and Diff disagree: %v / %v", errD, err)
		}
	})
}
