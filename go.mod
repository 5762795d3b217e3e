module github.com/tetherui/tether

go 1.25.0

require (
	github.com/fxamacker/cbor/v2 v2.10.0
	github.com/jpl-au/fluent v0.3.2
	github.com/lxzan/gws v1.8.9
)

require (
	github.com/dolthub/maphash v0.1.0 // indirect
	github.com/klauspost/compress v1.17.9 // indirect
	github.com/x448/float16 v0.8.4 // indirect
)
