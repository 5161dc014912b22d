package hooks

import (
	"fmt"

	"golden/target"
	"gotel.dev/runtime/hook"
)

func AddBefore(c *hook.Context, t *target.T, x *int, s string) {
	fmt.Println("before", *x, s)
	switch *x {
	case 100:
		c.SkipCall()
	case 7:
		panic("hook boom")
	}
	*x *= 2
}

func AddAfter(c *hook.Context, r *int, err error) {
	fmt.Println("after", *r, err, c.Panicking(), c.PanicValue())
	if c.Skipped() {
		*r = -1
	}
}

func NameBefore(c *hook.Context, t target.T, n int) { fmt.Println("name before", n) }

func NameAfter(c *hook.Context, s *string) { *s += " (named)" }
