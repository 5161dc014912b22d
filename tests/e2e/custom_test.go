package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCustomRules: the program's own rule file (testdata/custom/gotel.yaml)
// and //gotel:span directives in its own code. The rule file
// traces an internal SDK module nobody edited, with hooks in a module
// nested in the program's tree. The program prints what the plain build
// prints; the SDK's spans are children of the request spans; editing the
// hooks or the rule file rebuilds what they affect (the plan cache and the
// build cache stay correct); mistakes get one error with file:line.
func TestCustomRules(t *testing.T) {
	t.Parallel()
	dir := newModule(t, "custom")
	plain := run(t, dir, nil, build(t, dir, false))
	bin := build(t, dir, true)
	c := startCollector(t)
	inst := run(t, dir, programEnv(c, "custom"), bin)
	if plain.code != 0 || inst.code != 0 || plain.stdout != inst.stdout {
		t.Fatalf("plain: %d %q; instrumented: %d %q %s", plain.code, plain.stdout, inst.code, inst.stdout, inst.stderr)
	}
	ok := c.waitSpan(t, func(s span) bool { return s.Name == "inventory stock" && s.Attrs["inventory.item"] == "apples" })
	bad := c.waitSpan(t, func(s span) bool { return s.Name == "inventory stock" && s.Attrs["inventory.item"] == "no such" })
	for _, s := range []span{ok, bad} {
		srv := c.waitSpan(t, func(p span) bool { return p.SpanID == s.ParentID })
		if srv.Kind != "server" || srv.Name != "GET /stock/{item}" || s.Attrs["inventory.service"] != "warehouse" {
			t.Errorf("span %v under %v", s, srv)
		}
	}
	if ok.Attrs["inventory.level"] != "42" || ok.Status == 2 || bad.Status != 2 {
		t.Errorf("results not recorded: %v / %v", ok, bad)
	}

	// A rule on the program's own main package: price, under the request
	// span through the goroutine.
	pr := c.waitSpan(t, func(s span) bool { return s.Name == "inventory price" && s.Attrs["inventory.item"] == "kiwis" })
	if srv := c.waitSpan(t, func(p span) bool { return p.SpanID == pr.ParentID }); srv.Kind != "server" || pr.Attrs["inventory.price"] != "15" {
		t.Errorf("price span %v under %v", pr, srv)
	}

	// //gotel:span in the program's own code: reserve (context, two
	// parameters recorded, an error result) under the request, audit (no
	// context) under reserve through the goroutine.
	for _, item := range []string{"apples", "kiwis"} {
		res := c.waitSpan(t, func(s span) bool { return s.Name == "main.reserve" && s.Attrs["item"] == item })
		srv := c.waitSpan(t, func(s span) bool { return s.SpanID == res.ParentID })
		aud := c.waitSpan(t, func(s span) bool { return s.Name == "main.audit" && s.ParentID == res.SpanID })
		if srv.Kind != "server" || res.TraceID != aud.TraceID || res.Scope != "gotel.dev/runtime/span" {
			t.Errorf("%s: reserve %v under %v, audit %v", item, res, srv, aud)
		}
		wantErr := item == "apples"
		if (res.Status == 2) != wantErr || (res.Attrs["error.type"] == "*fmt.wrapError" || res.Attrs["error.type"] == "*errors.errorString") != wantErr {
			t.Errorf("%s: error recorded %v: %v", item, wantErr, res)
		}
		if item == "apples" && res.Attrs["qty"] != "6" || item == "kiwis" && res.Attrs["qty"] != "5" {
			t.Errorf("%s: qty %q", item, res.Attrs["qty"])
		}
	}

	// A traced function that panics: the span records it, and the program
	// recovers the same value (its output is the plain build's, above).
	ins := c.waitSpan(t, func(s span) bool { return s.Name == "main.inspect" })
	if len(ins.Events) != 1 || ins.Events[0].Name != "exception" || ins.Events[0].Attrs["exception.message"] != "cannot inspect pears" ||
		ins.Status != 2 || ins.Attrs["error.type"] != "string" {
		t.Errorf("panicking directive span: %+v", ins)
	}
	if !strings.Contains(plain.stdout, "recovered: cannot inspect pears") {
		t.Errorf("the program did not recover the panic: %q", plain.stdout)
	}

	// A changed hook body reaches the program (the plan cache watches the
	// hooks) and rebuilds the hook package only: woven code calls hooks
	// through bodyless declarations, so the salt keeps the woven packages.
	hooks := filepath.Join(dir, "gotel", "hooks.go")
	b, err := os.ReadFile(hooks)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, hooks, strings.Replace(string(b), `"inventory stock"`, `"inventory stock v2"`, 1))
	rebuild(t, dir, bin, "a hook body edit", "example.com/custom/gotel", "net/http", "example.com/sdk", "runtime")
	c2 := startCollector(t)
	if r := run(t, dir, programEnv(c2, "custom"), bin); r.code != 0 {
		t.Fatalf("rebuilt program failed: %s", r.stderr)
	}
	c2.waitSpan(t, func(s span) bool { return s.Name == "inventory stock v2" })

	// The rule file switched to another function: the SDK is no longer
	// woven, and gotel rules --match says why. Only what the program's
	// rules targeted is compiled again: their packages are keyed by marker
	// files, so the rest of the build keeps its cache entries.
	rules := filepath.Join(dir, "gotel.yaml")
	b, err = os.ReadFile(rules)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, rules, strings.Replace(string(b), "function: Stock", "function: Restock", 1))
	rebuild(t, dir, bin, "a rule file edit", "example.com/sdk", "net/http", "runtime", "go.opentelemetry.io/otel/sdk/trace")
	c3 := startCollector(t)
	if r := run(t, dir, programEnv(c3, "custom"), bin); r.code != 0 || r.stdout != plain.stdout {
		t.Fatalf("program without the rule: %d %q %s", r.code, r.stdout, r.stderr)
	}
	c3.waitSpan(t, func(s span) bool { return s.Kind == "server" })
	for _, s := range c3.spans() {
		if strings.HasPrefix(s.Name, "inventory stock") {
			t.Errorf("the SDK is still woven: %v", s)
		}
	}
	m := run(t, dir, nil, gotelBin, "rules", "--match", ".")
	if !strings.Contains(m.stdout, "inventory/stock") || !strings.Contains(m.stdout, "has no function *Client.Restock") {
		t.Errorf("gotel rules --match: %s %s", m.stdout, m.stderr)
	}
	if l := run(t, dir, nil, gotelBin, "rules"); !strings.Contains(l.stdout, "inventory/stock") {
		t.Errorf("gotel rules does not list the program's rules: %s", l.stdout)
	}

	// Mistakes: one error each, with the rule file's line and column, or
	// the hook's.
	for _, tc := range []struct{ from, to, want string }{
		{"    after: StockAfter\n", "    after: StockAfter\n    colour: blue\n", "gotel.yaml:13:5: unknown key colour"},
		{"after: StockAfter", "after: StockDone", "StockDone"},
		{"hooks: example.com/custom/gotel", "hooks: example.com/custom/nohooks", "gotel.yaml:6:5: rule inventory/stock: hook package example.com/custom/nohooks is neither"},
	} {
		writeFile(t, rules, strings.Replace(string(b), tc.from, tc.to, 1))
		r := run(t, dir, nil, gotelBin, "go", "build", "-o", filepath.Join(dir, "bad"), ".")
		if r.code == 0 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%q: exit %d, stderr %s", tc.to, r.code, r.stderr)
		}
	}
	writeFile(t, rules, string(b))
	mainGo := filepath.Join(dir, "main.go")
	writeFile(t, mainGo, strings.Replace(string(b2(t, mainGo)), "attrs=item,qty", "attrs=item,quantity", 1))
	if r := run(t, dir, nil, gotelBin, "go", "build", "-o", filepath.Join(dir, "bad"), "."); r.code == 0 ||
		!strings.Contains(r.stderr, "main.go:") || !strings.Contains(r.stderr, "//gotel:span attrs: reserve has no parameter quantity") {
		t.Errorf("a directive naming no parameter: exit %d, stderr %s", r.code, r.stderr)
	}
	writeFile(t, mainGo, strings.Replace(string(b2(t, mainGo)), "attrs=item,quantity", "attrs=item,qty", 1))
	writeFile(t, hooks, strings.Replace(string(b2(t, hooks)), "item string)", "item []byte)", 1))
	r := run(t, dir, nil, gotelBin, "go", "build", "-o", filepath.Join(dir, "bad"), ".")
	if r.code == 0 || !strings.Contains(r.stderr, "hooks.go:") || !strings.Contains(r.stderr, "StockBefore") {
		t.Errorf("a hook that does not fit: exit %d, stderr %s", r.code, r.stderr)
	}
}

// rebuild builds dir into bin with gotel after an edit, and checks with -x
// that package compiled and that none of the others did.
func rebuild(t *testing.T, dir, bin, edit, compiled string, kept ...string) {
	t.Helper()
	r := run(t, dir, nil, gotelBin, "go", "build", "-x", "-o", bin, ".")
	if r.code != 0 {
		t.Fatalf("build after %s: %s", edit, r.stderr)
	}
	if !strings.Contains(r.stderr, " -p "+compiled+" ") {
		t.Errorf("after %s, %s was not compiled:\n%s", edit, compiled, r.stderr)
	}
	for _, p := range kept {
		if strings.Contains(r.stderr, " -p "+p+" ") {
			t.Errorf("%s recompiled %s", edit, p)
		}
	}
}

func b2(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
