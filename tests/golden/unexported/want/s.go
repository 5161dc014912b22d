//line $CASE/src/target/s.go:1:1
package target;import _ "unsafe";

import "strings"

type server struct{ name string }

func (s server) handle(path string) (code int) { { var __gotel_c __gotel_ctx; defer __gotel_a0(&__gotel_c, &code); if __gotel_b0(&__gotel_c, &s, &path) { return }; };
	if strings.HasPrefix(path, "/ok") {
		return 200
	}
	return 404
}

func count() (__gotel_r0 /*line $CASE/src/target/s.go:14:14*/int)/*line $CASE/src/target/s.go:14:17*/ { if __gotel_on_other { var __gotel_c __gotel_ctx; defer __gotel_a1(&__gotel_c, &__gotel_r0); };/*line $CASE/src/target/s.go:14:19*/ return 1 }

// Serve calls the unexported methods the rules target.
func Serve(name, path string) int { return server{name}.handle(path) + count() - 1 }

//line $OUT/s.go:21

// gotel: rule golden/handle around handle.

//go:linkname __gotel_hb0 golden/hooks.HandleBefore
//go:noescape
func __gotel_hb0(__c *__gotel_ctx, __p0 interface{}, __p1 *string)

func __gotel_b0(__c *__gotel_ctx, __p0 *server, __p1 *string) bool {
	defer __gotel_rec(__c, "golden/handle.Before")
	__c.flags |= 4
	__gotel_hb0(__c, *__p0, __p1)
	__c.flags &^= 4
	return __c.flags&1 != 0
}

//go:linkname __gotel_ha0 golden/hooks.HandleAfter
//go:noescape
func __gotel_ha0(__c *__gotel_ctx, __p0 *int)

func __gotel_a0(__c *__gotel_ctx, __p0 *int) {
	if __v, __ok := __gotel_peek(); __ok {
		__c.panicV = __v
		__c.flags |= 2
	}
	defer __gotel_rec(__c, "golden/handle.After")
	__c.flags |= 4
	__gotel_ha0(__c, __p0)
	__c.flags &^= 4
}

// gotel: rule other/count around count.

//go:linkname __gotel_ha1 golden/hooks.CountAfter
//go:noescape
func __gotel_ha1(__c *__gotel_ctx, __p0 *int)

func __gotel_a1(__c *__gotel_ctx, __p0 *int) {
	if __v, __ok := __gotel_peek(); __ok {
		__c.panicV = __v
		__c.flags |= 2
	}
	defer __gotel_rec(__c, "other/count.After")
	__c.flags |= 4
	__gotel_ha1(__c, __p0)
	__c.flags &^= 4
}
