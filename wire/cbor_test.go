package wire

import (
	"bytes"
	"math"
	"testing"
)

func TestCBORHeadShortest(t *testing.T) {
	for _, tc := range []struct {
		n    uint64
		want []byte
	}{
		{0, []byte{0x00}},
		{23, []byte{0x17}},
		{24, []byte{0x18, 24}},
		{255, []byte{0x18, 0xff}},
		{256, []byte{0x19, 0x01, 0x00}},
		{65535, []byte{0x19, 0xff, 0xff}},
		{65536, []byte{0x1a, 0x00, 0x01, 0x00, 0x00}},
		{math.MaxUint32, []byte{0x1a, 0xff, 0xff, 0xff, 0xff}},
		{math.MaxUint32 + 1, []byte{0x1b, 0, 0, 0, 1, 0, 0, 0, 0}},
		{math.MaxUint64, []byte{0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}},
	} {
		if got := appendCBORHead(nil, cborUint, tc.n); !bytes.Equal(got, tc.want) {
			t.Errorf("%d: got %x, want %x", tc.n, got, tc.want)
		}
	}
}

func TestCBORNumbers(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want []byte
	}{
		{-1, []byte{0x20}},
		{int64(math.MinInt64), []byte{0x3b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}},
		{3.0, []byte{0x03}},
		{-24.0, []byte{0x37}},
		{1.5, []byte{0xfa, 0x3f, 0xc0, 0x00, 0x00}},
		{0.1, []byte{0xfb, 0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a}},
		{math.Copysign(0, -1), []byte{0xfa, 0x80, 0x00, 0x00, 0x00}},
		{float64(1<<53 + 2), []byte{0xfb, 0x43, 0x40, 0, 0, 0, 0, 0, 0x01}},
		{float64(1 << 60), []byte{0xfa, 0x5d, 0x80, 0, 0}},
		{float64(1 << 53), []byte{0x1b, 0, 0x20, 0, 0, 0, 0, 0, 0}},
	} {
		got, err := appendCBORValue(nil, tc.v, 0)
		if err != nil || !bytes.Equal(got, tc.want) {
			t.Errorf("%v: got %x, %v; want %x", tc.v, got, err, tc.want)
		}
	}
}
