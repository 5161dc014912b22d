package hooks

import (
	"fmt"

	"gotel.dev/runtime/hook"
)

func RenderBefore(c *hook.Context, name string, n int) { fmt.Println("render before", name, n) }

func RenderAfter(c *hook.Context, s string, err error) {
	fmt.Println("render after", s, c.Panicking())
}

func TwoBefore(c *hook.Context, n int) { fmt.Println("two before", n) }
