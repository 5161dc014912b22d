package target

// T is extended with a field.
type T struct {
	Name string // its name

	count int
}

type U struct{ A int }

type E struct{}

func (t *T) Bump(by int) int { t.count++; return by * 2 }
