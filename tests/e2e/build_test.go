package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// instrumented reports whether a binary carries gotel's runtime.
func instrumented(t *testing.T, bin string) bool {
	t.Helper()
	r := run(t, "", nil, "go", "tool", "nm", bin)
	if r.code != 0 {
		t.Fatalf("go tool nm: %s", r.stderr)
	}
	return strings.Contains(r.stdout, "gotel.dev/runtime/boot")
}

func TestUserTreeUnchanged(t *testing.T) {
	dir := newModule(t, "server")
	writeFile(t, filepath.Join(dir, "go.sum"), "")
	before := hashTree(t, dir)
	out := filepath.Join(t.TempDir(), "app")
	if r := run(t, dir, nil, gotelBin, "go", "build", "-o", out, "."); r.code != 0 {
		t.Fatalf("build failed: %s", r.stderr)
	}
	if d := diffTrees(before, hashTree(t, dir)); len(d) != 0 {
		t.Errorf("gotel go build changed the user's tree: %v", d)
	}
	// A failing build leaves nothing behind either.
	writeFile(t, filepath.Join(dir, "broken.go"), "package main\n\nfunc broken() { undefinedThing() }\n")
	before = hashTree(t, dir)
	if r := run(t, dir, nil, gotelBin, "go", "build", "-o", out, "."); r.code == 0 {
		t.Fatalf("build of broken code succeeded")
	}
	if d := diffTrees(before, hashTree(t, dir)); len(d) != 0 {
		t.Errorf("failed gotel build changed the user's tree: %v", d)
	}
}

func TestUserErrorsPrintedLikePlainGo(t *testing.T) {
	for name, src := range map[string]string{
		"syntax": "package main\n\nfunc main() {\n\tx := \n}\n",
		"type":   "package main\n\nfunc main() {\n\tvar s string = 1\n\t_ = s\n}\n",
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/bad\n\ngo 1.26.0\n")
			writeFile(t, filepath.Join(dir, "main.go"), src)
			plain := run(t, dir, nil, "go", "build", "-o", filepath.Join(dir, "p"), ".")
			gotel := run(t, dir, nil, gotelBin, "go", "build", "-o", filepath.Join(dir, "g"), ".")
			if plain.code == 0 || plain.code != gotel.code {
				t.Errorf("exit status: plain %d, gotel %d", plain.code, gotel.code)
			}
			if plain.stderr != gotel.stderr {
				t.Errorf("stderr differs:\n--- plain\n%s--- gotel\n%s", plain.stderr, gotel.stderr)
			}
		})
	}
}

func TestCacheKeepsPlainAndInstrumentedApart(t *testing.T) {
	dir := newModule(t, "short")
	if instrumented(t, build(t, dir, false)) {
		t.Fatal("plain build is instrumented")
	}
	if !instrumented(t, build(t, dir, true)) {
		t.Fatal("gotel build is not instrumented")
	}
	if instrumented(t, build(t, dir, false)) {
		t.Fatal("plain build after a gotel build picked up instrumented code")
	}
	// A repeated identical gotel build compiles nothing.
	r := run(t, dir, nil, gotelBin, "go", "build", "-x", "-o", filepath.Join(dir, "bin-true"), ".")
	if r.code != 0 {
		t.Fatalf("rebuild failed: %s", r.stderr)
	}
	for _, line := range strings.Split(r.stderr, "\n") {
		if strings.Contains(line, "/compile ") || strings.HasSuffix(line, "/compile") {
			t.Errorf("repeated gotel build compiled again: %s", line)
		}
	}
	if !instrumented(t, filepath.Join(dir, "bin-true")) {
		t.Fatal("cached gotel build is not instrumented")
	}
}
