// Command godump prints the canonical AST dump (docs/ast-dump.md) of Go
// files as go/parser and go/ast see them; it is the oracle that gotel's C
// parser is compared with.
//
//	godump FILE          print the dump (or the errors, exit 1)
//	godump -hash [-]     for each path (arguments, or lines on stdin):
//	                     "path<TAB>sha256-of-dump" or "path<TAB>ERROR"
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"os"
	"reflect"
	"strings"
)

type dumper struct {
	sb   strings.Builder
	base int
}

var (
	posType   = reflect.TypeOf(token.Pos(0))
	tokType   = reflect.TypeOf(token.Token(0))
	dirType   = reflect.TypeOf(ast.ChanDir(0))
	cgType    = reflect.TypeOf((*ast.CommentGroup)(nil))
	nodeIface = reflect.TypeOf((*ast.Node)(nil)).Elem()
)

// skipped go/ast fields: object resolution (off), derived lists, and the
// //go:build version.
var skip = map[string]bool{"Obj": true, "Scope": true, "Imports": true, "Unresolved": true, "GoVersion": true}

func (d *dumper) indent(n int) {
	for i := 0; i < n; i++ {
		d.sb.WriteByte(' ')
	}
}

func (d *dumper) pos(p token.Pos) int { return int(p) - d.base }

func (d *dumper) str(s string) {
	const hexd = "0123456789abcdef"
	d.sb.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			d.sb.WriteByte('\\')
			d.sb.WriteByte(c)
		case c == '\n':
			d.sb.WriteString(`\n`)
		case c < 0x20 || c == 0x7f:
			d.sb.WriteString(`\x`)
			d.sb.WriteByte(hexd[c>>4])
			d.sb.WriteByte(hexd[c&15])
		default:
			d.sb.WriteByte(c)
		}
	}
	d.sb.WriteByte('"')
}

func (d *dumper) node(n ast.Node, depth int) {
	v := reflect.ValueOf(n).Elem()
	t := v.Type()
	d.indent(depth)
	fmt.Fprintf(&d.sb, "%s %d %d\n", t.Name(), d.pos(n.Pos()), d.pos(n.End()))
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if skip[f.Name] {
			continue
		}
		fv := v.Field(i)
		if _, isFile := n.(*ast.File); isFile && f.Name == "Comments" {
			d.list(f.Name, fv, depth)
			continue
		}
		switch {
		case f.Type == posType:
			d.indent(depth + 1)
			fmt.Fprintf(&d.sb, ".%s = %d\n", f.Name, d.pos(token.Pos(fv.Int())))
		case f.Type == tokType:
			d.indent(depth + 1)
			fmt.Fprintf(&d.sb, ".%s = %s\n", f.Name, token.Token(fv.Int()))
		case f.Type == dirType:
			d.indent(depth + 1)
			fmt.Fprintf(&d.sb, ".%s = %d\n", f.Name, fv.Int())
		case f.Type.Kind() == reflect.Bool:
			d.indent(depth + 1)
			fmt.Fprintf(&d.sb, ".%s = %v\n", f.Name, fv.Bool())
		case f.Type.Kind() == reflect.String:
			d.indent(depth + 1)
			fmt.Fprintf(&d.sb, ".%s = ", f.Name)
			d.str(fv.String())
			d.sb.WriteByte('\n')
		case f.Type == cgType && n != nil:
			d.indent(depth + 1)
			if fv.IsNil() {
				fmt.Fprintf(&d.sb, ".%s = nil\n", f.Name)
			} else {
				g := fv.Interface().(*ast.CommentGroup)
				fmt.Fprintf(&d.sb, ".%s = %d %d\n", f.Name, d.pos(g.Pos()), d.pos(g.End()))
			}
		case f.Type.Kind() == reflect.Slice:
			d.list(f.Name, fv, depth)
		case f.Type.Implements(nodeIface) || f.Type.Kind() == reflect.Interface:
			d.indent(depth + 1)
			if fv.IsNil() {
				fmt.Fprintf(&d.sb, ".%s: nil\n", f.Name)
			} else {
				fmt.Fprintf(&d.sb, ".%s:\n", f.Name)
				d.node(fv.Interface().(ast.Node), depth+2)
			}
		default:
			panic(fmt.Sprintf("godump: unhandled field %s.%s (%s)", t.Name(), f.Name, f.Type))
		}
	}
}

func (d *dumper) list(name string, fv reflect.Value, depth int) {
	d.indent(depth + 1)
	fmt.Fprintf(&d.sb, ".%s[%d]:\n", name, fv.Len())
	for j := 0; j < fv.Len(); j++ {
		d.node(fv.Index(j).Interface().(ast.Node), depth+2)
	}
}

func parse(path string) (string, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution|parser.AllErrors)
	if err != nil {
		return "", err
	}
	d := &dumper{base: fset.File(f.FileStart).Base()}
	d.node(f, 0)
	return d.sb.String(), nil
}

func main() {
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "-hash" {
		w := bufio.NewWriter(os.Stdout)
		one := func(path string) {
			s, err := parse(path)
			if err != nil {
				fmt.Fprintf(w, "%s\tERROR\n", path)
				return
			}
			sum := sha256.Sum256([]byte(s))
			fmt.Fprintf(w, "%s\t%s\n", path, hex.EncodeToString(sum[:]))
		}
		for _, a := range args[1:] {
			if a != "-" {
				one(a)
				continue
			}
			sc := bufio.NewScanner(os.Stdin)
			sc.Buffer(make([]byte, 1<<20), 1<<20)
			for sc.Scan() {
				if line := sc.Text(); line != "" {
					one(line)
				}
			}
		}
		w.Flush()
		return
	}
	status := 0
	for _, path := range args {
		s, err := parse(path)
		if err != nil {
			if list, ok := err.(scanner.ErrorList); ok {
				for _, e := range list {
					fmt.Fprintln(os.Stderr, e)
				}
			} else {
				fmt.Fprintln(os.Stderr, err)
			}
			status = 1
			continue
		}
		os.Stdout.WriteString(s)
	}
	os.Exit(status)
}
