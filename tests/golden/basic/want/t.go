//line $CASE/src/target/t.go:1:1
package target;import _ "unsafe";

import "fmt"

type T struct{ n int }

func (t *T) Add(x int, __gotel_p1/*line $CASE/src/target/t.go:7:25*/ string) (__gotel_r0 /*line $CASE/src/target/t.go:7:35*/int, __gotel_r1 /*line $CASE/src/target/t.go:7:40*/error) { if __gotel_on_golden { var __gotel_c __gotel_ctx; defer __gotel_a0(&__gotel_c, &__gotel_r0, &__gotel_r1); if __gotel_b0(&__gotel_c, &t, &x, &__gotel_p1) { return }; };
	if x < 0 {
		panic(fmt.Sprintf("negative %d", x))
	}
	t.n += x
	return t.n, nil
}

// Name has an unnamed value receiver, an unnamed parameter and a bare result.
func (__gotel_recv /*line $CASE/src/target/t.go:16:7*/T) Name(__gotel_p0 /*line $CASE/src/target/t.go:16:15*/int) (__gotel_r0 /*line $CASE/src/target/t.go:16:20*/string)/*line $CASE/src/target/t.go:16:26*/ { if __gotel_on_golden { var __gotel_c __gotel_ctx; defer __gotel_a1(&__gotel_c, &__gotel_r0); if __gotel_b1(&__gotel_c, &__gotel_recv, &__gotel_p0) { return }; };/*line $CASE/src/target/t.go:16:28*/ return "T" }

//line $OUT/t.go:20

// gotel: rule golden/add around Add.

//go:linkname __gotel_hb0 golden/hooks.AddBefore
//go:noescape
func __gotel_hb0(__c *__gotel_ctx, __p0 *T, __p1 *int, __p2 string)

func __gotel_b0(__c *__gotel_ctx, __p0 **T, __p1 *int, __p2 *string) bool {
	defer __gotel_rec(__c, "golden/add.Before")
	__c.flags |= 4
	__gotel_hb0(__c, *__p0, __p1, *__p2)
	__c.flags &^= 4
	return __c.flags&1 != 0
}

//go:linkname __gotel_ha0 golden/hooks.AddAfter
//go:noescape
func __gotel_ha0(__c *__gotel_ctx, __p0 *int, __p1 error)

func __gotel_a0(__c *__gotel_ctx, __p0 *int, __p1 *error) {
	if __v, __ok := __gotel_peek(); __ok {
		__c.panicV = __v
		__c.flags |= 2
	}
	defer __gotel_rec(__c, "golden/add.After")
	__c.flags |= 4
	__gotel_ha0(__c, __p0, *__p1)
	__c.flags &^= 4
}

// gotel: rule golden/name around Name.

//go:linkname __gotel_hb1 golden/hooks.NameBefore
//go:noescape
func __gotel_hb1(__c *__gotel_ctx, __p0 T, __p1 int)

func __gotel_b1(__c *__gotel_ctx, __p0 *T, __p1 *int) bool {
	defer __gotel_rec(__c, "golden/name.Before")
	__c.flags |= 4
	__gotel_hb1(__c, *__p0, *__p1)
	__c.flags &^= 4
	return __c.flags&1 != 0
}

//go:linkname __gotel_ha1 golden/hooks.NameAfter
//go:noescape
func __gotel_ha1(__c *__gotel_ctx, __p0 *string)

func __gotel_a1(__c *__gotel_ctx, __p0 *string) {
	if __v, __ok := __gotel_peek(); __ok {
		__c.panicV = __v
		__c.flags |= 2
	}
	defer __gotel_rec(__c, "golden/name.After")
	__c.flags |= 4
	__gotel_ha1(__c, __p0)
	__c.flags &^= 4
}
