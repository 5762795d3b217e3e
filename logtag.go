package tether

import (
	"crypto/sha256"
	"encoding/base64"
)

// logTag is what logs show in place of a session ID: the first 8
// characters of base64url(sha256(id)). A session ID is a credential, as
// good as the session to whoever reads it; the tag tells log lines of
// one session apart and cannot be turned back into the ID.
func logTag(id string) string {
	sum := sha256.Sum256([]byte(id))
	return base64.RawURLEncoding.EncodeToString(sum[:6])
}
