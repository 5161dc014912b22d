package e2e

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// gotelBin is the freshly built gotel under test: $GOTEL_BIN, or the
// repository's build/gotel.
var gotelBin string

func TestMain(m *testing.M) {
	gotelBin = os.Getenv("GOTEL_BIN")
	if gotelBin == "" {
		gotelBin = "../../build/gotel"
	}
	abs, err := filepath.Abs(gotelBin)
	if err == nil {
		gotelBin = abs
	}
	if _, err := os.Stat(gotelBin); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: gotel binary not found at %s (run make first): %v\n", gotelBin, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// newModule copies testdata/<name> into a fresh module directory.
func newModule(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	src := filepath.Join("testdata", name)
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		dst := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/"+name+"\n\ngo 1.26.0\n")
	}
	return dir
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

type result struct {
	stdout, stderr string
	code           int
}

// run runs a command to completion (bounded) in dir.
func run(t *testing.T, dir string, env []string, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(15 * time.Minute): // a cold build of a large program on a loaded machine
		cmd.Process.Kill()
		<-done
		t.Fatalf("%s %v: timed out", name, args)
	}
	return result{out.String(), errb.String(), cmd.ProcessState.ExitCode()}
}

// build builds the module's main package into dir/bin with gotel or go.
func build(t *testing.T, dir string, instrumented bool, extra ...string) string {
	t.Helper()
	bin := filepath.Join(dir, "bin-"+fmt.Sprint(instrumented))
	args := append([]string{"build", "-o", bin}, extra...)
	args = append(args, ".")
	var r result
	if instrumented {
		r = run(t, dir, nil, gotelBin, append([]string{"go"}, args...)...)
	} else {
		r = run(t, dir, nil, "go", args...)
	}
	if r.code != 0 {
		t.Fatalf("build (instrumented=%v) failed: %s\n%s", instrumented, r.stdout, r.stderr)
	}
	// make test-e2e-other-go runs this binary, built with the installed Go,
	// with GOTOOLCHAIN naming the other release: the programs must be
	// built by that one.
	if tc := os.Getenv("GOTOOLCHAIN"); strings.HasPrefix(tc, "go1") {
		builtBy(t, bin, strings.TrimSuffix(tc, "+auto"))
	}
	return bin
}

// builtBy fails the test unless go version says the binary was built by
// Go release want ("go1.27.3").
func builtBy(t *testing.T, bin, want string) {
	t.Helper()
	if v := run(t, "", nil, "go", "version", bin); want == "" || !strings.HasSuffix(strings.TrimSpace(v.stdout), " "+want) {
		t.Fatalf("%s: built by %q, want %q%s", bin, v.stdout, want, v.stderr)
	}
}

// proc is a running test program.
type proc struct {
	cmd    *exec.Cmd
	stdout chan string
	mu     sync.Mutex
	stderr bytes.Buffer
	done   chan struct{}
	err    error
}

func (p *proc) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.Write(b)
}

func (p *proc) Stderr() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

func start(t *testing.T, bin string, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(bin, args...), stdout: make(chan string, 100), done: make(chan struct{})}
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stderr = p
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			p.stdout <- sc.Text()
		}
		close(p.stdout)
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// listenAddr waits for the program's "LISTEN addr" line.
func (p *proc) listenAddr(t *testing.T) string {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case line, ok := <-p.stdout:
			if !ok {
				t.Fatalf("program ended before listening: %s", p.Stderr())
			}
			if a, found := strings.CutPrefix(line, "LISTEN "); found {
				return a
			}
		case <-timeout:
			t.Fatalf("program did not listen within 30s: %s", p.Stderr())
		}
	}
}

// wait waits (bounded) for the program to end and returns its wait status.
func (p *proc) wait(t *testing.T) syscall.WaitStatus {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(60 * time.Second):
		t.Fatalf("program did not end within 60s: %s", p.Stderr())
	}
	var ee *exec.ExitError
	if p.err != nil && !errors.As(p.err, &ee) {
		t.Fatal(p.err)
	}
	return p.cmd.ProcessState.Sys().(syscall.WaitStatus)
}

func (p *proc) terminate(t *testing.T) syscall.WaitStatus {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	return p.wait(t)
}

// hashTree maps every file under dir to a hash of its content and mode.
func hashTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		h := sha256.New()
		fmt.Fprint(h, info.Mode())
		if d.Type().IsRegular() {
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			io.Copy(h, f)
			f.Close()
		}
		m[p] = hex.EncodeToString(h.Sum(nil))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func diffTrees(before, after map[string]string) []string {
	var d []string
	for p, h := range before {
		if a, ok := after[p]; !ok {
			d = append(d, "removed "+p)
		} else if a != h {
			d = append(d, "changed "+p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			d = append(d, "added "+p)
		}
	}
	return d
}

var (
	hexAddr   = regexp.MustCompile(`0x[0-9a-f]+\??`)
	goroutine = regexp.MustCompile(`goroutine \d+`)
	tmpPath   = regexp.MustCompile(`/tmp/[^ \n]*?/(server|mainpanic|short)/`)
	logStamp  = regexp.MustCompile(`(?m)^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d `)
	peerPort  = regexp.MustCompile(`127\.0\.0\.1:\d+`)
)

// normalizeTrace removes what legitimately differs between two builds of a
// program from a panic trace: addresses, PC offsets, goroutine ids and the
// temporary module directory, log time stamps and client ports. File names
// and line numbers stay.
func normalizeTrace(s string) string {
	s = logStamp.ReplaceAllString(s, "")
	s = peerPort.ReplaceAllString(s, "127.0.0.1:PORT")
	s = hexAddr.ReplaceAllString(s, "0x?")
	s = goroutine.ReplaceAllString(s, "goroutine ?")
	return tmpPath.ReplaceAllString(s, "MOD/")
}
