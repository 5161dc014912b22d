// Command gotokens prints go/scanner's view of Go files, in the format the
// C driver tests/oracle/gs_tokens.c prints for gotel's scanner, so the two
// can be compared token by token (make test-scanner-oracle).
//
// Each file is scanned twice: with ScanComments, then without. Every token
// gives a line "offset line:col TOKEN [lit]" (lit only for the kinds whose
// literal gotel's scanner reports, escaped as \xHH outside printable ASCII),
// every error a line "offset E message" (escaped likewise), in the order go/scanner produces
// them. Without -v, only one line per file is printed: the FNV-1a 64 hash
// of that text and the path. File paths come from the arguments, or one per
// line on stdin.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"go/scanner"
	"go/token"
	"hash/fnv"
	"os"
	"strconv"
	"strings"
)

func escape(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f && c != '\\' {
			b = append(b, c)
		} else {
			b = append(b, '\\', 'x', hex[c>>4], hex[c&15])
		}
	}
	return b
}

func hasLit(tok token.Token) bool {
	switch tok {
	case token.IDENT, token.INT, token.FLOAT, token.IMAG, token.CHAR, token.STRING,
		token.COMMENT, token.SEMICOLON:
		return true
	}
	return false
}

func scanFile(out []byte, name string, src []byte, mode scanner.Mode) []byte {
	fset := token.NewFileSet()
	file := fset.AddFile(name, -1, len(src))
	var s scanner.Scanner
	s.Init(file, src, func(pos token.Position, msg string) {
		out = strconv.AppendInt(out, int64(pos.Offset), 10)
		out = append(out, " E "...)
		// gotel's error callback takes a C string: a message quoting a NUL
		// byte (only //line errors can) ends there (docs/gosyntax-scanner.md).
		if i := strings.IndexByte(msg, 0); i >= 0 {
			msg = msg[:i]
		}
		out = escape(out, msg)
		out = append(out, '\n')
	}, mode)
	for {
		pos, tok, lit := s.Scan()
		p := fset.PositionFor(pos, false) // physical position, as gs_scanner_linecol
		out = strconv.AppendInt(out, int64(p.Offset), 10)
		out = append(out, ' ')
		out = strconv.AppendInt(out, int64(p.Line), 10)
		out = append(out, ':')
		out = strconv.AppendInt(out, int64(p.Column), 10)
		out = append(out, ' ')
		out = append(out, tok.String()...)
		if hasLit(tok) {
			out = append(out, ' ')
			out = escape(out, lit)
		}
		out = append(out, '\n')
		if tok == token.EOF {
			return out
		}
	}
}

func main() {
	verbose := flag.Bool("v", false, "print every token instead of a hash per file")
	flag.Parse()
	w := bufio.NewWriterSize(os.Stdout, 1<<16)
	defer w.Flush()
	var buf []byte
	do := func(path string) {
		src, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(w, "error %s: %v\n", path, err)
			return
		}
		buf = scanFile(buf[:0], path, src, scanner.ScanComments)
		buf = append(buf, "--\n"...)
		buf = scanFile(buf, path, src, 0)
		if *verbose {
			w.Write(buf)
			return
		}
		h := fnv.New64a()
		h.Write(buf)
		fmt.Fprintf(w, "%016x %s\n", h.Sum64(), path)
	}
	if flag.NArg() > 0 {
		for _, p := range flag.Args() {
			do(p)
		}
		return
	}
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		do(in.Text())
	}
}
