package nethttp

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

const injectedEnv = "GOTEL_NETHTTP_INJECTED"

// TestInjectedStatusAccessor proves the inject file: it rebuilds this test
// binary with inject/status.go.txt added to GOROOT's net/http through the go
// command's -overlay (as gotel adds it), and runs, in that binary, the
// accessor checks below plus every server test, whose status codes then
// come from the accessor instead of the reflection fallback.
func TestInjectedStatusAccessor(t *testing.T) {
	if os.Getenv(injectedEnv) == "1" {
		checkInjectedAccessor(t)
		return
	}
	if testing.Short() {
		t.Skip("rebuilds net/http")
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("inject/status.go.txt")
	if err != nil {
		t.Fatal(err)
	}
	// What gotel does with an inject file: its package clause becomes the
	// target's.
	src = regexp.MustCompile(`(?m)^package \w+`).ReplaceAll(src, []byte("package http"))
	dir := t.TempDir()
	backing := filepath.Join(dir, "status.go")
	if err := os.WriteFile(backing, src, 0o644); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(strings.TrimSpace(string(goroot)), "src", "net", "http", "zz_gotel_status.go")
	ov, _ := json.Marshal(map[string]map[string]string{"Replace": {target: backing}})
	ovPath := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(ovPath, ov, 0o644); err != nil {
		t.Fatal(err)
	}
	// Bounded twice: the inner tests by -timeout, the whole build and run by
	// the context (the rebuild of net/http is slow on a loaded machine).
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "test", "-count=1", "-timeout=120s", "-overlay", ovPath,
		"-run", "^(TestInjectedStatusAccessor|TestServer.*)$", "-v", ".")
	cmd.Env = append(os.Environ(), injectedEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("tests with the injected accessor failed: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "--- PASS: TestInjectedStatusAccessor") {
		t.Fatalf("the injected run did not run the accessor check:\n%s", out)
	}
}

func checkInjectedAccessor(t *testing.T) {
	if injectedStatus == nil {
		t.Fatal("net/http's injected init did not register the status accessor")
	}
	got := make(chan [2]int, 1)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		before := injectedStatus(w)
		switch r.URL.Path {
		case "/teapot":
			w.WriteHeader(http.StatusContinue) // informational: not final
			w.WriteHeader(418)
		case "/hijack":
			c, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				defer c.Close()
			}
		}
		got <- [2]int{before, injectedStatus(w)}
	}))
	defer ts.Close()
	// Fresh connections: the transport would retry a GET whose reused
	// connection closes without a response (the hijack case).
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	for path, want := range map[string][2]int{
		"/teapot": {statusNone, 418},
		"/empty":  {statusNone, statusNone},
		"/hijack": {statusNone, statusHijacked},
	} {
		resp, err := client.Get(ts.URL + path)
		if err == nil {
			resp.Body.Close()
		}
		if g := <-got; g != want {
			t.Errorf("%s: accessor gave %v, want %v", path, g, want)
		}
	}
	if s := injectedStatus(httptest.NewRecorder()); s != statusUnknown {
		t.Errorf("a foreign ResponseWriter gave %d, want %d", s, statusUnknown)
	}
}
