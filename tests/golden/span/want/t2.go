//line $CASE/src/target/t2.go:1:1
package target;import _ "unsafe";

// Twice is in a second file of the package: the directive's declarations
// exist once per package, not once per file.
//
//gotel:span attrs=n
func Twice(n int) (__gotel_r0 /*line $CASE/src/target/t2.go:7:19*/int)/*line $CASE/src/target/t2.go:7:22*/ { if __gotel_on_span { var __gotel_sp [3]__gotel_uptr; __gotel_spanStart(__gotel_uptr(&__gotel_sp), "target.Twice", nil, "n", n); defer __gotel_spanEnd(__gotel_uptr(&__gotel_sp), nil) };/*line $CASE/src/target/t2.go:7:24*/ return 2 * n }

//line $OUT/t2.go:11
