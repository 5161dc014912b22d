package main

import (
	"fmt"

	_ "golden/hooks"
	"golden/target"
)

func main() {
	fmt.Println(target.Serve("s1", "/ok"))
	fmt.Println(target.Serve("s2", "/missing"))
	fmt.Println(target.Serve("s3", "/rewrite"))
}
