package tether

// Versioned wraps a value with a version that With increments, for use
// as a node.Memoise key: an unchanged version means an unchanged subtree.
// Either the Versioned itself or its Version() may be the key: the
// Memoiser compares a Versioned by version, whatever T is (a slice of T
// cannot be compared with ==). The zero value is valid, at version 0.
type Versioned[T any] struct {
	// Val is the data. Change it through With so the version follows.
	Val     T
	version int
}

// NewVersioned wraps data at version 1.
func NewVersioned[T any](data T) Versioned[T] { return Versioned[T]{Val: data, version: 1} }

// Version returns the version counter.
func (v Versioned[T]) Version() int { return v.version }

// With returns data at the next version.
func (v Versioned[T]) With(data T) Versioned[T] {
	return Versioned[T]{Val: data, version: v.version + 1}
}
