// Package sdk stands for a company's internal client library: it knows
// nothing of OpenTelemetry.
package sdk

import (
	"context"
	"errors"
	"strings"
)

// Client looks up stock levels.
type Client struct{ service string }

// New returns a client of service.
func New(service string) *Client { return &Client{service: service} }

// Service names the service the client talks to.
func (c *Client) Service() string { return c.service }

// ErrNotFound is returned for unknown items.
var ErrNotFound = errors.New("sdk: item not found")

// Stock returns the stock level of item.
func (c *Client) Stock(ctx context.Context, item string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if item == "" || strings.ContainsAny(item, " /") {
		return 0, ErrNotFound
	}
	return len(item) * 7, nil
}
