//line $CASE/src/target/s.go:1:1
package target;import _ "unsafe";

import "strings"

type server struct{ name string }

func (s server) handle(path string) (code int) { { var __gotel_c __gotel_ctx; defer __gotel_a1(&__gotel_c, &code); if __gotel_b1(&__gotel_c, &s, &path) { return }; };
	if strings.HasPrefix(path, "/ok") {
		return 200
	}
	return 404
}

// Serve calls the unexported methods the rules target.
func Serve(name, path string) int { return server{name}.handle(path) + count() - 1 }

//line $OUT/s.go:19

// gotel: rule golden/handle around handle.

//go:linkname __gotel_hb1 golden/hooks.HandleBefore
//go:noescape
func __gotel_hb1(__c *__gotel_ctx, __p0 interface{}, __p1 *string)

func __gotel_b1(__c *__gotel_ctx, __p0 *server, __p1 *string) bool {
	defer __gotel_rec(__c, "golden/handle.Before")
	__c.flags |= 4
	__gotel_hb1(__c, *__p0, __p1)
	__c.flags &^= 4
	return __c.flags&1 != 0
}

//go:linkname __gotel_ha1 golden/hooks.HandleAfter
//go:noescape
func __gotel_ha1(__c *__gotel_ctx, __p0 *int)

func __gotel_a1(__c *__gotel_ctx, __p0 *int) {
	if __v, __ok := __gotel_peek(); __ok {
		__c.panicV = __v
		__c.flags |= 2
	}
	defer __gotel_rec(__c, "golden/handle.After")
	__c.flags |= 4
	__gotel_ha1(__c, __p0)
	__c.flags &^= 4
}
