package e2e

import (
	"strings"
	"testing"
)

// TestProgramOwnSDK: a program that installs its own SDK keeps it. gotel's
// spans go to the program's provider, in the trace of the program's own
// span; gotel's own pipeline exports nothing; stderr says so in one line
// per replaced piece. Both when the program installs it in main (after
// gotel started) and from a package init that runs before gotel's.
//
// The program pins the lowest OpenTelemetry release gotel supports
// (go.opentelemetry.io/otel v1.46.0): the instrumented build links the
// very versions the plain one does.
func TestProgramOwnSDK(t *testing.T) {
	dir := newModule(t, "ownsdk")
	bin := build(t, dir, true)
	plain := modVersions(t, build(t, dir, false))
	inst := modVersions(t, bin)
	if plain["go.opentelemetry.io/otel"] != "v1.46.0" {
		t.Fatalf("the program does not pin the lowest release: %v", plain)
	}
	for m, v := range plain {
		if inst[m] != v {
			t.Errorf("the instrumented build changed %s from %s to %q", m, v, inst[m])
		}
	}
	for _, early := range []string{"0", "1"} {
		t.Run("early="+early, func(t *testing.T) {
			c := startCollector(t)
			r := run(t, "", append(programEnv(c, "gotel-own"), "OWN_EARLY="+early), bin)
			if r.code != 0 || r.stdout != "done\n" {
				t.Fatalf("exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
			}
			manual := c.waitSpan(t, func(s span) bool { return s.Name == "manual" })
			cli := c.waitSpan(t, func(s span) bool { return s.Kind == "client" })
			srv := c.waitSpan(t, func(s span) bool { return s.Kind == "server" })
			for _, s := range []span{manual, cli, srv} {
				if s.Resource["service.name"] != "own-sdk" {
					t.Errorf("span %s %s went through %s's pipeline, not the program's", s.Kind, s.Name, s.Resource["service.name"])
				}
			}
			if cli.TraceID != manual.TraceID || cli.ParentID != manual.SpanID || srv.ParentID != cli.SpanID {
				t.Errorf("not one trace: manual %s/%s, client %s parent %s, server parent %s",
					manual.TraceID, manual.SpanID, cli.TraceID, cli.ParentID, srv.ParentID)
			}
			if n := len(c.spans()); n != 3 {
				t.Errorf("%d spans arrived, want 3 (nothing twice): %v", n, c.spans())
			}
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			want := []string{"TracerProvider", "propagator"}
			if len(lines) != len(want) {
				t.Fatalf("stderr: want one line each for %v, got %q", want, r.stderr)
			}
			for i, w := range want {
				if !strings.HasPrefix(lines[i], "gotel: the program installed its own") || !strings.Contains(r.stderr, w) {
					t.Errorf("stderr line %d: %q", i, lines[i])
				}
			}
		})
	}
}
