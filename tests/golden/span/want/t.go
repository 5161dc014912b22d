//line $CASE/src/target/t.go:1:1
package target;import _ "unsafe";

import (
	"context"
	"errors"
	"fmt"
)

// Plain has no parameters to record.
//
//gotel:span
func Plain() (__gotel_r0 /*line $CASE/src/target/t.go:12:14*/int)/*line $CASE/src/target/t.go:12:17*/ { if __gotel_on_span { var __gotel_sp [3]__gotel_uptr; __gotel_spanStart(__gotel_uptr(&__gotel_sp), "target.Plain", nil); defer __gotel_spanEnd(__gotel_uptr(&__gotel_sp), nil) };/*line $CASE/src/target/t.go:12:19*/ return 1 }

// Checkout records two parameters and passes its span on in ctx.
//
//gotel:span checkout attrs=orderID,count
func Checkout(ctx context.Context, orderID string, count int) (__gotel_r0 /*line $CASE/src/target/t.go:17:64*/string, __gotel_r1 /*line $CASE/src/target/t.go:17:72*/error) { if __gotel_on_span { var __gotel_sp [3]__gotel_uptr; __gotel_spanStart(__gotel_uptr(&__gotel_sp), "checkout", __gotel_uptr(&ctx), "orderID", orderID, "count", count); defer __gotel_spanEnd(__gotel_uptr(&__gotel_sp), __gotel_uptr(&__gotel_r1)) };
	if count < 0 {
		return "", errors.New("negative count")
	}
	return fmt.Sprintf("%s x%d (ctx changed: %v)", orderID, count, ctx != context.Background()), nil
}

type Cart struct{ items []string }

// Add is a method with a pointer receiver and an unnamed result.
//
//gotel:span attrs=item
func (c *Cart) Add(item string) (__gotel_r0 /*line $CASE/src/target/t.go:29:33*/int)/*line $CASE/src/target/t.go:29:36*/ { if __gotel_on_span { var __gotel_sp [3]__gotel_uptr; __gotel_spanStart(__gotel_uptr(&__gotel_sp), "target.(*Cart).Add", nil, "item", item); defer __gotel_spanEnd(__gotel_uptr(&__gotel_sp), nil) };
	c.items = append(c.items, item)
	return len(c.items)
}

// Max is generic.
//
//gotel:span
func Max[T int | float64](a, b T) (__gotel_r0 /*line $CASE/src/target/t.go:37:35*/T)/*line $CASE/src/target/t.go:37:36*/ { if __gotel_on_span { var __gotel_sp [3]__gotel_uptr; __gotel_spanStart(__gotel_uptr(&__gotel_sp), "target.Max", nil); defer __gotel_spanEnd(__gotel_uptr(&__gotel_sp), nil) };
	if a > b {
		return a
	}
	return b
}

// Boom panics; the panic goes on unchanged.
//
//gotel:span
func Boom(n int) (__gotel_r0 /*line $CASE/src/target/t.go:47:18*/int)/*line $CASE/src/target/t.go:47:21*/ { if __gotel_on_span { var __gotel_sp [3]__gotel_uptr; __gotel_spanStart(__gotel_uptr(&__gotel_sp), "target.Boom", nil); defer __gotel_spanEnd(__gotel_uptr(&__gotel_sp), nil) };
	if n > 3 {
		panic(fmt.Sprintf("boom %d", n))
	}
	return n
}

// NotAnnotated is left alone: a gotel:span mention elsewhere does not count.
func NotAnnotated() string { return "//gotel:span is only a directive at the start of a line" }

//line $OUT/t.go:59
