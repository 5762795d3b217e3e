package diff_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"testing"

	"github.com/tetherui/tether/diff"
)

func TestExportImportRoundTrip(t *testing.T) {
	d := diff.New()
	if _, err := d.Render(rows(seq(50), plain)); err != nil {
		t.Fatal(err)
	}
	blob := d.Export()
	e := diff.New()
	if err := e.Import(blob); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(e.HTML(), d.HTML()) || !bytes.Equal(e.Export(), blob) {
		t.Fatal("import did not restore the snapshot")
	}
	// The imported baseline diffs like the original: one row, one patch.
	ids := seq(50)
	label := func(id int) string {
		if id == 9 {
			return "changed"
		}
		return plain(id)
	}
	res := step(t, e, rows(ids, label))
	if res.RootSet || len(res.Patches) != 1 {
		t.Fatalf("diff after import: %+v", res)
	}
}

func TestImportRejectsBadInput(t *testing.T) {
	d := diff.New()
	if _, err := d.Render(rows(seq(5), plain)); err != nil {
		t.Fatal(err)
	}
	blob := d.Export()
	flipped := bytes.Clone(blob)
	flipped[len(flipped)/2] ^= 0x40
	for name, b := range map[string][]byte{
		"empty":     nil,
		"foreign":   []byte("GIF89a........"),
		"truncated": blob[:len(blob)-7],
		"flipped":   flipped,
		"version":   append([]byte("TDS\x09"), blob[4:]...),
	} {
		t.Run(name, func(t *testing.T) {
			e := diff.New()
			if err := e.Import(b); !errors.Is(err, diff.ErrCorruptSnapshot) {
				t.Fatalf("got %v", err)
			}
		})
	}
}

// Regression (issue 7, point 13): binary.Uvarint accepts padded encodings
// such as 0x83 0x00 for 3, so a blob could be accepted yet export to
// different bytes. Only minimal encodings are accepted.
func TestImportRejectsNonMinimalVarint(t *testing.T) {
	d := diff.New()
	if _, err := d.Render(rows(seq(1), plain)); err != nil {
		t.Fatal(err)
	}
	blob := d.Export()
	// Layout: "TDS" version, uvarint len(html), html, uvarint regions...
	htmlLen, n := binary.Uvarint(blob[4:])
	at := 4 + n + int(htmlLen) // the region count, one byte for a small table
	padded := append(bytes.Clone(blob[:at]), blob[at]|0x80, 0x00)
	padded = append(padded, blob[at+1:len(blob)-4]...)
	padded = binary.BigEndian.AppendUint32(padded, crc32.ChecksumIEEE(padded))
	e := diff.New()
	if err := e.Import(padded); !errors.Is(err, diff.ErrCorruptSnapshot) {
		t.Fatalf("padded varint accepted: %v", err)
	}
	if err := e.Import(blob); err != nil {
		t.Fatalf("minimal blob refused: %v", err)
	}
}
