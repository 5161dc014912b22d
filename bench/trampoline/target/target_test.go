package target

import "testing"

var sink int

// BenchmarkEmpty measures one call of Empty. Run it plain (`go test`), woven
// with no-op hooks (`gotel go test` with GOTEL_EXTRA_MODULES pointing at
// ../hooks) and woven but switched off (OTEL_GO_DISABLED_INSTRUMENTATIONS).
func BenchmarkEmpty(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sink = Empty(i)
	}
}
