package boot

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Exporter kinds this binary can build.
const (
	kindOTLP    = "otlp"
	kindConsole = "console"
)

// OTLP protocols.
const (
	protoHTTP = "http/protobuf"
	protoGRPC = "grpc"
)

const defaultFlushTimeout = 5 * time.Second

// config is what the environment asks for, already reduced to what this
// binary can serve (except gRPC, which depends on registration, see grpc.go).
type config struct {
	disabled      bool
	traces        []string // exporter kinds, deduplicated, in order given
	metrics       []string
	logs          []string // OTEL_LOGS_EXPORTER
	tracesProto   string   // for the otlp kind
	metricsProto  string
	tracesProtoV  string // variable that chose the protocol, for messages; "" when guessed
	metricsProtoV string
	logsProto     string
	logsProtoV    string
	logsGuess     string
	grpcGuess     string   // "VAR=value" of an endpoint on the OTLP/gRPC port with no protocol set
	propagators   []string // names as in OTEL_PROPAGATORS; empty: none
	flushTimeout  time.Duration
}

// getenvFunc reads one variable; tests pass a map.
type getenvFunc func(string) (string, bool)

// loadConfig reads the spec's variables. Every request the binary cannot
// serve yields one line in msgs (without the "gotel: " prefix) and falls back
// to the spec default.
func loadConfig(getenv getenvFunc) (cfg config, msgs []string) {
	get := func(k string) string {
		v, _ := getenv(k)
		return strings.TrimSpace(v)
	}
	if strings.EqualFold(get("OTEL_SDK_DISABLED"), "true") {
		return config{disabled: true}, nil
	}
	var m, logMsgs []string
	cfg.traces, m = exporterList("OTEL_TRACES_EXPORTER", get("OTEL_TRACES_EXPORTER"))
	msgs = append(msgs, m...)
	cfg.metrics, m = exporterList("OTEL_METRICS_EXPORTER", get("OTEL_METRICS_EXPORTER"))
	msgs = append(msgs, m...)
	cfg.logs, m = exporterList("OTEL_LOGS_EXPORTER", get("OTEL_LOGS_EXPORTER"))
	msgs = append(msgs, m...)
	if len(cfg.logs) > 0 {
		// The log pipeline is built only once the program emits a record
		// (gotel.dev/runtime/boot/logs, which reports what it cannot serve
		// then); a message the other signals share is given once.
		cfg.logsProto, cfg.logsProtoV, cfg.logsGuess, m = protocol(get, "LOGS")
		logMsgs = m
	}
	if len(cfg.traces)+len(cfg.metrics) > 0 {
		var guess string
		cfg.tracesProto, cfg.tracesProtoV, guess, m = protocol(get, "TRACES")
		msgs = append(msgs, m...)
		cfg.grpcGuess = guess
		cfg.metricsProto, cfg.metricsProtoV, guess, m = protocol(get, "METRICS")
		msgs = append(msgs, m...)
		if cfg.grpcGuess == "" {
			cfg.grpcGuess = guess
		}
	}
	// The signals read the same general variables: say each thing once.
	msgs = append(msgs, logMsgs...)
	msgs = dedupe(msgs)
	cfg.propagators, m = propagatorList(get("OTEL_PROPAGATORS"))
	msgs = append(msgs, m...)
	cfg.flushTimeout = defaultFlushTimeout
	if v := get("OTEL_GO_FLUSH_TIMEOUT"); v != "" {
		ms, err := strconv.ParseInt(v, 10, 64)
		if err != nil || ms <= 0 {
			msgs = append(msgs, "OTEL_GO_FLUSH_TIMEOUT="+v+" is not a positive number of milliseconds; using 5000")
		} else {
			cfg.flushTimeout = time.Duration(ms) * time.Millisecond
		}
	}
	return cfg, msgs
}

// specExporters are the values the spec defines; those this binary does not
// link get a message naming them as unavailable rather than unknown.
var specExporters = map[string]bool{"otlp": true, "console": true, "none": true, "zipkin": true, "prometheus": true, "logging": true, "jaeger": true}

