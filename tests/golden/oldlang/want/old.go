//line $CASE/src/target/old.go:1:1
package target;import _ "unsafe";

import "fmt"

func Old(v interface{}, n int) (__gotel_r0 /*line $CASE/src/target/old.go:5:32*/string)/*line $CASE/src/target/old.go:5:38*/ { if __gotel_on_golden { var __gotel_c __gotel_ctx; defer __gotel_a0(&__gotel_c, &__gotel_r0); if __gotel_b0(&__gotel_c, &v, &n) { return }; };/*line $CASE/src/target/old.go:5:40*/ return fmt.Sprint(v, n) }

//line $OUT/old.go:9

// gotel: rule golden/old around Old.

//go:linkname __gotel_hb0 golden/hooks.Before
//go:noescape
func __gotel_hb0(__c *__gotel_ctx, __p0 interface{}, __p1 __gotel_uptr)

func __gotel_b0(__c *__gotel_ctx, __p0 *interface{}, __p1 *int) bool {
	defer __gotel_rec(__c, "golden/old.Before")
	__c.flags |= 4
	__gotel_hb0(__c, *__p0, __gotel_uptr(__p1))
	__c.flags &^= 4
	return __c.flags&1 != 0
}

//go:linkname __gotel_ha0 golden/hooks.After
//go:noescape
func __gotel_ha0(__c *__gotel_ctx, __p0 *string)

func __gotel_a0(__c *__gotel_ctx, __p0 *string) {
	if __v, __ok := __gotel_peek(); __ok {
		__c.panicV = __v
		__c.flags |= 2
	}
	defer __gotel_rec(__c, "golden/old.After")
	__c.flags |= 4
	__gotel_ha0(__c, __p0)
	__c.flags &^= 4
}
