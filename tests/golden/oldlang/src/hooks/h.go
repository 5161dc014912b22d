package hooks

import (
	"fmt"
	"unsafe"

	"gotel.dev/runtime/hook"
)

func Before(c *hook.Context, v any, n unsafe.Pointer) {
	fmt.Println("before", v)
	*(*int)(n) = 16
}

func After(c *hook.Context, s *string) { *s += " (go1.16 module)" }
