package main

import (
	"fmt"
	"os"

	_ "golden/hooks"
	"golden/target"
)

func main() {
	fmt.Println(target.Boom(2))
	fmt.Println(target.Safe(3))
	if os.Getenv("GOLDEN_PANIC") != "" {
		fmt.Println(target.Boom(5))
	}
}
