package target

import "fmt"

func Old(v interface{}, n int) string { return fmt.Sprint(v, n) }
