package tether

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// A proxyList holds Security.TrustedProxies, parsed. Forwarding headers
// (X-Forwarded-For, X-Real-IP, X-Forwarded-Proto) are believed only
// when the direct peer is in it; anyone else can write them.
type proxyList []netip.Prefix

// parseProxies reads CIDRs or single addresses.
func parseProxies(list []string) (proxyList, error) {
	var p proxyList
	for _, s := range list {
		s = strings.TrimSpace(s)
		if !strings.Contains(s, "/") {
			a, err := netip.ParseAddr(s)
			if err != nil {
				return nil, fmt.Errorf("tether: Security.TrustedProxies: %q is not an address or CIDR", s)
			}
			p = append(p, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		pre, err := netip.ParsePrefix(s)
		if err != nil {
			return nil, fmt.Errorf("tether: Security.TrustedProxies: %q is not an address or CIDR", s)
		}
		p = append(p, pre.Masked())
	}
	return p, nil
}

func (p proxyList) trusts(a netip.Addr) bool {
	a = a.Unmap()
	for _, pre := range p {
		if pre.Contains(a) {
			return true
		}
	}
	return false
}

// peer is the direct peer's address.
func peer(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

// clientAddr is the address a request came from. Behind a trusted proxy
// it is the rightmost X-Forwarded-For entry that is not itself a trusted
// proxy (entries further left are the client's own claims), else
// X-Real-IP; otherwise it is the direct peer.
func (p proxyList) clientAddr(r *http.Request) netip.Addr {
	a := peer(r)
	if len(p) == 0 || !p.trusts(a) {
		return a
	}
	if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
		hops := strings.Split(strings.Join(xff, ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			h, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
			if err != nil {
				return a // a hop we cannot read: stop at the last proxy
			}
			if a = h.Unmap(); !p.trusts(a) {
				return a
			}
		}
		return a
	}
	if h, err := netip.ParseAddr(strings.TrimSpace(r.Header.Get("X-Real-IP"))); err == nil {
		return h.Unmap()
	}
	return a
}

// scheme is "https" for a request that came over TLS, to us or to a
// trusted proxy that says so in X-Forwarded-Proto.
func (p proxyList) scheme(r *http.Request) string {
	if r.TLS != nil {
		return "https"
	}
	if len(p) > 0 && p.trusts(peer(r)) {
		if proto := strings.ToLower(strings.TrimSpace(r.Header.Get("X-Forwarded-Proto"))); proto == "https" || proto == "http" {
			return proto
		}
	}
	return "http"
}

// addrKey groups addresses the way one client holds them: an IPv4
// address alone, an IPv6 address by its /64, which one host or home
// network usually owns whole.
func addrKey(a netip.Addr) netip.Prefix {
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p
	}
	return netip.PrefixFrom(a, a.BitLen())
}
