package main

import (
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"google.golang.org/grpc"
)

// The program instruments its server and its clients with otelgrpc itself;
// under gotel they must still give one span per call and side.
func init() {
	extraServerOpts = append(extraServerOpts, grpc.StatsHandler(otelgrpc.NewServerHandler()))
	extraDialOpts = append(extraDialOpts, grpc.WithStatsHandler(otelgrpc.NewClientHandler()))
}
