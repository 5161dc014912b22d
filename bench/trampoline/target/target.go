// Package target holds the functions the trampoline benchmark instruments.
package target

// Empty does nothing; instrumented, its cost is the trampoline's cost.
//
//go:noinline
func Empty(x int) int {
	return x
}
