package hooks

import (
	"bytes"
	"io"

	"golden/target"
	"gotel.dev/runtime/hook"
)

func WrongType(c *hook.Context, s *target.Store, key []byte, w io.Writer) {}

func TooMany(c *hook.Context, b []byte, err error, extra int) {}

func NoContext(s *target.Store, key string, w io.Writer) {}

func GenericValue(c *hook.Context, xs []int, f any) {}

func Returns(c *hook.Context, s *target.Store, key string, w io.Writer) bool { return false }

func Variadic(c *hook.Context, s *target.Store, rest ...any) {}

func UnknownPkg(c *hook.Context, s *target.Store, key string, w bufio.Writer) {}

func Fine(c *hook.Context, s any, key *string, w *io.Writer) { _ = bytes.MinRead }

func Fine2(c *hook.Context, b *[]uint8, err *error) {}
