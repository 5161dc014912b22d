package target

import (
	"errors"
	"fmt"
)

// Boom panics when n is odd, from a nested call.
func Boom(n int) (string, error) {
	if n%2 == 1 {
		explode(n)
	}
	return fmt.Sprint("even ", n), nil
}

func explode(n int) { panic(fmt.Errorf("boom %d: %w", n, errors.ErrUnsupported)) }

// Safe recovers its own panic: After must not see one.
func Safe(n int) (res string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	_, err = Boom(n)
	return "safe", err
}
