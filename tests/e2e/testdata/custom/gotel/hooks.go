// Package gotel holds the hooks of gotel.yaml. It imports gotel's runtime,
// which only gotel builds resolve: being a module of its own, it stays out
// of plain builds and of go mod tidy of the program.
package gotel

import (
	"context"

	"example.com/sdk"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"gotel.dev/runtime/gls"
	"gotel.dev/runtime/hook"
)

// StockBefore starts a span around Client.Stock, under the span of the
// caller's context (else of the goroutine: gls.Parent), and hands the new
// context to Stock.
func StockBefore(c *hook.Context, cl *sdk.Client, ctx *context.Context, item string) {
	if cl == nil || *ctx == nil {
		return
	}
	next, span := otel.Tracer("example.com/custom/gotel").Start(gls.Parent(*ctx), "inventory stock",
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attribute.String("inventory.service", cl.Service()), attribute.String("inventory.item", item)))
	*ctx = next
	c.SetData(span)
}

// StockAfter ends the span, with the error Stock returned.
func StockAfter(c *hook.Context, level int, err error) {
	span, ok := c.Data().(trace.Span)
	if !ok {
		return
	}
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	} else {
		span.SetAttributes(attribute.Int("inventory.level", level))
	}
	span.End()
}

// PriceBefore starts a span around the program's own price function, which
// takes no context: its parent is the goroutine's span.
func PriceBefore(c *hook.Context, item string) {
	_, span := otel.Tracer("example.com/custom/gotel").Start(gls.Parent(context.Background()), "inventory price",
		trace.WithAttributes(attribute.String("inventory.item", item)))
	c.SetData(span)
}

// PriceAfter ends it with the price.
func PriceAfter(c *hook.Context, p int) {
	if span, ok := c.Data().(trace.Span); ok {
		span.SetAttributes(attribute.Int("inventory.price", p))
		span.End()
	}
}
