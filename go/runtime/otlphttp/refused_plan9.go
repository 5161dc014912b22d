package otlphttp

import (
	"errors"
	"strings"
	"syscall"
)

// connRefused reports whether a dial failed because nothing listens there.
// Plan 9 has no error numbers: the kernel's error is the text
// "connection refused".
func connRefused(err error) bool {
	var e syscall.ErrorString
	return errors.As(err, &e) && strings.Contains(string(e), "connection refused")
}
