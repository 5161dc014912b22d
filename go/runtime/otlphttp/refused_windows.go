package otlphttp

import (
	"errors"
	"syscall"
)

// wsaeConnRefused is WSAECONNREFUSED (winerror.h), the error Winsock's
// connect returns; syscall.ECONNREFUSED is an invented value on Windows
// that no dial returns, and package syscall does not name this one.
const wsaeConnRefused syscall.Errno = 10061

// connRefused reports whether a dial failed because nothing listens there.
func connRefused(err error) bool {
	return errors.Is(err, wsaeConnRefused)
}
