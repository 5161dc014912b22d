package hooks

import (
	"fmt"

	"gotel.dev/runtime/hook"
)

func JoinBefore(c *hook.Context, sep *string, parts []string) {
	fmt.Println("join before", *sep, parts)
	*sep = "+"
	c.SetData(len(parts))
}

func JoinAfter(c *hook.Context, s string) { fmt.Println("join after", s, c.Data()) }

// A second rule on the same function: its After runs before the first's.
func SecondAfter(c *hook.Context, s *string) {
	fmt.Println("second after", *s)
	*s += "."
}
