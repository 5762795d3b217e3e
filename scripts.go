package tether

// scripts returns the tags that load the client runtime after the root.
// The runtime arrives with the client package; until then pages render
// without it.
func (h *Handler[S]) scripts() string { return "" }
