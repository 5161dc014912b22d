package hooks

import (
	"golden/target"
	"gotel.dev/runtime/hook"
)

func Before(c *hook.Context) {}
func After(c *hook.Context)  {}

func ArgsBefore(c *hook.Context, t *target.T, x *int, s string) {}
func ArgsAfter(c *hook.Context, r *int, err error)              {}
