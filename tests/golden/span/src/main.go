package main

import (
	"context"
	"fmt"
	"os"

	_ "gotel.dev/runtime/span"

	"golden/target"
)

func main() {
	fmt.Println(target.Plain())
	fmt.Println(target.Checkout(context.Background(), "o-1", 2))
	fmt.Println(target.Checkout(context.Background(), "o-2", -1))
	var c target.Cart
	fmt.Println(c.Add("apple"), c.Add("pear"))
	fmt.Println(target.Max(2, 5), target.Max(2.5, 1.5))
	fmt.Println(target.Boom(2), target.NotAnnotated(), target.Twice(21))
	if os.Getenv("GOLDEN_PANIC") != "" {
		fmt.Println(target.Boom(5))
	}
}
