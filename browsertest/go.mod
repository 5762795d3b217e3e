module github.com/tetherui/tether/browsertest

go 1.25.0

require (
	github.com/chromedp/chromedp v0.23.0
	github.com/jpl-au/fluent v0.3.2
	github.com/tetherui/tether v0.0.0
)

require (
	github.com/chromedp/cdproto v0.159.0 // indirect
	github.com/dolthub/maphash v0.1.0 // indirect
	github.com/fxamacker/cbor/v2 v2.10.0 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/klauspost/compress v1.17.9 // indirect
	github.com/lxzan/gws v1.8.9 // indirect
	github.com/x448/float16 v0.8.4 // indirect
)

replace github.com/tetherui/tether => ../
