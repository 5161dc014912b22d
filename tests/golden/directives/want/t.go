//line $CASE/src/target/t.go:1:1
package target;import _ "unsafe";

import "fmt"

//line templates/page.tmpl:100
func Render(__gotel_p0/*line templates/page.tmpl:100*/ string, n int) (__gotel_r0 /*line templates/page.tmpl:100*/string, __gotel_r1 /*line templates/page.tmpl:100*/error) { if __gotel_on_golden { var __gotel_c __gotel_ctx; defer __gotel_a0(&__gotel_c, &__gotel_r0, &__gotel_r1); if __gotel_b0(&__gotel_c, &__gotel_p0, &n) { return }; };
	if n < 0 {
		panic(fmt.Sprint("negative ", n))
	}
	return fmt.Sprint(n), nil
}

//line templates/other.tmpl:7:5
func Two(n int) (__gotel_r0 /*line templates/other.tmpl:7:21*/int)/*line templates/other.tmpl:7:24*/ { if __gotel_on_golden { var __gotel_c __gotel_ctx; if __gotel_b1(&__gotel_c, &n) { return }; };/*line templates/other.tmpl:7:26*/ if n == 2 { panic("two") }; return n }

//line $OUT/t.go:18

// gotel: rule golden/render around Render.

//go:linkname __gotel_hb0 golden/hooks.RenderBefore
//go:noescape
func __gotel_hb0(__c *__gotel_ctx, __p0 string, __p1 int)

func __gotel_b0(__c *__gotel_ctx, __p0 *string, __p1 *int) bool {
	defer __gotel_rec(__c, "golden/render.Before")
	__c.flags |= 4
	__gotel_hb0(__c, *__p0, *__p1)
	__c.flags &^= 4
	return __c.flags&1 != 0
}

//go:linkname __gotel_ha0 golden/hooks.RenderAfter
//go:noescape
func __gotel_ha0(__c *__gotel_ctx, __p0 string, __p1 error)

func __gotel_a0(__c *__gotel_ctx, __p0 *string, __p1 *error) {
	if __v, __ok := __gotel_peek(); __ok {
		__c.panicV = __v
		__c.flags |= 2
	}
	defer __gotel_rec(__c, "golden/render.After")
	__c.flags |= 4
	__gotel_ha0(__c, *__p0, *__p1)
	__c.flags &^= 4
}

// gotel: rule golden/two around Two.

//go:linkname __gotel_hb1 golden/hooks.TwoBefore
//go:noescape
func __gotel_hb1(__c *__gotel_ctx, __p0 int)

func __gotel_b1(__c *__gotel_ctx, __p0 *int) bool {
	defer __gotel_rec(__c, "golden/two.Before")
	__c.flags |= 4
	__gotel_hb1(__c, *__p0)
	__c.flags &^= 4
	return __c.flags&1 != 0
}
