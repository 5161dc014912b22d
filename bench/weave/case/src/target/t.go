package target

//go:noinline
func Empty() {}

type T struct{ n int }

//go:noinline
func (t *T) Args(x int, s string) (int, error) { return x, nil }
