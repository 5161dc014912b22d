package main

import (
	"fmt"
	"reflect"

	"golden/target"
)

func fields(v any) string {
	t := reflect.TypeOf(v)
	s := t.Name()
	for i := 0; i < t.NumField(); i++ {
		s += " " + t.Field(i).Name
	}
	return s
}

func main() {
	t := &target.T{Name: "x"}
	fmt.Println(t.Bump(3) + t.Bump(4))
	fmt.Println(fields(target.T{}), "|", fields(target.U{}), "|", fields(target.E{}))
	if f := reflect.ValueOf(t).Elem().FieldByName("gotel_calls"); f.IsValid() {
		fmt.Println("gotel_calls", f.Int())
	}
}
