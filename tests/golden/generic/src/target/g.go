package target

type number interface{ ~int | ~float64 }

func Sum[N number](xs ...N) N {
	var s N
	for _, x := range xs {
		s += x
	}
	return s
}

type List[T any] struct{ items []T }

func (l *List[T]) Push(v T) int {
	if len(l.items) == 2 {
		panic("list full")
	}
	l.items = append(l.items, v)
	return len(l.items)
}

func (l List[T]) Len() int { return len(l.items) }

func Pair[K comparable, V any](k K, v V) map[K]V { return map[K]V{k: v} }

// Cap does not name its receiver's type parameter.
func (l *List[_]) Cap() int { return cap(l.items) }
