//line $CASE/files/local.go.txt:1:1
package target

// gotelBump adds every Bump's argument to the field gotel appends to T.
func gotelBump(t *T, by int) {
	t.gotel_calls += by
	u.gotel_seen = true
}

var u U
