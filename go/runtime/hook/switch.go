package hook

import (
	"strings"
	"syscall"
	_ "unsafe" // go:linkname
)

// instrumentationEnabled is called once per woven package while that package
// initialises (through go:linkname; the name is part of the contract with the
// generator). It may run before package syscall is initialised (a woven
// package need not import it, and then may initialise first), when
// syscall.Getenv would crash, so it reads the environment the runtime
// captured at start-up.
func instrumentationEnabled(name string) bool {
	return enabled(startupGetenv, name)
}

//go:linkname runtimeEnvs syscall.runtime_envs
func runtimeEnvs() []string

// startupGetenv looks key up in the environment the process started with
// (first occurrence wins, as in package syscall).
func startupGetenv(key string) (string, bool) {
	for _, kv := range runtimeEnvs() {
		if len(kv) > len(key) && kv[len(key)] == '=' && kv[:len(key)] == key {
			return kv[len(key)+1:], true
		}
	}
	return "", false
}

// Enabled reports whether the instrumentation called name is switched on by
// the environment: OTEL_SDK_DISABLED=true switches everything off;
// OTEL_GO_ENABLED_INSTRUMENTATIONS, when set, lists the only ones on;
// OTEL_GO_DISABLED_INSTRUMENTATIONS lists ones switched off. Lists are
// comma-separated names, compared without case.
func Enabled(name string) bool {
	return enabled(syscall.Getenv, name)
}

func enabled(getenv func(string) (string, bool), name string) bool {
	if v, ok := getenv("OTEL_SDK_DISABLED"); ok && strings.EqualFold(strings.TrimSpace(v), "true") {
		return false
	}
	if v, ok := getenv("OTEL_GO_ENABLED_INSTRUMENTATIONS"); ok && strings.TrimSpace(v) != "" {
		if !inList(v, name) {
			return false
		}
	}
	if v, ok := getenv("OTEL_GO_DISABLED_INSTRUMENTATIONS"); ok && inList(v, name) {
		return false
	}
	return true
}

func inList(list, name string) bool {
	for _, f := range strings.Split(list, ",") {
		if strings.EqualFold(strings.TrimSpace(f), name) {
			return true
		}
	}
	return false
}
