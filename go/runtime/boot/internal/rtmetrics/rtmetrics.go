// Package rtmetrics exports the Go runtime metrics of the OpenTelemetry
// semantic conventions (v1.43.0, namespace go.*), read from the standard
// library's runtime/metrics, without a dependency beyond the metric API.
//
// The scalar metrics are asynchronous instruments observed by one callback
// (one runtime/metrics.Read per collection). The two histograms
// (go.schedule.duration, go.memory.gc.pause.duration) come from histograms
// the runtime already keeps; the metric API has no asynchronous histogram,
// so they are handed to each reader by a Producer, with the runtime's own
// bucket boundaries as the conventions ask.
package rtmetrics

import (
	"context"
	"errors"
	"math"
	"runtime/metrics"
	"sync"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"gotel.dev/runtime/hook"
)

// Switch is the instrumentation name that OTEL_GO_DISABLED_INSTRUMENTATIONS
// and OTEL_GO_ENABLED_INSTRUMENTATIONS use for the runtime metrics.
const Switch = "runtime_metrics"

// ScopeName is the instrumentation scope of every runtime metric.
const ScopeName = "gotel.dev/runtime/boot/internal/rtmetrics"

const schemaURL = "https://opentelemetry.io/schemas/1.43.0"

// Enabled reports whether the environment leaves the runtime metrics on.
func Enabled() bool { return hook.Enabled(Switch) }

// runtime/metrics keys of the scalar metrics, in the order of scalarKeys.
const (
	keyTotal       = "/memory/classes/total:bytes"
	keyReleased    = "/memory/classes/heap/released:bytes"
	keyStacks      = "/memory/classes/heap/stacks:bytes"
	keyLimit       = "/gc/gomemlimit:bytes"
	keyAllocBytes  = "/gc/heap/allocs:bytes"
	keyAllocObjs   = "/gc/heap/allocs:objects"
	keyGoal        = "/gc/heap/goal:bytes"
	keyCycles      = "/gc/cycles/total:gc-cycles"
	keyGoroutines  = "/sched/goroutines:goroutines"
	keyProcs       = "/sched/gomaxprocs:threads"
	keyGOGC        = "/gc/gogc:percent"
	keyCPUUser     = "/cpu/classes/user:cpu-seconds"
	keyCPUGC       = "/cpu/classes/gc/total:cpu-seconds"
	keyCPUScavenge = "/cpu/classes/scavenge/total:cpu-seconds"
	keyCPUIdle     = "/cpu/classes/idle:cpu-seconds"
)

var scalarKeys = []string{
	keyTotal, keyReleased, keyStacks, keyLimit, keyAllocBytes, keyAllocObjs, keyGoal,
	keyCycles, keyGoroutines, keyProcs, keyGOGC, keyCPUUser, keyCPUGC, keyCPUScavenge, keyCPUIdle,
}

// Attribute sets built once: observing with them does not allocate.
var (
	memStack = metric.WithAttributeSet(attribute.NewSet(attribute.String("go.memory.type", "stack")))
	memOther = metric.WithAttributeSet(attribute.NewSet(attribute.String("go.memory.type", "other")))
	cpuUser  = metric.WithAttributeSet(attribute.NewSet(attribute.String("go.cpu.state", "user")))
	cpuGC    = metric.WithAttributeSet(attribute.NewSet(attribute.String("go.cpu.state", "gc")))
	cpuScav  = metric.WithAttributeSet(attribute.NewSet(attribute.String("go.cpu.state", "scavenge")))
	cpuIdle  = metric.WithAttributeSet(attribute.NewSet(attribute.String("go.cpu.state", "idle")))
)

// noLimit is what /gc/gomemlimit reads when no limit is set; the
// conventions leave go.memory.limit out then.
const noLimit = math.MaxInt64

// scalars holds the instruments and the samples their callback reads into.
type scalars struct {
	mu      sync.Mutex // readers may collect concurrently; samples is shared
	samples []metrics.Sample
	byKey   map[string]int

	used, limit, goal, goroutines, procs, gogc metric.Int64ObservableUpDownCounter
	allocated, allocations, cycles             metric.Int64ObservableCounter
	cpu                                        metric.Float64ObservableCounter
}

