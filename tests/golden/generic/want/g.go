//line $CASE/src/target/g.go:1:1
package target;import _ "unsafe";

type number interface{ ~int | ~float64 }

func Sum[N number](xs ...N) (__gotel_r0 /*line $CASE/src/target/g.go:5:29*/N)/*line $CASE/src/target/g.go:5:30*/ { if __gotel_on_golden { var __gotel_c __gotel_ctx; defer __gotel_a0[N](&__gotel_c, &__gotel_r0); if __gotel_b0[N](&__gotel_c, &xs) { return }; };
	var s N
	for _, x := range xs {
		s += x
	}
	return s
}

type List[T any] struct{ items []T }

func (l *List[T]) Push(v T) (__gotel_r0 /*line $CASE/src/target/g.go:15:29*/int)/*line $CASE/src/target/g.go:15:32*/ { if __gotel_on_golden { var __gotel_c __gotel_ctx; defer (*List[T]).__gotel_a1(nil, &__gotel_c, &__gotel_r0); if (*List[T]).__gotel_b1(nil, &__gotel_c, &l, &v) { return }; };
	if len(l.items) == 2 {
		panic("list full")
	}
	l.items = append(l.items, v)
	return len(l.items)
}

func (l List[T]) Len() (__gotel_r0 /*line $CASE/src/target/g.go:23:24*/int)/*line $CASE/src/target/g.go:23:27*/ { if __gotel_on_golden { var __gotel_c __gotel_ctx; if (*List[T]).__gotel_b3(nil, &__gotel_c, &l) { return }; };/*line $CASE/src/target/g.go:23:29*/ return len(l.items) }

func Pair[K comparable, V any](k K, v V) (__gotel_r0 /*line $CASE/src/target/g.go:25:42*/map[K]V)/*line $CASE/src/target/g.go:25:49*/ { if __gotel_on_golden { var __gotel_c __gotel_ctx; defer __gotel_a2[K, V](&__gotel_c, &__gotel_r0); if __gotel_b2[K, V](&__gotel_c, &k, &v) { return }; };/*line $CASE/src/target/g.go:25:51*/ return map[K]V{k: v} }

// Cap does not name its receiver's type parameter.
func (l *List[__gotel_t0/*line $CASE/src/target/g.go:28:16*/]) Cap() (__gotel_r0 /*line $CASE/src/target/g.go:28:25*/int)/*line $CASE/src/target/g.go:28:28*/ { if __gotel_on_golden { var __gotel_c __gotel_ctx; defer (*List[__gotel_t0]).__gotel_a4(nil, &__gotel_c, &__gotel_r0); if (*List[__gotel_t0]).__gotel_b4(nil, &__gotel_c, &l) { return }; };/*line $CASE/src/target/g.go:28:30*/ return cap(l.items) }

//line $OUT/g.go:32

// gotel: rule golden/sum around Sum.

//go:linkname __gotel_hb0 golden/hooks.SumBefore
//go:noescape
func __gotel_hb0(__c *__gotel_ctx, __p0 interface{})

func __gotel_b0[N number](__c *__gotel_ctx, __p0 *[]N) bool {
	defer __gotel_rec(__c, "golden/sum.Before")
	__c.flags |= 4
	__gotel_hb0(__c, *__p0)
	__c.flags &^= 4
	return __c.flags&1 != 0
}

//go:linkname __gotel_ha0 golden/hooks.SumAfter
//go:noescape
func __gotel_ha0(__c *__gotel_ctx, __p0 __gotel_uptr)

func __gotel_a0[N number](__c *__gotel_ctx, __p0 *N) {
	if __v, __ok := __gotel_peek(); __ok {
		__c.panicV = __v
		__c.flags |= 2
	}
	defer __gotel_rec(__c, "golden/sum.After")
	__c.flags |= 4
	__gotel_ha0(__c, __gotel_uptr(__p0))
	__c.flags &^= 4
}