// exporterList parses a comma-separated exporter list. Unset means otlp;
// "none" means no exporter; unknown or unavailable names are dropped with a
// message, and if nothing usable remains the spec default otlp is used.
func exporterList(name, v string) ([]string, []string) {
	if v == "" {
		return []string{kindOTLP}, nil
	}
	var out, bad []string
	none := false
	for _, f := range strings.Split(v, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		switch f {
		case "":
		case "none":
			none = true
		case kindOTLP, kindConsole:
			if !contains(out, f) {
				out = append(out, f)
			}
		default:
			bad = append(bad, f)
		}
	}
	if len(bad) == 0 {
		return out, nil
	}
	what := "unknown exporter"
	if len(bad) == 1 && specExporters[bad[0]] {
		what = "exporter not available in gotel"
	} else if len(bad) > 1 {
		what = "unknown or unavailable exporters"
	}
	msg := name + "=" + v + ": " + what + " " + strings.Join(quoteAll(bad), ", ") + " (gotel supports otlp, console, none)"
	switch {
	case len(out) > 0:
		msg += "; using " + strings.Join(out, ",")
	case none:
		msg += "; using none"
	default:
		out = []string{kindOTLP}
		msg += "; using the default otlp"
	}
	return out, []string{msg}
}

// protocol picks the OTLP protocol of one signal: the per-signal variable,
// else the general one, else http/protobuf (the spec default) — except that
// an endpoint on port 4317, the OTLP/gRPC port, with no protocol set (as
// many guides write it) is taken as gRPC: http/protobuf could only fail
// there. guess then names the endpoint variable and its value.
func protocol(get func(string) string, signal string) (proto, from, guess string, msgs []string) {
	from = "OTEL_EXPORTER_OTLP_" + signal + "_PROTOCOL"
	v := get(from)
	if v == "" {
		from = "OTEL_EXPORTER_OTLP_PROTOCOL"
		v = get(from)
	}
	switch strings.ToLower(v) {
	case "":
		if ep := grpcPortEndpoint(get, signal); ep != "" {
			return protoGRPC, "", ep, nil
		}
		return protoHTTP, "", "", nil
	case protoHTTP:
		return protoHTTP, from, "", nil
	case protoGRPC:
		return protoGRPC, from, "", nil
	case "http/json":
		return protoHTTP, from, "", []string{from + "=" + v + ": the Go OTLP exporters do not support http/json; using http/protobuf"}
	default:
		return protoHTTP, from, "", []string{from + "=" + v + ": unknown OTLP protocol (grpc, http/protobuf); using http/protobuf"}
	}
}

// grpcPortEndpoint returns "VAR=value" when the endpoint of the signal (its
// own variable, else the general one) has port 4317.
func grpcPortEndpoint(get func(string) string, signal string) string {
	for _, name := range []string{"OTEL_EXPORTER_OTLP_" + signal + "_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"} {
		v := get(name)
		if v == "" {
			continue
		}
		raw := v
		if !strings.Contains(raw, "://") {
			raw = "http://" + raw
		}
		if u, err := url.Parse(raw); err == nil && u.Port() == "4317" {
			return name + "=" + v
		}
		return ""
	}
	return ""
}

var knownPropagators = []string{"tracecontext", "baggage", "b3", "b3multi", "jaeger", "xray", "ottrace"}

// propagatorList parses OTEL_PROPAGATORS. Unset means tracecontext,baggage;
// "none" means no propagator. Unknown names are dropped with one message.
func propagatorList(v string) ([]string, []string) {
	if v == "" {
		return []string{"tracecontext", "baggage"}, nil
	}
	var out, bad []string
	none := false
	for _, f := range strings.Split(v, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		switch {
		case f == "":
		case f == "none":
			none = true
		case contains(knownPropagators, f):
			if !contains(out, f) {
				out = append(out, f)
			}
		default:
			bad = append(bad, f)
		}
	}
	if none && len(out) == 0 {
		out = nil
	}
	if len(bad) == 0 {
		return out, nil
	}
	sort.Strings(bad)
	msg := "OTEL_PROPAGATORS=" + v + ": unknown propagator " + strings.Join(quoteAll(bad), ", ") + " (gotel supports " + strings.Join(knownPropagators, ", ") + ", none)"
	switch {
	case len(out) > 0:
		msg += "; using " + strings.Join(out, ",")
	case none:
		msg += "; using none"
	default:
		out = []string{"tracecontext", "baggage"}
		msg += "; using the default tracecontext,baggage"
	}
	return out, []string{msg}
}

func dedupe(list []string) []string {
	var out []string
	for _, s := range list {
		if !contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func quoteAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strconv.Quote(s)
	}
	return out
}
