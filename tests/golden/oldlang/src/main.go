package main

import (
	"fmt"

	_ "golden/hooks"
	"golden/target"
)

func main() { fmt.Println(target.Old("go", 1)) }
