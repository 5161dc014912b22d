//line $CASE/src/target/t.go:1:1
package target;import _ "unsafe";

// T is extended with a field.
type T struct {
	Name string // its name

	count int
gotel_calls int; /*line $CASE/src/target/t.go:8:1*/}

type U struct{ A int ; gotel_seen bool; /*line $CASE/src/target/t.go:10:22*/}

type E struct{gotel_n int; /*line $CASE/src/target/t.go:12:15*/}

func (t *T) Bump(by int) (__gotel_r0 /*line $CASE/src/target/t.go:14:26*/int)/*line $CASE/src/target/t.go:14:29*/ { gotelBump(t, by);/*line $CASE/src/target/t.go:14:31*/ t.count++; return by * 2 }

//line $OUT/t.go:18
