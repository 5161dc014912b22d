//line $CASE/src/target/count.go:1:1
package target;import _ "unsafe";

// count is in a second file: both files are woven, one generated file.
func count() (__gotel_r0 /*line $CASE/src/target/count.go:4:14*/int)/*line $CASE/src/target/count.go:4:17*/ { if __gotel_on_other { var __gotel_c __gotel_ctx; defer __gotel_a0(&__gotel_c, &__gotel_r0); };/*line $CASE/src/target/count.go:4:19*/ return 1 }

//line $OUT/count.go:8

// gotel: rule other/count around count.

//go:linkname __gotel_ha0 golden/hooks.CountAfter
//go:noescape
func __gotel_ha0(__c *__gotel_ctx, __p0 *int)

func __gotel_a0(__c *__gotel_ctx, __p0 *int) {
	if __v, __ok := __gotel_peek(); __ok {
		__c.panicV = __v
		__c.flags |= 2
	}
	defer __gotel_rec(__c, "other/count.After")
	__c.flags |= 4
	__gotel_ha0(__c, __p0)
	__c.flags &^= 4
}
