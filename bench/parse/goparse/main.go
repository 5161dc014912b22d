// Command parse is the go/parser side of bench/parse: it reads every file
// named on stdin into memory, then parses all of them -reps times with
// parser.ParseFile(ParseComments|SkipObjectResolution), printing nothing
// but the result line:
//
//	go files=N bytes=B errors=E reps=R median_s=S mbps=M cpu_median_s=C cpu_mbps=P maxrss_kb=K
//
// cpu_* use the process's CPU time (user+sys, all threads, so the garbage
// collector's work counts), which a loaded machine disturbs less than wall
// time.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"sort"
	"syscall"
	"time"
)

func main() {
	reps := flag.Int("reps", 5, "repetitions (the median is reported)")
	flag.Parse()

	type file struct {
		name string
		src  []byte
	}
	var files []file
	total := 0
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		src, err := os.ReadFile(in.Text())
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		files = append(files, file{in.Text(), src})
		total += len(src)
	}

	var times, cpus []float64
	nerr := 0
	for r := 0; r < *reps; r++ {
		nerr = 0
		c0 := cpuSeconds()
		t0 := time.Now()
		for _, f := range files {
			fset := token.NewFileSet()
			if _, err := parser.ParseFile(fset, f.name, f.src, parser.ParseComments|parser.SkipObjectResolution); err != nil {
				nerr++
			}
		}
		times = append(times, time.Since(t0).Seconds())
		cpus = append(cpus, cpuSeconds()-c0)
	}
	med, cmed := median(times), median(cpus)
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Printf("go files=%d bytes=%d errors=%d reps=%d median_s=%.4f mbps=%.1f cpu_median_s=%.4f cpu_mbps=%.1f maxrss_kb=%d\n",
		len(files), total, nerr, *reps, med, float64(total)/med/1e6, cmed, float64(total)/cmed/1e6, ru.Maxrss)
}

func median(v []float64) float64 {
	sort.Float64s(v)
	if len(v)%2 == 0 {
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	return v[len(v)/2]
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
