package target

import "strings"

func Join(sep string, parts ...string) string { return strings.Join(parts, sep) }