// Register creates the asynchronous instruments on mp and their callback.
// An error leaves out only the instruments it names.
func Register(mp metric.MeterProvider) error {
	m := mp.Meter(ScopeName, metric.WithSchemaURL(schemaURL))
	s := &scalars{samples: make([]metrics.Sample, len(scalarKeys)), byKey: make(map[string]int, len(scalarKeys))}
	for i, k := range scalarKeys {
		s.samples[i].Name = k
		s.byKey[k] = i
	}
	var errs []error
	var obs []metric.Observable
	upDown := func(name, unit, desc string) metric.Int64ObservableUpDownCounter {
		c, err := m.Int64ObservableUpDownCounter(name, metric.WithUnit(unit), metric.WithDescription(desc))
		errs = append(errs, err)
		obs = append(obs, c)
		return c
	}
	counter := func(name, unit, desc string) metric.Int64ObservableCounter {
		c, err := m.Int64ObservableCounter(name, metric.WithUnit(unit), metric.WithDescription(desc))
		errs = append(errs, err)
		obs = append(obs, c)
		return c
	}
	s.used = upDown("go.memory.used", "By", "Memory used by the Go runtime.")
	s.limit = upDown("go.memory.limit", "By", "Go runtime memory limit configured by the user, if a limit exists.")
	s.allocated = counter("go.memory.allocated", "By", "Memory allocated to the heap by the application.")
	s.allocations = counter("go.memory.allocations", "{allocation}", "Count of allocations to the heap by the application.")
	s.goal = upDown("go.memory.gc.goal", "By", "Heap size target for the end of the GC cycle.")
	s.cycles = counter("go.memory.gc.cycles", "{gc_cycle}", "Number of completed GC cycles.")
	s.goroutines = upDown("go.goroutine.count", "{goroutine}", "Count of live goroutines.")
	s.procs = upDown("go.processor.limit", "{thread}", "The number of OS threads that can execute user-level Go code simultaneously.")
	s.gogc = upDown("go.config.gogc", "%", "Heap size target percentage configured by the user, otherwise 100.")
	cpu, err := m.Float64ObservableCounter("go.cpu.time", metric.WithUnit("s"), metric.WithDescription("Estimated CPU time spent by the Go runtime."))
	s.cpu = cpu
	errs = append(errs, err)
	obs = append(obs, cpu)
	if err := errors.Join(errs...); err != nil {
		return err
	}
	_, err = m.RegisterCallback(s.observe, obs...)
	return err
}

// observe reads all scalar metrics at once and reports them. A key the
// running Go does not know (KindBad) is skipped, never reported as zero.
func (s *scalars) observe(_ context.Context, o metric.Observer) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	metrics.Read(s.samples)
	u := func(key string) (uint64, bool) {
		v := s.samples[s.byKey[key]].Value
		if v.Kind() != metrics.KindUint64 {
			return 0, false
		}
		return v.Uint64(), true
	}
	i64 := func(inst metric.Int64Observable, key string, opts ...metric.ObserveOption) {
		if v, ok := u(key); ok {
			o.ObserveInt64(inst, int64(v), opts...)
		}
	}
	if total, ok := u(keyTotal); ok {
		released, _ := u(keyReleased)
		stacks, _ := u(keyStacks)
		o.ObserveInt64(s.used, int64(stacks), memStack)
		o.ObserveInt64(s.used, int64(total-released-stacks), memOther)
	}
	if v, ok := u(keyLimit); ok && v != noLimit {
		o.ObserveInt64(s.limit, int64(v))
	}
	i64(s.allocated, keyAllocBytes)
	i64(s.allocations, keyAllocObjs)
	i64(s.goal, keyGoal)
	i64(s.cycles, keyCycles)
	i64(s.goroutines, keyGoroutines)
	i64(s.procs, keyProcs)
	// GOGC=off reads as the uint64 of -1; the conversion reports -1.
	i64(s.gogc, keyGOGC)
	for _, c := range []struct {
		key  string
		opts metric.ObserveOption
	}{{keyCPUUser, cpuUser}, {keyCPUGC, cpuGC}, {keyCPUScavenge, cpuScav}, {keyCPUIdle, cpuIdle}} {
		if v := s.samples[s.byKey[c.key]].Value; v.Kind() == metrics.KindFloat64 {
			o.ObserveFloat64(s.cpu, v.Float64(), c.opts)
		}
	}
	return nil
}
