package hooks

import (
	"fmt"
	"unsafe"

	"gotel.dev/runtime/hook"
)

func SumBefore(c *hook.Context, xs any) { fmt.Printf("sum before %T %v\n", xs, xs) }

// The program only sums ints: the hook may use the address as *int.
func SumAfter(c *hook.Context, r unsafe.Pointer) {
	fmt.Println("sum after", *(*int)(r))
	*(*int)(r) += 1000
}

func PushBefore(c *hook.Context, l any, v unsafe.Pointer) {
	fmt.Printf("push before %T\n", l)
	*(*string)(v) += "!"
}

func PushAfter(c *hook.Context, n *int) { fmt.Println("push after", *n, c.Panicking(), c.PanicValue()) }

func PairBefore(c *hook.Context, k, v any) { fmt.Println("pair before", k, v) }

func PairAfter(c *hook.Context, m any) { fmt.Println("pair after", m) }

func LenBefore(c *hook.Context, l any) { fmt.Printf("len before %T\n", l) }

func CapBefore(c *hook.Context, l any) { fmt.Printf("cap before %T\n", l) }

func CapAfter(c *hook.Context, n *int) { *n = -*n }