// gotel: rule golden/push around Push.

//go:linkname __gotel_hb1 golden/hooks.PushBefore
//go:noescape
func __gotel_hb1(__c *__gotel_ctx, __p0 interface{}, __p1 __gotel_uptr)

func (*List[T]) __gotel_b1(__c *__gotel_ctx, __p0 **List[T], __p1 *T) bool {
	defer __gotel_rec(__c, "golden/push.Before")
	__c.flags |= 4
	__gotel_hb1(__c, *__p0, __gotel_uptr(__p1))
	__c.flags &^= 4
	return __c.flags&1 != 0
}

//go:linkname __gotel_ha1 golden/hooks.PushAfter
//go:noescape
func __gotel_ha1(__c *__gotel_ctx, __p0 *int)

func (*List[T]) __gotel_a1(__c *__gotel_ctx, __p0 *int) {
	if __v, __ok := __gotel_peek(); __ok {
		__c.panicV = __v
		__c.flags |= 2
	}
	defer __gotel_rec(__c, "golden/push.After")
	__c.flags |= 4
	__gotel_ha1(__c, __p0)
	__c.flags &^= 4
}

// gotel: rule golden/pair around Pair.

//go:linkname __gotel_hb2 golden/hooks.PairBefore
//go:noescape
func __gotel_hb2(__c *__gotel_ctx, __p0 interface{}, __p1 interface{})

func __gotel_b2[K comparable, V any](__c *__gotel_ctx, __p0 *K, __p1 *V) bool {
	defer __gotel_rec(__c, "golden/pair.Before")
	__c.flags |= 4
	__gotel_hb2(__c, *__p0, *__p1)
	__c.flags &^= 4
	return __c.flags&1 != 0
}

//go:linkname __gotel_ha2 golden/hooks.PairAfter
//go:noescape
func __gotel_ha2(__c *__gotel_ctx, __p0 interface{})

func __gotel_a2[K comparable, V any](__c *__gotel_ctx, __p0 *map[K]V) {
	if __v, __ok := __gotel_peek(); __ok {
		__c.panicV = __v
		__c.flags |= 2
	}
	defer __gotel_rec(__c, "golden/pair.After")
	__c.flags |= 4
	__gotel_ha2(__c, *__p0)
	__c.flags &^= 4
}

// gotel: rule golden/len around Len.

//go:linkname __gotel_hb3 golden/hooks.LenBefore
//go:noescape
func __gotel_hb3(__c *__gotel_ctx, __p0 interface{})

func (*List[T]) __gotel_b3(__c *__gotel_ctx, __p0 *List[T]) bool {
	defer __gotel_rec(__c, "golden/len.Before")
	__c.flags |= 4
	__gotel_hb3(__c, *__p0)
	__c.flags &^= 4
	return __c.flags&1 != 0
}

// gotel: rule golden/cap around Cap.

//go:linkname __gotel_hb4 golden/hooks.CapBefore
//go:noescape
func __gotel_hb4(__c *__gotel_ctx, __p0 interface{})

func (*List[__gotel_t0]) __gotel_b4(__c *__gotel_ctx, __p0 **List[__gotel_t0]) bool {
	defer __gotel_rec(__c, "golden/cap.Before")
	__c.flags |= 4
	__gotel_hb4(__c, *__p0)
	__c.flags &^= 4
	return __c.flags&1 != 0
}

//go:linkname __gotel_ha4 golden/hooks.CapAfter
//go:noescape
func __gotel_ha4(__c *__gotel_ctx, __p0 *int)

func (*List[__gotel_t0]) __gotel_a4(__c *__gotel_ctx, __p0 *int) {
	if __v, __ok := __gotel_peek(); __ok {
		__c.panicV = __v
		__c.flags |= 2
	}
	defer __gotel_rec(__c, "golden/cap.After")
	__c.flags |= 4
	__gotel_ha4(__c, __p0)
	__c.flags &^= 4
}
