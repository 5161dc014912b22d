package otlphttp

import (
	"reflect"
	"testing"
	"time"
)

func envOf(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

func TestEndpointRules(t *testing.T) {
	for _, tc := range []struct {
		env               map[string]string
		traces, metrics   string
		warningsT, warnsM int
	}{
		{nil, "http://localhost:4318/v1/traces", "http://localhost:4318/v1/metrics", 0, 0},
		// The general endpoint is a base: the signal path is appended.
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "https://col:4318"},
			"https://col:4318/v1/traces", "https://col:4318/v1/metrics", 0, 0},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://col:4318/base/"},
			"http://col:4318/base/v1/traces", "http://col:4318/base/v1/metrics", 0, 0},
		// Per-signal endpoints are used as is and win over the general one.
		{map[string]string{
			"OTEL_EXPORTER_OTLP_ENDPOINT":        "http://col:4318",
			"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://tr:9999/custom/path",
		}, "http://tr:9999/custom/path", "http://col:4318/v1/metrics", 0, 0},
		{map[string]string{"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT": "http://m:1"},
			"http://localhost:4318/v1/traces", "http://m:1/", 0, 0},
		// Invalid values are reported and ignored.
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "col:4318"},
			"http://localhost:4318/v1/traces", "http://localhost:4318/v1/metrics", 1, 1},
		{map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "ftp://x/y"},
			"http://localhost:4318/v1/traces", "http://localhost:4318/v1/metrics", 1, 0},
	} {
		ct := loadConfig(sigTraces, envOf(tc.env))
		cm := loadConfig(sigMetrics, envOf(tc.env))
		if ct.url != tc.traces || cm.url != tc.metrics {
			t.Errorf("%v: traces %q metrics %q, want %q %q", tc.env, ct.url, cm.url, tc.traces, tc.metrics)
		}
		if len(ct.warnings) != tc.warningsT || len(cm.warnings) != tc.warnsM {
			t.Errorf("%v: warnings %v / %v", tc.env, ct.warnings, cm.warnings)
		}
	}
}

func TestHeadersTimeoutCompressionFromEnv(t *testing.T) {
	c := loadConfig(sigTraces, envOf(map[string]string{
		"OTEL_EXPORTER_OTLP_HEADERS":     "api-key=secret%20value, X-Tenant = a%2Cb ,bad, =nokey, k=%zz",
		"OTEL_EXPORTER_OTLP_TIMEOUT":     "2500",
		"OTEL_EXPORTER_OTLP_COMPRESSION": "gzip",
	}))
	want := []header{{"api-key", "secret value"}, {"X-Tenant", "a,b"}}
	if !reflect.DeepEqual(c.headers, want) {
		t.Errorf("headers = %v, want %v", c.headers, want)
	}
	if len(c.warnings) != 3 {
		t.Errorf("want 3 warnings for the bad entries, got %v", c.warnings)
	}
	if c.timeout != 2500*time.Millisecond || !c.gzip {
		t.Errorf("timeout %v gzip %v", c.timeout, c.gzip)
	}

	// Per-signal variables replace the general ones.
	c = loadConfig(sigMetrics, envOf(map[string]string{
		"OTEL_EXPORTER_OTLP_HEADERS":             "a=1",
		"OTEL_EXPORTER_OTLP_METRICS_HEADERS":     "b=2",
		"OTEL_EXPORTER_OTLP_TIMEOUT":             "1",
		"OTEL_EXPORTER_OTLP_METRICS_TIMEOUT":     "0",
		"OTEL_EXPORTER_OTLP_COMPRESSION":         "gzip",
		"OTEL_EXPORTER_OTLP_METRICS_COMPRESSION": "none",
	}))
	if !reflect.DeepEqual(c.headers, []header{{"b", "2"}}) || c.timeout != 0 || c.gzip {
		t.Errorf("per-signal: headers %v timeout %v gzip %v", c.headers, c.timeout, c.gzip)
	}

	// Defaults, and invalid values falling back to them.
	c = loadConfig(sigTraces, envOf(map[string]string{
		"OTEL_EXPORTER_OTLP_TIMEOUT":     "10s",
		"OTEL_EXPORTER_OTLP_COMPRESSION": "zstd",
	}))
	if c.timeout != 10*time.Second || c.gzip || len(c.warnings) != 2 || c.tls != nil {
		t.Errorf("defaults: %+v", c)
	}
	c = loadConfig(sigTraces, envOf(map[string]string{"OTEL_EXPORTER_OTLP_TIMEOUT": "-5"}))
	if c.timeout != 10*time.Second || len(c.warnings) != 1 {
		t.Errorf("negative timeout: %+v", c)
	}
}
