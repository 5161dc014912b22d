package hook

import (
	"errors"
	"strings"
	"testing"
)

type panickingError struct{ calls *int }

func (e panickingError) Error() string { *e.calls++; panic("Error panics too") }

type panickingStringer struct{ calls *int }

func (s panickingStringer) String() string { *s.calls++; panic(errors.New("String panics too")) }

// A panic value whose own Error or String method panics is described
// without that method's panic escaping recoverHook (which would crash the
// program), with the method called once, and reported once per rule.
func TestRecoverHookSurvivesPanickingDescriptions(t *testing.T) {
	var out strings.Builder
	saved := stderr
	stderr = &out
	t.Cleanup(func() { stderr = saved })

	for _, tc := range []struct {
		rule  string
		value func(calls *int) any
		want  string
	}{
		{"test/panicking-error", func(c *int) any { return panickingError{c} }, "a value whose Error method panicked as well"},
		{"test/panicking-stringer", func(c *int) any { return panickingStringer{c} }, "a value whose String method panicked as well"},
	} {
		out.Reset()
		calls := 0
		for range 2 {
			var c Context
			func() {
				defer recoverHook(&c, tc.rule)
				c.flags |= flagInHook
				panic(tc.value(&calls))
			}()
		}
		want := "gotel: hook " + tc.rule + " panicked: " + tc.want + " (the program goes on; further panics of this hook are not reported)\n"
		if out.String() != want {
			t.Errorf("%s: stderr = %q, want %q", tc.rule, out.String(), want)
		}
		if calls != 1 {
			t.Errorf("%s: the panicking method ran %d times for two panics, want once (the second is not reported)", tc.rule, calls)
		}
	}
}
