package hooks

import (
	"fmt"

	"gotel.dev/runtime/hook"
)

func HandleBefore(c *hook.Context, s any, path *string) {
	fmt.Printf("handle before %+v %s\n", s, *path)
	if *path == "/rewrite" {
		*path = "/ok/rewritten"
	}
}

func HandleAfter(c *hook.Context, code *int) {
	fmt.Println("handle after", *code)
	if *code == 404 {
		*code = 410
	}
}

func CountAfter(c *hook.Context, n *int) { *n = 100 }
