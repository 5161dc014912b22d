// manual runs the workload instrumented by hand with otelsql
// (github.com/XSAM/otelsql) and the OpenTelemetry SDK exporting OTLP/HTTP
// in batches, the way a user would without gotel.
package main

import (
	"context"

	"github.com/XSAM/otelsql"
	_ "github.com/lib/pq"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.37.0"

	"gotel.dev/bench/databasesql/loop"
)

func main() {
	ctx := context.Background()
	exp, err := otlptracehttp.New(ctx)
	if err != nil {
		panic(err)
	}
	res, _ := resource.New(ctx, resource.WithFromEnv(), resource.WithTelemetrySDK())
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	otel.SetTracerProvider(tp)

	db, err := otelsql.Open("postgres", loop.DSN, otelsql.WithAttributes(semconv.DBSystemNamePostgreSQL))
	if err != nil {
		panic(err)
	}
	loop.Run(db)
	db.Close()
	tp.Shutdown(ctx)
}
