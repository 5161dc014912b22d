package e2e

import (
	"strings"
	"testing"
)

// A library release whose hooked function changed its signature builds
// without that instrumentation (all of its rules for that package, not
// half of them), with the reason in gotel rules --match, instead of
// failing the build: version ranges are open at the top.
func TestReleaseThatDoesNotFitBuildsUninstrumented(t *testing.T) {
	t.Parallel()
	dir := newModule(t, "misfit")
	plain := run(t, dir, nil, build(t, dir, false))
	bin := build(t, dir, true)
	inst := run(t, dir, nil, bin)
	if plain.code != 0 || inst.code != 0 || plain.stdout != inst.stdout {
		t.Errorf("plain: %d %q, instrumented: %d %q %s", plain.code, plain.stdout, inst.code, inst.stdout, inst.stderr)
	}
	if _, linked := modVersions(t, bin)["gotel.dev/instrumentation/otelhttp"]; linked {
		t.Error("the hooks of the left-out instrumentation are linked")
	}
	m := run(t, dir, nil, gotelBin, "rules", "--match", ".")
	if m.code != 0 {
		t.Fatalf("gotel rules --match: %s", m.stderr)
	}
	pkg := "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	var mw, tr string
	for _, l := range strings.Split(m.stdout, "\n") {
		switch {
		case strings.Contains(l, "otelhttp/middleware "):
			mw = l
		case strings.Contains(l, "otelhttp/transport "):
			tr = l
		}
	}
	if !strings.HasPrefix(mw, "no ") || !strings.Contains(mw, pkg+"@v0.65.0 does not fit: ") || !strings.Contains(mw, "NewMiddleware") {
		t.Errorf("middleware verdict: %q", mw)
	}
	if !strings.HasPrefix(tr, "no ") || !strings.Contains(tr, "left out with otelhttp/middleware, which does not fit "+pkg) {
		t.Errorf("transport verdict: %q", tr)
	}
}
