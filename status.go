package tether

// Status is a session's place in its lifecycle.
type Status int32

const (
	// Pending: pre-warmed by a page load, not yet claimed by a transport.
	Pending Status = iota + 1
	// Active: the command loop runs; a transport may be attached.
	Active
	// Frozen: state persisted and released while disconnected.
	Frozen
	// Destroyed: gone for good.
	Destroyed

	// disconnected is the pool of active sessions without a transport;
	// Status() reports them as Active.
	disconnected
	statusCount
)

// String returns the status's name.
func (s Status) String() string {
	switch s {
	case Pending:
		return "pending"
	case Active, disconnected:
		return "active"
	case Frozen:
		return "frozen"
	case Destroyed:
		return "destroyed"
	}
	return "unknown"
}
