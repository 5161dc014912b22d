package httpconv

import (
	"net"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"go.opentelemetry.io/otel/attribute"
)

// Method returns the semconv http.request.method value for m: the method
// itself when it is one the conventions know, "_OTHER" otherwise (then
// other is true and the original goes into http.request.method_original).
// An empty method means GET, as in net/http.
func Method(m string) (value string, other bool) {
	switch m {
	case "":
		return "GET", false
	case "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "QUERY":
		return m, false
	}
	return "_OTHER", true
}

// SpanName is "METHOD" or "METHOD target"; unknown methods are named HTTP,
// as the conventions ask, so that span names stay low-cardinality.
func SpanName(m string, other bool, target string) string {
	if other {
		m = "HTTP"
	}
	if target == "" {
		return m
	}
	return m + " " + target
}

// ProtoVersion gives network.protocol.version without allocating.
func ProtoVersion(major, minor int) string {
	switch {
	case major == 1 && minor == 1:
		return "1.1"
	case major == 2:
		return "2"
	case major == 1 && minor == 0:
		return "1.0"
	case major == 3:
		return "3"
	}
	return strconv.Itoa(major) + "." + strconv.Itoa(minor)
}

// SplitHostPort splits "host:port", "[v6]:port", "host" and "[v6]"; port
// is -1 when absent or not a number.
func SplitHostPort(hostport string) (host string, port int) {
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
		rest := hostport[end+1:]
		if len(rest) > 1 && rest[0] == ':' {
			port = parsePort(rest[1:])
		}
		return host, port
	}
	i := strings.LastIndexByte(hostport, ':')
	if i < 0 || strings.IndexByte(hostport[:i], ':') >= 0 {
		// No port, or an unbracketed IPv6 address.
		return hostport, port
	}
	return hostport[:i], parsePort(hostport[i+1:])
}

func parsePort(s string) int {
	if s == "" || len(s) > 5 {
		return -1
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	if n > 65535 {
		return -1
	}
	return n
}

// DefaultPort is the port a URL of scheme means when it names none, -1 for
// an unknown scheme.
func DefaultPort(scheme string) int {
	switch scheme {
	case "http":
		return 80
	case "https":
		return 443
	}
	return -1
}

// sensitiveQueryKeys are the query parameters whose values the
// conventions ask to replace by REDACTED in url.full and url.query
// (matched case-sensitively).
var sensitiveQueryKeys = [...]string{
	"AWSAccessKeyId", "Signature", "sig",
	"X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token", "X-Goog-Signature",
}

func sensitiveKey(k string) bool {
	for _, s := range sensitiveQueryKeys {
		if k == s {
			return true
		}
	}
	return false
}

const redacted = "REDACTED"

// RedactQuery replaces the values of sensitive keys by REDACTED and keeps
// everything else byte for byte. It allocates only when something changes.
func RedactQuery(q string) string {
	if q == "" {
		return q
	}
	// Fast path: none of the keys appears at all.
	found := false
	for rest := q; rest != ""; {
		var pair string
		pair, rest, _ = strings.Cut(rest, "&")
		k, _, _ := strings.Cut(pair, "=")
		if sensitiveKey(k) {
			found = true
			break
		}
	}
	if !found {
		return q
	}
	var b strings.Builder
	b.Grow(len(q))
	first := true
	for rest := q; ; {
		var pair string
		var more bool
		pair, rest, more = strings.Cut(rest, "&")
		if !first {
			b.WriteByte('&')
		}
		first = false
		k, _, hasValue := strings.Cut(pair, "=")
		if hasValue && sensitiveKey(k) {
			b.WriteString(k)
			b.WriteString("=" + redacted)
		} else {
			b.WriteString(pair)
		}
		if !more {
			break
		}
	}
	return b.String()
}

var redactedUser = url.UserPassword(redacted, redacted)

// FullURL renders u for url.full without credentials (user:password
// becomes REDACTED:REDACTED) and with sensitive query values redacted.
func FullURL(u *url.URL) string {
	if u.User == nil && u.RawQuery == "" {
		return u.String()
	}
	c := *u
	if c.User != nil {
		if _, has := c.User.Password(); has {
			c.User = redactedUser
		} else {
			c.User = url.User(redacted)
		}
	}
	c.RawQuery = RedactQuery(c.RawQuery)
	return c.String()
}

// AppendPeer appends network.peer.address and network.peer.port of a
// remote address ("ip:port").
func AppendPeer(kv []attribute.KeyValue, remote string) []attribute.KeyValue {
	host, port := SplitHostPort(remote)
	if host == "" {
		return kv
	}
	kv = append(kv, KeyNetworkPeerAddress.String(host))
	if port >= 0 {
		kv = append(kv, KeyNetworkPeerPort.Int(port))
	}
	return kv
}

// ClientAddress is the original client as the conventions define it: the
// first Forwarded "for=" or X-Forwarded-For entry, else the peer address.
func ClientAddress(forwarded, xff, peerHost string) string {
	if forwarded != "" {
		first, _, _ := strings.Cut(forwarded, ",")
		for _, part := range strings.Split(first, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
			if ok && strings.EqualFold(k, "for") {
				v = strings.Trim(v, `"`)
				if h, _ := SplitHostPort(v); h != "" && !strings.HasPrefix(h, "_") && h != "unknown" {
					return h
				}
			}
		}
	}
	if xff != "" {
		first, _, _ := strings.Cut(xff, ",")
		if first = strings.TrimSpace(first); first != "" {
			if net.ParseIP(first) == nil {
				// "ip:port" is allowed by some proxies.
				if h, _ := SplitHostPort(first); h != "" {
					return h
				}
			}
			return first
		}
	}
	return peerHost
}

// ErrorType is the error.type of a Go error or panic value: its dynamic
// type, which is low-cardinality and says what failed.
func ErrorType(v any) string {
	if v == nil {
		return "_OTHER"
	}
	return reflect.TypeOf(v).String()
}

// PanicMessage renders a panic value; a broken Error or String method must
// not stop the span from ending.
func PanicMessage(v any) (msg string) {
	defer func() {
		if recover() != nil {
			msg = "panic: " + ErrorType(v)
		}
	}()
	switch x := v.(type) {
	case error:
		return x.Error()
	case string:
		return x
	case interface{ String() string }:
		return x.String()
	}
	return "panic: " + ErrorType(v)
}

// ErrorMessage is err.Error(), guarded against Error methods that panic.
func ErrorMessage(err error) (msg string) {
	defer func() {
		if recover() != nil {
			msg = ErrorType(err)
		}
	}()
	return err.Error()
}
