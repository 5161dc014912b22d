package target

import (
	"context"
	"errors"
	"fmt"
)

// Plain has no parameters to record.
//
//gotel:span
func Plain() int { return 1 }

// Checkout records two parameters and passes its span on in ctx.
//
//gotel:span checkout attrs=orderID,count
func Checkout(ctx context.Context, orderID string, count int) (string, error) {
	if count < 0 {
		return "", errors.New("negative count")
	}
	return fmt.Sprintf("%s x%d (ctx changed: %v)", orderID, count, ctx != context.Background()), nil
}

type Cart struct{ items []string }

// Add is a method with a pointer receiver and an unnamed result.
//
//gotel:span attrs=item
func (c *Cart) Add(item string) int {
	c.items = append(c.items, item)
	return len(c.items)
}

// Max is generic.
//
//gotel:span
func Max[T int | float64](a, b T) T {
	if a > b {
		return a
	}
	return b
}

// Boom panics; the panic goes on unchanged.
//
//gotel:span
func Boom(n int) int {
	if n > 3 {
		panic(fmt.Sprintf("boom %d", n))
	}
	return n
}

// NotAnnotated is left alone: a gotel:span mention elsewhere does not count.
func NotAnnotated() string { return "//gotel:span is only a directive at the start of a line" }
