package hook

import (
	"os"
	"os/exec"
	"testing"
)

// instrumentationEnabled reads the environment the process started with
// (it may run before package syscall is initialised): check it in a child
// process started with a known environment.
func TestInstrumentationEnabledReadsStartupEnv(t *testing.T) {
	if os.Getenv("GOTEL_HOOK_CHILD") == "1" {
		if instrumentationEnabled("nethttp") || !instrumentationEnabled("redis") {
			os.Exit(3)
		}
		if v, ok := startupGetenv("GOTEL_HOOK_CHILD"); !ok || v != "1" {
			os.Exit(4)
		}
		if _, ok := startupGetenv("GOTEL_HOOK_CHIL"); ok {
			os.Exit(5)
		}
		os.Exit(0)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestInstrumentationEnabledReadsStartupEnv$")
	cmd.Env = append(os.Environ(), "GOTEL_HOOK_CHILD=1", "OTEL_GO_DISABLED_INSTRUMENTATIONS=grpc,NetHTTP", "OTEL_SDK_DISABLED=", "OTEL_GO_ENABLED_INSTRUMENTATIONS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
}
