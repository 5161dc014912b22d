package main

import (
	"fmt"
	"os"

	_ "golden/hooks"
	"golden/target"
)

func main() {
	fmt.Println(target.Sum(1, 2, 3))
	var l target.List[string]
	fmt.Println(l.Push("a"), l.Push("b"), l.Len(), l)
	fmt.Println(l.Cap() < 0)
	fmt.Println(target.Pair("k", 1.5))
	if os.Getenv("GOLDEN_PANIC") != "" {
		l.Push("c")
	}
}
