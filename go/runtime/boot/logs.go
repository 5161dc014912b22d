package boot

import (
	"context"
	"go.opentelemetry.io/otel/log/global"
	"sync"
	"sync/atomic"

	"go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/sdk/resource"
)

// The logs signal. Its pipeline (the log SDK, its batch processor and the
// exporters) lives in gotel.dev/runtime/boot/logs, which only the hooks of
// logging instrumentations import and which builds it when the first record
// is emitted: a program that never logs through an instrumented logger does
// not link the log SDK (boot itself is in every program). Boot keeps the
// configuration, read with the other signals', and flushes the provider
// like the others once it exists.

var logsCfg struct {
	sync.Mutex
	started bool // start has run and the SDK is not disabled
	cfg     config
	res     *resource.Resource
	asked   bool // LogsSettings has answered once
}

// LogsSettings is what gotel.dev/runtime/boot/logs needs to build the log
// pipeline.
type LogsSettings struct {
	Exporters []string // "otlp", "console", in the order given
	Resource  *resource.Resource
	// GRPC is true when the otlp exporter is to use OTLP/gRPC
	// (OTEL_EXPORTER_OTLP_(LOGS_)PROTOCOL=grpc, or an endpoint on port
	// 4317 with no protocol set): gotel.dev/runtime/boot/otlpgrpc/logs
	// serves it where linked, else http/protobuf does (see LogsGRPCSettled).
	GRPC bool
}

// Logs returns the settings of the logs signal. ok is false when there is
// nothing to build: the SDK is disabled, OTEL_LOGS_EXPORTER is none, or the
// program installed its own LoggerProvider (gotel's records then go to it).
// It answers ok at most once per process.
func Logs() (s LogsSettings, ok bool) {
	logsCfg.Lock()
	defer logsCfg.Unlock()
	if !logsCfg.started || logsCfg.asked || len(logsCfg.cfg.logs) == 0 {
		return s, false
	}
	logsCfg.asked = true
	if !apiDefault(global.GetLoggerProvider()) {
		warn("the program installed its own LoggerProvider before gotel's log pipeline started: gotel's log records go to it")
		return s, false
	}
	c := &logsCfg.cfg
	grpc := c.logsProto == protoGRPC && contains(c.logs, kindOTLP)
	return LogsSettings{Exporters: c.logs, Resource: logsCfg.res, GRPC: grpc}, true
}

// LogsGRPCSettled is called by gotel.dev/runtime/boot/logs, once, when it
// knows whether the OTLP/gRPC log exporter is linked, for a pipeline whose
// settings asked for gRPC. It prints what the user should know: where gRPC
// is missing, one line naming the variable that asked and saying that logs
// go over http/protobuf; for a protocol guessed from a port-4317 endpoint,
// the guess line, unless the traces and metrics already printed it.
func LogsGRPCSettled(linked bool) {
	logsCfg.Lock()
	c := logsCfg.cfg
	logsCfg.Unlock()
	if c.logsProtoV != "" {
		if !linked {
			warn(noGRPCMessage([]string{c.logsProtoV + "=grpc"}, []string{"logs"}))
		}
		return
	}
	if c.logsGuess == "" {
		return
	}
	grpcReg.mu.Lock()
	said := grpcReg.guessSaid == c.logsGuess
	grpcReg.guessSaid = c.logsGuess
	grpcReg.mu.Unlock()
	if !said {
		warn(grpcGuessMessage(c.logsGuess, linked))
	}
}

// MainStarted tells whether main.main has started: every package is
// initialised, so whatever registers from an init has done so.
func MainStarted() bool { return mainStarted.Load() }

var mainStarted atomic.Bool

// AddLogs installs lp, the logger provider gotel.dev/runtime/boot/logs
// built, as the global one, and has it shut down (which flushes it) when
// the program ends or installs its own.
func AddLogs(lp log.LoggerProvider, shutdown func(context.Context) error) {
	down := onceShutdown(shutdown)
	ours.mu.Lock()
	ours.lp, ours.lpDown = lp, down
	ours.mu.Unlock()
	global.SetLoggerProvider(lp)
	logsCfg.Lock()
	timeout := logsCfg.cfg.flushTimeout
	logsCfg.Unlock()
	flusherMu.Lock()
	defer flusherMu.Unlock()
	if f := theFlusher.Load(); f != nil {
		f.add(down)
		return
	}
	theFlusher.Store(newFlusher(timeout, []func(context.Context) error{down}))
	startSignals()
}

// flusherMu orders AddLogs against itself; start runs before anyone can
// call AddLogs (boot's init precedes its importers').
var flusherMu sync.Mutex

// logsStart is the log pipeline's builder, registered by
// gotel.dev/runtime/boot/logs when the program links it.
var logsStart atomic.Pointer[func()]

// RegisterLogs is called by gotel.dev/runtime/boot/logs's init.
func RegisterLogs(start func()) { logsStart.Store(&start) }

// StartLogs builds gotel's log pipeline, once, if the program links it
// and the configuration asks for it. The hooks of logging instrumentations
// call it before they look up the global LoggerProvider; without the
// pipeline their records still go to a provider the program installs.
func StartLogs() {
	if f := logsStart.Load(); f != nil {
		(*f)()
	}
}

// Warn prints one "gotel: " line on stderr, for boot's subpackages.
func Warn(msg string) { warn(msg) }
