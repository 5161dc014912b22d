package target

import "fmt"

type T struct{ n int }

func (t *T) Add(x int, _ string) (int, error) {
	if x < 0 {
		panic(fmt.Sprintf("negative %d", x))
	}
	t.n += x
	return t.n, nil
}

// Name has an unnamed value receiver, an unnamed parameter and a bare result.
func (T) Name(int) string { return "T" }
