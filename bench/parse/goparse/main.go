// Command parse is the go/parser side of bench/parse: it reads every file
// named on stdin into memory, then parses all of them -reps times with
// parser.ParseFile(ParseComments|SkipObjectResolution), printing nothing
// but the result line:
//
//	go files=N bytes=B reps=R median_s=S mbps=M maxrss_kb=K
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

	var times []float64
	nerr := 0
	for r := 0; r < *reps; r++ {
		nerr = 0
		t0 := time.Now()
		for _, f := range files {
			fset := token.NewFileSet()
			if _, err := parser.ParseFile(fset, f.name, f.src, parser.ParseComments|parser.SkipObjectResolution); err != nil {
				nerr++
			}
		}
		times = append(times, time.Since(t0).Seconds())
	}
	sort.Float64s(times)
	med := times[len(times)/2]
	if len(times)%2 == 0 {
		med = (times[len(times)/2-1] + times[len(times)/2]) / 2
	}
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Printf("go files=%d bytes=%d errors=%d reps=%d median_s=%.4f mbps=%.1f maxrss_kb=%d\n",
		len(files), total, nerr, *reps, med, float64(total)/med/1e6, ru.Maxrss)
}
