// Package push carries Web Push notifications to browsers (VAPID,
// RFC 8291). This file holds the message type sessions accept; the
// sender arrives with the push issue.
package push

// A Notification is what the service worker shows.
type Notification struct {
	Title string `json:"title"`
	Body  string `json:"body,omitempty"`
	Icon  string `json:"icon,omitempty"`
	URL   string `json:"url,omitempty"`
	Tag   string `json:"tag,omitempty"`
}
