package hook

import (
	"strings"
	"syscall"
)

// instrumentationEnabled is called once per woven package while that package
// initialises (through go:linkname; the name is part of the contract with the
// generator). It may run before package os is initialised, so it reads the
// environment through syscall.
func instrumentationEnabled(name string) bool {
	return Enabled(name)
}

// Enabled reports whether the instrumentation called name is switched on by
// the environment: OTEL_SDK_DISABLED=true switches everything off;
// OTEL_GO_ENABLED_INSTRUMENTATIONS, when set, lists the only ones on;
// OTEL_GO_DISABLED_INSTRUMENTATIONS lists ones switched off. Lists are
// comma-separated names, compared without case.
func Enabled(name string) bool {
	if v, ok := syscall.Getenv("OTEL_SDK_DISABLED"); ok && strings.EqualFold(strings.TrimSpace(v), "true") {
		return false
	}
	if v, ok := syscall.Getenv("OTEL_GO_ENABLED_INSTRUMENTATIONS"); ok && strings.TrimSpace(v) != "" {
		if !inList(v, name) {
			return false
		}
	}
	if v, ok := syscall.Getenv("OTEL_GO_DISABLED_INSTRUMENTATIONS"); ok && inList(v, name) {
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
