//go:build !windows && !plan9

package otlphttp

import (
	"errors"
	"syscall"
)

// connRefused reports whether a dial failed because nothing listens there.
func connRefused(err error) bool {
	return errors.Is(err, syscall.ECONNREFUSED)
}
