package target

import "fmt"

//line templates/page.tmpl:100
func Render(_ string, n int) (string, error) {
	if n < 0 {
		panic(fmt.Sprint("negative ", n))
	}
	return fmt.Sprint(n), nil
}

//line templates/other.tmpl:7:5
func Two(n int) int { if n == 2 { panic("two") }; return n }
