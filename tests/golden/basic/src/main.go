package main

import (
	"fmt"
	"os"

	_ "golden/hooks"
	"golden/target"
)

func main() {
	t := &target.T{}
	fmt.Println(t.Add(1, "a"))   // doubled by Before
	fmt.Println(t.Add(100, "b")) // skipped, After sets -1
	fmt.Println(t.Add(7, "c"))   // Before panics: recovered, reported once
	fmt.Println(t.Add(7, "c"))
	fmt.Println(t.Name(42))
	if os.Getenv("GOLDEN_PANIC") != "" {
		fmt.Println(t.Add(-3, "d")) // the target panics: After sees it, it goes on
	}
}
