// The trampoline micro benchmark: calls an instrumented empty function (no
// parameters) and a method with parameters and results, N times each, and
// prints CPU ns per call (getrusage, so that other jobs on the machine
// count less than in wall time), wall ns per call and allocations per call.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"time"

	_ "golden/hooks"
	"golden/target"
)

func cpu() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func measure(name string, n int, f func(int)) {
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	c0, w0 := cpu(), time.Now()
	for i := 0; i < n; i++ {
		f(i)
	}
	c1, w1 := cpu(), time.Now()
	runtime.ReadMemStats(&m1)
	fmt.Printf("%-6s cpu %6.2f ns/op  wall %6.2f ns/op  %d allocs/op\n", name,
		float64(c1-c0)/float64(n), float64(w1.Sub(w0))/float64(n), (m1.Mallocs-m0.Mallocs)/uint64(n))
}

var sink int

func main() {
	n := 20_000_000
	if v, err := strconv.Atoi(os.Getenv("N")); err == nil && v > 0 {
		n = v
	}
	t := &target.T{}
	measure("empty", n, func(int) { target.Empty() })
	measure("args", n, func(i int) { sink, _ = t.Args(i, "x") })
}
