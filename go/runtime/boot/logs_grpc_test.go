package boot

import (
	"testing"
)

// withLogsConfig sets the logs signal's configuration for one test.
func withLogsConfig(t *testing.T, cfg config) {
	t.Helper()
	logsCfg.Lock()
	old := logsCfg.cfg
	logsCfg.cfg = cfg
	logsCfg.Unlock()
	grpcReg.mu.Lock()
	oldSaid := grpcReg.guessSaid
	grpcReg.mu.Unlock()
	t.Cleanup(func() {
		logsCfg.Lock()
		logsCfg.cfg = old
		logsCfg.Unlock()
		grpcReg.mu.Lock()
		grpcReg.guessSaid = oldSaid
		grpcReg.mu.Unlock()
	})
}

func TestLogsGRPCSettledLines(t *testing.T) {
	const guess = "OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4317"
	for _, tc := range []struct {
		name      string
		cfg       config
		guessSaid string // the traces' guess line already printed
		linked    bool
		want      string
	}{
		{name: "asked, linked: silent",
			cfg:    config{logsProto: protoGRPC, logsProtoV: "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL"},
			linked: true},
		{name: "asked, not linked: the fallback line",
			cfg:  config{logsProto: protoGRPC, logsProtoV: "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL"},
			want: "gotel: OTEL_EXPORTER_OTLP_LOGS_PROTOCOL=grpc: this binary was built without OTLP/gRPC (gotel links it when the program uses google.golang.org/grpc, or with GOTEL_OTLP_GRPC=1 at build time); exporting logs with http/protobuf\n"},
		{name: "guessed, linked: the guess line",
			cfg:    config{logsProto: protoGRPC, logsGuess: guess},
			linked: true,
			want:   "gotel: " + grpcGuessMessage(guess, true) + "\n"},
		{name: "guessed, not linked: the guess line",
			cfg:  config{logsProto: protoGRPC, logsGuess: guess},
			want: "gotel: " + grpcGuessMessage(guess, false) + "\n"},
		{name: "guessed, said for traces already: silent",
			cfg:       config{logsProto: protoGRPC, logsGuess: guess},
			guessSaid: guess},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := captureWarn(t)
			withLogsConfig(t, tc.cfg)
			grpcReg.mu.Lock()
			grpcReg.guessSaid = tc.guessSaid
			grpcReg.mu.Unlock()
			LogsGRPCSettled(tc.linked)
			if out.String() != tc.want {
				t.Errorf("stderr:\n got %q\nwant %q", out.String(), tc.want)
			}
		})
	}
}
