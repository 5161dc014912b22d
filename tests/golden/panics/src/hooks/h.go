package hooks

import (
	"fmt"

	"gotel.dev/runtime/hook"
)

func Before(c *hook.Context, n int) { fmt.Println("before", n) }

func After(c *hook.Context, s string, err error) {
	fmt.Printf("after %q err=%v panicking=%v value=%v\n", s, err, c.Panicking(), c.PanicValue())
}
