//line $CASE/src/target/j.go:1:1
package target;import _ "unsafe";

import "strings"

func Join(sep string, parts ...string) (__gotel_r0 /*line $CASE/src/target/j.go:5:40*/string)/*line $CASE/src/target/j.go:5:46*/ { if __gotel_on_golden { var __gotel_c __gotel_ctx; defer __gotel_a0(&__gotel_c, &__gotel_r0); if __gotel_b0(&__gotel_c, &sep, &parts) { return }; }; if __gotel_on_second { var __gotel_c __gotel_ctx; defer __gotel_a1(&__gotel_c, &__gotel_r0); };/*line $CASE/src/target/j.go:5:48*/ return strings.Join(parts, sep) }

//line $OUT/j.go:9

// gotel: rule golden/join around Join.

//go:linkname __gotel_hb0 golden/hooks.JoinBefore
//go:noescape
func __gotel_hb0(__c *__gotel_ctx, __p0 *string, __p1 []string)

func __gotel_b0(__c *__gotel_ctx, __p0 *string, __p1 *[]string) bool {
	defer __gotel_rec(__c, "golden/join.Before")
	__c.flags |= 4
	__gotel_hb0(__c, __p0, *__p1)
	__c.flags &^= 4
	return __c.flags&1 != 0
}

//go:linkname __gotel_ha0 golden/hooks.JoinAfter
//go:noescape
func __gotel_ha0(__c *__gotel_ctx, __p0 string)

func __gotel_a0(__c *__gotel_ctx, __p0 *string) {
	if __v, __ok := __gotel_peek(); __ok {
		__c.panicV = __v
		__c.flags |= 2
	}
	defer __gotel_rec(__c, "golden/join.After")
	__c.flags |= 4
	__gotel_ha0(__c, *__p0)
	__c.flags &^= 4
}

// gotel: rule second/join around Join.

//go:linkname __gotel_ha1 golden/hooks.SecondAfter
//go:noescape
func __gotel_ha1(__c *__gotel_ctx, __p0 *string)

func __gotel_a1(__c *__gotel_ctx, __p0 *string) {
	if __v, __ok := __gotel_peek(); __ok {
		__c.panicV = __v
		__c.flags |= 2
	}
	defer __gotel_rec(__c, "second/join.After")
	__c.flags |= 4
	__gotel_ha1(__c, __p0)
	__c.flags &^= 4
}
