//line $CASE/src/target/p.go:1:1
package target;import _ "unsafe";

import (
	"errors"
	"fmt"
)

// Boom panics when n is odd, from a nested call.
func Boom(n int) (__gotel_r0 /*line $CASE/src/target/p.go:9:19*/string, __gotel_r1 /*line $CASE/src/target/p.go:9:27*/error) { if __gotel_on_golden { var __gotel_c __gotel_ctx; defer __gotel_a0(&__gotel_c, &__gotel_r0, &__gotel_r1); if __gotel_b0(&__gotel_c, &n) { return }; };
	if n%2 == 1 {
		explode(n)
	}
	return fmt.Sprint("even ", n), nil
}

func explode(n int) { panic(fmt.Errorf("boom %d: %w", n, errors.ErrUnsupported)) }

// Safe recovers its own panic: After must not see one.
func Safe(n int) (res string, err error) { if __gotel_on_golden { var __gotel_c __gotel_ctx; defer __gotel_a1(&__gotel_c, &res, &err); if __gotel_b1(&__gotel_c, &n) { return }; };
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	_, err = Boom(n)
	return "safe", err
}

//line $OUT/p.go:31

// gotel: rule golden/boom around Boom.

//go:linkname __gotel_hb0 golden/hooks.Before
//go:noescape
func __gotel_hb0(__c *__gotel_ctx, __p0 int)

func __gotel_b0(__c *__gotel_ctx, __p0 *int) bool {
	defer __gotel_rec(__c, "golden/boom.Before")
	__c.flags |= 4
	__gotel_hb0(__c, *__p0)
	__c.flags &^= 4
	return __c.flags&1 != 0
}

//go:linkname __gotel_ha0 golden/hooks.After
//go:noescape
func __gotel_ha0(__c *__gotel_ctx, __p0 string, __p1 error)

func __gotel_a0(__c *__gotel_ctx, __p0 *string, __p1 *error) {
	if __v, __ok := __gotel_peek(); __ok {
		__c.panicV = __v
		__c.flags |= 2
	}
	defer __gotel_rec(__c, "golden/boom.After")
	__c.flags |= 4
	__gotel_ha0(__c, *__p0, *__p1)
	__c.flags &^= 4
}

// gotel: rule golden/safe around Safe.

//go:linkname __gotel_hb1 golden/hooks.Before
//go:noescape
func __gotel_hb1(__c *__gotel_ctx, __p0 int)

func __gotel_b1(__c *__gotel_ctx, __p0 *int) bool {
	defer __gotel_rec(__c, "golden/safe.Before")
	__c.flags |= 4
	__gotel_hb1(__c, *__p0)
	__c.flags &^= 4
	return __c.flags&1 != 0
}

//go:linkname __gotel_ha1 golden/hooks.After
//go:noescape
func __gotel_ha1(__c *__gotel_ctx, __p0 string, __p1 error)

func __gotel_a1(__c *__gotel_ctx, __p0 *string, __p1 *error) {
	if __v, __ok := __gotel_peek(); __ok {
		__c.panicV = __v
		__c.flags |= 2
	}
	defer __gotel_rec(__c, "golden/safe.After")
	__c.flags |= 4
	__gotel_ha1(__c, *__p0, *__p1)
	__c.flags &^= 4
}
