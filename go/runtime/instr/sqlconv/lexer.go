// Package sqlconv derives, from SQL text alone, what the database semantic
// conventions want of a query: db.query.summary (operations and their
// targets in order), db.operation.name and db.collection.name when the text
// holds a single one, db.stored_procedure.name of a lone CALL, and
// db.query.text without literal values. database/sql and pgx share it.
//
// It is a scanner, not a parser: enough of the lexical structure of the
// dialects the drivers speak (PostgreSQL, MySQL/MariaDB, SQLite, SQL
// Server) to tell literals, identifiers, comments and keywords apart. It
// never fails and never panics: text it does not understand is copied
// through (Sanitize) or yields less (Analyze: empty fields), never a
// literal. Unterminated quotes and comments run to the end of the text, so
// an unbalanced quote cannot leak what follows it.
package sqlconv

import "strings"

// Dialect selects the lexical and keyword differences that matter here.
type Dialect uint8

const (
	// Generic is standard SQL: '…' strings, "…" identifiers; SQLite,
	// Oracle and unknown systems.
	Generic Dialect = iota
	// PostgreSQL adds nothing to Generic's lexing that Generic does not
	// already accept (E'…', $tag$…$tag$, nested comments), but its
	// EXECUTE runs a prepared statement, not a procedure.
	PostgreSQL
	// MySQL (and MariaDB): "…" is a string, backslash escapes in strings,
	// # starts a comment, EXECUTE runs a prepared statement.
	MySQL
	// SQLServer: EXEC/EXECUTE run a stored procedure.
	SQLServer
	numDialects
)

// DialectOf returns the dialect of a db.system.name value.
func DialectOf(system string) Dialect {
	switch system {
	case "postgresql", "cockroachdb", "aws.redshift":
		return PostgreSQL
	case "mysql", "mariadb":
		return MySQL
	case "microsoft.sql_server":
		return SQLServer
	}
	return Generic
}

// mysqlish: backslash escapes in '…' and "…" strings, "…" is a string,
// # is a line comment (elsewhere it is an operator).
func (d Dialect) mysqlish() bool { return d == MySQL }

// execIsCall: EXEC/EXECUTE name a stored procedure (not a prepared
// statement).
func (d Dialect) execIsCall() bool { return d == Generic || d == SQLServer }

type tokKind uint8

const (
	tkEOF    tokKind = iota
	tkWord           // identifier or keyword, unquoted
	tkQuoted         // quoted identifier: "x", `x`
	tkString         // string literal of any form
	tkNumber         // numeric literal
	tkParam          // placeholder: ?, $1, :name, @name
	tkPunct          // anything else, one byte
)

type token struct {
	kind       tokKind
	start, end int
}

type lexer struct {
	s   string
	pos int
	d   Dialect
	// comment: the space skipped before the last token held a comment.
	comment bool
}

func isIdentStart(c byte) bool {
	return c == '_' || (c|0x20) >= 'a' && (c|0x20) <= 'z' || c >= 0x80
}

