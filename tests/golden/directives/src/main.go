package main

import (
	"fmt"
	"os"

	_ "golden/hooks"
	"golden/target"
)

func main() {
	fmt.Println(target.Render("a", 1))
	fmt.Println(target.Two(1))
	switch os.Getenv("GOLDEN_PANIC") {
	case "render":
		target.Render("b", -1)
	case "two":
		target.Two(2)
	}
}
