package diff_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"testing"

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
