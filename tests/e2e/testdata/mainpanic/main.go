// mainpanic panics from a function called by main: its stack trace must be
// the same, file:line for file:line, whether built by go or by gotel.
package main

import "fmt"

func explode(n int) int {
	if n > 2 {
		panic(fmt.Sprintf("explode %d", n))
	}
	return explode(n + 1)
}

func main() {
	fmt.Println("start")
	explode(0)
}
