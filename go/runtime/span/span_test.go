package span

import (
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"

	"gotel.dev/runtime/instr/instrtest"
)

// The attributes a span keeps must not share bytes with the parameters
// they came from: those may live on a caller's stack.
func TestOwnStrings(t *testing.T) {
	id := strings.Repeat("x", 3)
	name := "name-" + id
	attrs := []attribute.KeyValue{
		value("order.id", id),
		value("n", 3),
		value("empty", ""),
		value("name", name),
	}
	ownStrings(attrs)
	want := map[attribute.Key]string{"order.id": id, "empty": "", "name": name}
	for _, a := range attrs {
		w, ok := want[a.Key]
		if !ok {
			if a.Value.Type() == attribute.STRING {
				t.Errorf("%s became a string", a.Key)
			}
			continue
		}
		got := a.Value.AsString()
		if got != w {
			t.Errorf("%s = %q, want %q", a.Key, got, w)
		}
		if instrtest.SharesBytes(got, w) {
			t.Errorf("%s shares the parameter's bytes", a.Key)
		}
	}
	if n := testing.AllocsPerRun(100, func() {
		a := [...]attribute.KeyValue{attribute.String("a", id), attribute.Int("b", 1), attribute.String("c", name)}
		ownStrings(a[:])
	}); n != 1 {
		t.Errorf("ownStrings allocates %v times, want once", n)
	}
}
