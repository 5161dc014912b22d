// Package sdk sets up the program's own OpenTelemetry SDK: OTLP/HTTP to
// the endpoint in the environment, with its own service name.
package sdk

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

var TP *sdktrace.TracerProvider

func Install() {
	exp, err := otlptracehttp.New(context.Background())
	if err != nil {
		panic(err)
	}
	TP = sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp),
		sdktrace.WithResource(resource.NewSchemaless(attribute.String("service.name", "own-sdk"))))
	otel.SetTracerProvider(TP)
	otel.SetTextMapPropagator(propagation.TraceContext{})
}
