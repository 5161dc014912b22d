package rtmetrics

import (
	"context"
	"runtime"
	"runtime/debug"
	"sort"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/semconv/v1.43.0/goconv"
)

// conv is what the semantic conventions (as generated in the otel module,
// semconv v1.43.0) say about each metric.
type conv interface {
	Name() string
	Unit() string
	Description() string
}

func collect(t *testing.T, r *sdkmetric.ManualReader) map[string]metricdata.Metrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	got := map[string]metricdata.Metrics{}
	for _, sm := range rm.ScopeMetrics {
		if sm.Scope.Name != ScopeName {
			t.Errorf("scope %q", sm.Scope.Name)
		}
		for _, m := range sm.Metrics {
			got[m.Name] = m
		}
	}
	return got
}

// sumPoints returns the points of an int64 sum by attribute value (the
// empty string when the point has none) and whether the sum is monotonic.
func sumPoints(t *testing.T, m metricdata.Metrics) (map[string]int64, bool) {
	t.Helper()
	s, ok := m.Data.(metricdata.Sum[int64])
	if !ok {
		t.Fatalf("%s: data %T, want Sum[int64]", m.Name, m.Data)
	}
	pts := map[string]int64{}
	for _, p := range s.DataPoints {
		key := ""
		if kv := p.Attributes.ToSlice(); len(kv) == 1 {
			key = string(kv[0].Key) + "=" + kv[0].Value.AsString()
		} else if len(kv) > 1 {
			t.Errorf("%s: attributes %v", m.Name, kv)
		}
		pts[key] = p.Value
	}
	return pts, s.IsMonotonic
}

func TestRuntimeMetrics(t *testing.T) {
	// Known settings, so that the values can be checked exactly.
	defer debug.SetGCPercent(debug.SetGCPercent(73))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(1 << 40))

	r := sdkmetric.NewManualReader(sdkmetric.WithProducer(NewProducer(metricdata.CumulativeTemporality)))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(r))
	defer mp.Shutdown(context.Background())
	if err := Register(mp); err != nil {
		t.Fatal(err)
	}

	// Twenty goroutines parked until the collection is done.
	release := make(chan struct{})
	parked := make(chan struct{})
	for range 20 {
		go func() { parked <- struct{}{}; <-release }()
		<-parked
	}
	defer close(release)
	runtime.GC() // at least one cycle and one GC pause

	got := collect(t, r)
	for _, c := range []conv{goconv.MemoryUsed{}, goconv.MemoryLimit{}, goconv.MemoryAllocated{}, goconv.MemoryAllocations{},
		goconv.MemoryGCGoal{}, goconv.MemoryGCCycles{}, goconv.GoroutineCount{}, goconv.ProcessorLimit{},
		goconv.ScheduleDuration{}, goconv.MemoryGCPauseDuration{}, goconv.ConfigGogc{}, goconv.CPUTime{}} {
		m, ok := got[c.Name()]
		if !ok {
			t.Errorf("%s not exported", c.Name())
			continue
		}
		if m.Unit != c.Unit() || m.Description != c.Description() {
			t.Errorf("%s: unit %q description %q, want %q %q", c.Name(), m.Unit, m.Description, c.Unit(), c.Description())
		}
	}
	if len(got) != 12 {
		t.Errorf("%d metrics exported, want 12", len(got))
	}

	// UpDownCounters (not monotonic) and Counters, with their values.
	check := func(name string, monotonic bool, ok func(map[string]int64) bool) {
		t.Helper()
		pts, mono := sumPoints(t, got[name])
		if mono != monotonic || !ok(pts) {
			t.Errorf("%s: monotonic %v points %v", name, mono, pts)
		}
	}
	check("go.memory.used", false, func(p map[string]int64) bool {
		return len(p) == 2 && p["go.memory.type=stack"] > 0 && p["go.memory.type=other"] > p["go.memory.type=stack"]
	})
	check("go.memory.limit", false, func(p map[string]int64) bool { return len(p) == 1 && p[""] == 1<<40 })
	check("go.config.gogc", false, func(p map[string]int64) bool { return len(p) == 1 && p[""] == 73 })
	check("go.processor.limit", false, func(p map[string]int64) bool { return p[""] == int64(runtime.GOMAXPROCS(0)) })
	check("go.goroutine.count", false, func(p map[string]int64) bool { return p[""] >= 21 })
	check("go.memory.gc.goal", false, func(p map[string]int64) bool { return p[""] > 0 })
	check("go.memory.allocated", true, func(p map[string]int64) bool { return p[""] > 0 })
	check("go.memory.allocations", true, func(p map[string]int64) bool { return p[""] > 0 })
	check("go.memory.gc.cycles", true, func(p map[string]int64) bool { return p[""] >= 1 })

	cpu, ok := got["go.cpu.time"].Data.(metricdata.Sum[float64])
	if !ok || !cpu.IsMonotonic {
		t.Fatalf("go.cpu.time: %#v", got["go.cpu.time"].Data)
	}
	var states []string
	for _, p := range cpu.DataPoints {
		v, _ := p.Attributes.Value(attribute.Key("go.cpu.state"))
		states = append(states, v.AsString())
		if p.Value < 0 {
			t.Errorf("go.cpu.time %s = %v", v.AsString(), p.Value)
		}
	}
	sort.Strings(states)
	if len(states) != 4 || states[0] != "gc" || states[1] != "idle" || states[2] != "scavenge" || states[3] != "user" {
		t.Errorf("go.cpu.time states %v", states)
	}

	for _, name := range []string{"go.schedule.duration", "go.memory.gc.pause.duration"} {
		h, ok := got[name].Data.(metricdata.Histogram[float64])
		if !ok || len(h.DataPoints) != 1 || h.Temporality != metricdata.CumulativeTemporality {
			t.Fatalf("%s: %#v", name, got[name].Data)
		}
		p := h.DataPoints[0]
		var n uint64
		for _, c := range p.BucketCounts {
			n += c
		}
		if p.Count == 0 || n != p.Count || len(p.BucketCounts) != len(p.Bounds)+1 || !sort.Float64sAreSorted(p.Bounds) || p.Sum <= 0 {
			t.Errorf("%s: count %d (buckets %d), %d bounds, %d buckets, sum %v", name, p.Count, n, len(p.Bounds), len(p.BucketCounts), p.Sum)
		}
	}
}

