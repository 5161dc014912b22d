// Package hooks has no-op hooks for the trampoline benchmark: all the cost
// measured is the woven code's.
package hooks

import "gotel.dev/runtime/hook"

// EmptyBefore does nothing.
func EmptyBefore(c *hook.Context, x int) {}

// EmptyAfter does nothing.
func EmptyAfter(c *hook.Context, r int) {}
