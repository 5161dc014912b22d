package grpc

import (
	"context"
	"strconv"
	"strings"

	"google.golang.org/grpc/metadata"
)

// incomingCarrier reads the trace context from an RPC's incoming metadata
// key by key, without the copy of the whole metadata that
// metadata.FromIncomingContext makes.
type incomingCarrier struct{ ctx context.Context }

// Get returns the first value. W3C trace context allows one traceparent
// header; a caller that sends several gets a deterministic choice, the
// first, as net/http's Header.Get does with repeated headers. A gotel
// client replaces a traceparent the caller set rather than adding a
// second one.
func (c incomingCarrier) Get(key string) string {
	v := metadata.ValueFromIncomingContext(c.ctx, key)
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

func (incomingCarrier) Set(string, string) {}

// Keys is needed by few propagators (those that read prefixed keys); it
// pays for the copy then.
func (c incomingCarrier) Keys() []string {
	md, _ := metadata.FromIncomingContext(c.ctx)
	keys := make([]string, 0, len(md))
	for k := range md {
		keys = append(keys, k)
	}
	return keys
}

// outgoingCarrier collects what the propagator injects, to be appended to
// the outgoing metadata in one step.
type outgoingCarrier struct {
	kv  []string
	buf [4]string
}

func (c *outgoingCarrier) Get(string) string { return "" }

func (c *outgoingCarrier) Set(key, value string) {
	if c.kv == nil {
		c.kv = c.buf[:0]
	}
	c.kv = append(c.kv, strings.ToLower(key), value)
}

func (c *outgoingCarrier) Keys() []string {
	keys := make([]string, 0, len(c.kv)/2)
	for i := 0; i < len(c.kv); i += 2 {
		keys = append(keys, c.kv[i])
	}
	return keys
}

// splitHostPort splits "host:port", "[v6]:port", "host" or "v6"; port is
// -1 when absent or invalid.
func splitHostPort(hostport string) (host string, port int) {
	port = -1
	if hostport == "" {
		return "", port
	}
	if hostport[0] == '[' {
		end := strings.IndexByte(hostport, ']')
		if end < 0 {
			return hostport, port
		}
		host = hostport[1:end]
		if rest := hostport[end+1:]; len(rest) > 1 && rest[0] == ':' {
			port = parsePort(rest[1:])
		}
		return host, port
	}
	i := strings.LastIndexByte(hostport, ':')
	if i < 0 || strings.IndexByte(hostport[:i], ':') >= 0 {
		return hostport, port
	}
	return hostport[:i], parsePort(hostport[i+1:])
}

func parsePort(s string) int {
	p, err := strconv.ParseUint(s, 10, 16)
	if err != nil {
		return -1
	}
	return int(p)
}

// targetAddress is server.address and server.port of a client's target
// (grpc's naming: "host:port", "dns:///host:port",
// "dns://resolver/host:port", "passthrough:///addr", "unix:///path",
// "unix:path", "xds:///name" ...). The dns resolver's default port is 443.
func targetAddress(target string) (string, int) {
	scheme, endpoint := "", target
	if i := strings.Index(target, "://"); i > 0 {
		scheme = target[:i]
		rest := target[i+3:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			endpoint = rest[j+1:]
		} else {
			endpoint = rest
		}
	} else if strings.HasPrefix(target, "unix:") || strings.HasPrefix(target, "unix-abstract:") {
		i := strings.IndexByte(target, ':')
		scheme, endpoint = target[:i], target[i+1:]
	}
	switch scheme {
	case "unix", "unix-abstract":
		if scheme == "unix" && !strings.HasPrefix(endpoint, "/") && strings.HasPrefix(target, "unix:///") {
			endpoint = "/" + endpoint
		}
		return endpoint, -1
	}
	host, port := splitHostPort(endpoint)
	if port < 0 && (scheme == "" || scheme == "dns") {
		port = 443
	}
	return host, port
}
