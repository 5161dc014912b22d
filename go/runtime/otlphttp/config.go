package otlphttp

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

const (
	defaultEndpoint = "http://localhost:4318"
	defaultTimeout  = 10 * time.Second
)

// signal names one OTLP signal: its environment infix and URL path.
type signal struct {
	env  string // "TRACES", "METRICS"
	path string // "/v1/traces", ...
}

var (
	sigTraces  = signal{env: "TRACES", path: "/v1/traces"}
	sigMetrics = signal{env: "METRICS", path: "/v1/metrics"}
	sigLogs    = signal{env: "LOGS", path: "/v1/logs"}
)

type header struct{ key, value string }

// config is the exporter configuration read from the environment as the
// OTLP exporter specification defines it for http/protobuf.
type config struct {
	url      string
	headers  []header
	timeout  time.Duration // 0: no limit besides the caller's context
	gzip     bool
	tls      *tls.Config // nil: Go's defaults
	warnings []error     // invalid settings, ignored (the spec says warn, not fail)
}

// loadConfig reads OTEL_EXPORTER_OTLP_* for sig. Per-signal variables win
// over the general ones; empty values count as unset.
func loadConfig(sig signal, getenv func(string) string) config {
	c := config{timeout: defaultTimeout}
	lookup := func(name string) (value, varName string) {
		specific := "OTEL_EXPORTER_OTLP_" + sig.env + "_" + name
		if v := strings.TrimSpace(getenv(specific)); v != "" {
			return v, specific
		}
		general := "OTEL_EXPORTER_OTLP_" + name
		return strings.TrimSpace(getenv(general)), general
	}
	warn := func(name, value string, err error) {
		c.warnings = append(c.warnings, fmt.Errorf("otlphttp: ignoring %s=%q: %w", name, value, err))
	}

	c.url = defaultEndpoint + sig.path
	specific := "OTEL_EXPORTER_OTLP_" + sig.env + "_ENDPOINT"
	if v := strings.TrimSpace(getenv(specific)); v != "" {
		// The per-signal endpoint is used as is (only an empty path
		// becomes "/").
		if u, err := parseEndpoint(v); err != nil {
			warn(specific, v, err)
		} else {
			if u.Path == "" {
				u.Path = "/"
			}
			c.url = u.String()
		}
	} else if v := strings.TrimSpace(getenv("OTEL_EXPORTER_OTLP_ENDPOINT")); v != "" {
		// The general endpoint is a base URL: the signal path is appended.
		if u, err := parseEndpoint(v); err != nil {
			warn("OTEL_EXPORTER_OTLP_ENDPOINT", v, err)
		} else {
			u.Path = strings.TrimSuffix(u.Path, "/") + sig.path
			u.RawPath = ""
			c.url = u.String()
		}
	}

	if v, name := lookup("HEADERS"); v != "" {
		hs, errs := parseHeaders(v)
		c.headers = hs
		for _, err := range errs {
			warn(name, v, err)
		}
	}

	if v, name := lookup("TIMEOUT"); v != "" {
		ms, err := strconv.ParseInt(v, 10, 64)
		switch {
		case err != nil:
			warn(name, v, err)
		case ms < 0:
			warn(name, v, errors.New("negative timeout"))
		default:
			c.timeout = time.Duration(ms) * time.Millisecond
		}
	}

	if v, name := lookup("COMPRESSION"); v != "" {
		switch strings.ToLower(v) {
		case "gzip":
			c.gzip = true
		case "none":
		default:
			warn(name, v, errors.New("want gzip or none"))
		}
	}

	c.tls = loadTLS(lookup, warn)
	return c
}

func parseEndpoint(v string) (*url.URL, error) {
	u, err := url.Parse(v)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, errors.New("endpoint must be an http:// or https:// URL")
	}
	if u.Host == "" {
		return nil, errors.New("endpoint has no host")
	}
	return u, nil
}

// parseHeaders parses the W3C baggage-like list "k1=v1,k2=v2"; keys and
// values are percent-decoded and trimmed. Bad entries are skipped.
func parseHeaders(s string) ([]header, []error) {
	var hs []header
	var errs []error
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		k, v, ok := strings.Cut(item, "=")
		if !ok {
			errs = append(errs, fmt.Errorf("header %q: missing '='", item))
			continue
		}
		key, err1 := url.PathUnescape(strings.TrimSpace(k))
		val, err2 := url.PathUnescape(strings.TrimSpace(v))
		if err := errors.Join(err1, err2); err != nil {
			errs = append(errs, fmt.Errorf("header %q: %w", item, err))
			continue
		}
		if key == "" {
			errs = append(errs, fmt.Errorf("header %q: empty key", item))
			continue
		}
		hs = append(hs, header{key: key, value: val})
	}
	return hs, errs
}

// loadTLS builds the TLS configuration from the CERTIFICATE (trusted CA),
// CLIENT_CERTIFICATE and CLIENT_KEY (mTLS) variables, or nil when none is
// set.
func loadTLS(lookup func(string) (string, string), warn func(string, string, error)) *tls.Config {
	ca, caName := lookup("CERTIFICATE")
	cert, certName := lookup("CLIENT_CERTIFICATE")
	key, keyName := lookup("CLIENT_KEY")
	if ca == "" && cert == "" && key == "" {
		return nil
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if ca != "" {
		pem, err := os.ReadFile(ca)
		if err == nil {
			pool := x509.NewCertPool()
			if pool.AppendCertsFromPEM(pem) {
				cfg.RootCAs = pool
			} else {
				err = errors.New("no PEM certificate found")
			}
		}
		if err != nil {
			warn(caName, ca, err)
		}
	}
	switch {
	case cert != "" && key != "":
		pair, err := tls.LoadX509KeyPair(cert, key)
		if err != nil {
			warn(certName, cert, err)
		} else {
			cfg.Certificates = []tls.Certificate{pair}
		}
	case cert != "":
		warn(certName, cert, fmt.Errorf("needs %s too", keyName))
	case key != "":
		warn(keyName, key, fmt.Errorf("needs %s too", certName))
	}
	return cfg
}