// With delta temporality each collection reports only what happened since
// the previous one, and its interval starts where the previous ended.
func TestProducerDelta(t *testing.T) {
	p := NewProducer(metricdata.DeltaTemporality)
	pause := func() metricdata.HistogramDataPoint[float64] {
		sms, err := p.Produce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range sms[0].Metrics {
			if m.Name == "go.memory.gc.pause.duration" {
				h := m.Data.(metricdata.Histogram[float64])
				if h.Temporality != metricdata.DeltaTemporality {
					t.Errorf("temporality %v", h.Temporality)
				}
				return h.DataPoints[0]
			}
		}
		t.Fatal("go.memory.gc.pause.duration not produced")
		return metricdata.HistogramDataPoint[float64]{}
	}
	runtime.GC()
	first := pause()
	runtime.GC() // stops the world at least twice
	second := pause()
	if first.Count < 2 || second.Count < 2 || !second.StartTime.Equal(first.Time) {
		t.Errorf("first %d [%v,%v], second %d [%v,%v]", first.Count, first.StartTime, first.Time, second.Count, second.StartTime, second.Time)
	}
	third := pause() // no GC since: nothing new (unless a GC ran on its own)
	if third.Count >= second.Count+first.Count {
		t.Errorf("third collection counts %d: not a delta", third.Count)
	}
}

func TestSwitch(t *testing.T) {
	for _, tc := range []struct {
		enabled, disabled string
		want              bool
	}{
		{"", "", true},
		{"", "nethttp, runtime_metrics", false},
		{"nethttp", "", false},
		{"Runtime_Metrics,nethttp", "", true},
	} {
		t.Setenv("OTEL_GO_ENABLED_INSTRUMENTATIONS", tc.enabled)
		t.Setenv("OTEL_GO_DISABLED_INSTRUMENTATIONS", tc.disabled)
		if got := Enabled(); got != tc.want {
			t.Errorf("enabled %q disabled %q: Enabled() = %v", tc.enabled, tc.disabled, got)
		}
	}
}
