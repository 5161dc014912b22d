package hooks

import (
	"fmt"

	"gotel.dev/runtime/hook"
)

func Before(c *hook.Context, n int) { fmt.Println("before", n) }

func After(c *hook.Context, s string, err error) {
	fmt.Printf("after %q err=%v panicking=%v value=%v\n", s, err, c.Panicking(), c.PanicValue())
	if c.Panicking() && c.PanicValue().(error).Error() == "boom 5: unsupported operation" {
		panic("after hook fails too") // recovered; the target's panic goes on
	}
}