func isIdentChar(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '$'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// skipSpace skips white space and comments.
func (l *lexer) skipSpace() {
	s := l.s
	l.comment = false
	for l.pos < len(s) {
		c := s[l.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			l.pos++
		case c == '-' && l.pos+1 < len(s) && s[l.pos+1] == '-':
			l.skipLine()
		case c == '#' && l.d.mysqlish():
			// MySQL line comment; elsewhere # is an operator.
			l.skipLine()
		case c == '/' && l.pos+1 < len(s) && s[l.pos+1] == '*':
			l.skipBlockComment()
		default:
			return
		}
	}
}

func (l *lexer) skipLine() {
	l.comment = true
	if i := strings.IndexByte(l.s[l.pos:], '\n'); i >= 0 {
		l.pos += i + 1
	} else {
		l.pos = len(l.s)
	}
}

// skipBlockComment skips /* ... */, nested as PostgreSQL nests them (in
// dialects that do not nest, a comment then runs further: it is dropped
// either way).
func (l *lexer) skipBlockComment() {
	l.comment = true
	depth := 0
	s := l.s
	for l.pos+1 < len(s) {
		switch {
		case s[l.pos] == '/' && s[l.pos+1] == '*':
			depth++
			l.pos += 2
		case s[l.pos] == '*' && s[l.pos+1] == '/':
			depth--
			l.pos += 2
			if depth == 0 {
				return
			}
		default:
			l.pos++
		}
	}
	l.pos = len(s)
}

// quoted skips a quoted run starting at l.pos (the opening quote q);
// a doubled quote stands for itself; with bs a backslash escapes the next
// byte.
func (l *lexer) quoted(q byte, bs bool) {
	s := l.s
	i := l.pos + 1
	for i < len(s) {
		c := s[i]
		switch {
		case bs && c == '\\':
			i += 2
			continue
		case c == q:
			if i+1 < len(s) && s[i+1] == q {
				i += 2
				continue
			}
			l.pos = i + 1
			return
		}
		i++
	}
	l.pos = len(s)
}

// dollarTag returns the length of a PostgreSQL dollar-quote tag ($$ or
// $tag$) at i, or 0.
func dollarTag(s string, i int) int {
	j := i + 1
	if j < len(s) && isIdentStart(s[j]) {
		for j < len(s) && isIdentChar(s[j]) && s[j] != '$' {
			j++
		}
	}
	if j < len(s) && s[j] == '$' {
		return j + 1 - i
	}
	return 0
}

func (l *lexer) next() token {
	l.skipSpace()
	s := l.s
	start := l.pos
	if start >= len(s) {
		return token{kind: tkEOF, start: start, end: start}
	}
	c := s[start]
	tok := func(k tokKind) token { return token{kind: k, start: start, end: l.pos} }
	switch {
	case c == '\'':
		l.quoted('\'', l.d.mysqlish())
		return tok(tkString)
	case c == '"':
		l.quoted('"', l.d.mysqlish())
		if l.d.mysqlish() {
			return tok(tkString)
		}
		return tok(tkQuoted)
	case c == '`':
		l.quoted('`', false)
		return tok(tkQuoted)
	case (c|0x20 == 'e' || c|0x20 == 'x' || c|0x20 == 'b' || c|0x20 == 'n') &&
		start+1 < len(s) && s[start+1] == '\'':
		// E'..' (escapes), X'..' / B'..' (hex, bit), N'..' (national).
		l.pos++
		l.quoted('\'', l.d.mysqlish() || c|0x20 == 'e')
		return tok(tkString)
	case (c|0x20 == 'u') && start+2 < len(s) && s[start+1] == '&' && s[start+2] == '\'':
		l.pos += 2
		l.quoted('\'', false)
		return tok(tkString)
	case isIdentStart(c):
		l.pos++
		for l.pos < len(s) && isIdentChar(s[l.pos]) {
			l.pos++
		}
		return tok(tkWord)
	case isDigit(c) || c == '.' && start+1 < len(s) && isDigit(s[start+1]):
		l.number()
		return tok(tkNumber)
	case c == '$':
		if start+1 < len(s) && isDigit(s[start+1]) {
			l.pos++
			for l.pos < len(s) && isDigit(s[l.pos]) {
				l.pos++
			}
			return tok(tkParam)
		}
		if n := dollarTag(s, start); n > 0 {
			tag := s[start : start+n]
			if i := strings.Index(s[start+n:], tag); i >= 0 {
				l.pos = start + n + i + n
			} else {
				l.pos = len(s)
			}
			return tok(tkString)
		}
	case c == '?':
		l.pos++
		return tok(tkParam)
	case (c == ':' || c == '@') && start+1 < len(s) && isIdentStart(s[start+1]) &&
		(start == 0 || s[start-1] != ':'): // not a PostgreSQL ::cast
		l.pos++
		for l.pos < len(s) && isIdentChar(s[l.pos]) {
			l.pos++
		}
		return tok(tkParam)
	}
	l.pos++
	return tok(tkPunct)
}

// number scans 12, 1_000, 1.5, .5, 1e-3, 0x1F, 0o17, 0b101.
func (l *lexer) number() {
	s := l.s
	i := l.pos
	if s[i] == '0' && i+1 < len(s) && (s[i+1]|0x20 == 'x' || s[i+1]|0x20 == 'o' || s[i+1]|0x20 == 'b') {
		// The prefix form takes every letter and digit that follows: 0xZZ
		// is no number, but none of it may survive as an identifier either.
		i += 2
		for i < len(s) && isIdentChar(s[i]) && s[i] != '$' {
			i++
		}
		l.pos = i
		return
	}
	for i < len(s) && (isDigit(s[i]) || s[i] == '_') {
		i++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && (isDigit(s[i]) || s[i] == '_') {
			i++
		}
	}
	if i < len(s) && s[i]|0x20 == 'e' {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			i = j
		}
	}
	// A number glued to letters (1abc) is, in PostgreSQL, the number and
	// an alias: leave the letters to the next token.
	l.pos = i
}

// Sanitize returns query with every literal (strings, numbers, booleans,
// dollar-quoted bodies) replaced by ? and comments removed (they may carry
// anything: sqlcommenter tags, user data), keeping keywords, identifiers,
// placeholders and spacing as written; white space around the text is
// trimmed. It returns (a slice of) query itself when there is nothing to
// replace, without allocating. Use it on text that was not parameterized.
func Sanitize(query string, d Dialect) string {
	l := lexer{s: query, d: d}
	var b strings.Builder
	last := 0     // query[last:] is not written yet
	prevEnd := -1 // end of the previous token
	changed := false
	for {
		t := l.next()
		if l.comment {
			// The space before t holds a comment: write one space between
			// two tokens (so that none merge), nothing at either end.
			gap := max(prevEnd, 0)
			if !changed {
				changed = true
				b.Grow(len(query))
			}
			b.WriteString(query[last:gap])
			if prevEnd >= 0 && t.kind != tkEOF {
				b.WriteByte(' ')
			}
			last = t.start
		}
		if t.kind == tkEOF {
			break
		}
		prevEnd = t.end
		lit := t.kind == tkString || t.kind == tkNumber
		if t.kind == tkWord && t.end-t.start <= 5 {
			w := query[t.start:t.end]
			lit = strings.EqualFold(w, "true") || strings.EqualFold(w, "false")
		}
		if !lit {
			continue
		}
		if !changed {
			changed = true
			b.Grow(len(query))
		}
		b.WriteString(query[last:t.start])
		b.WriteByte('?')
		last = t.end
	}
	if !changed {
		return strings.TrimSpace(query)
	}
	b.WriteString(query[last:])
	return strings.TrimSpace(b.String())
}
