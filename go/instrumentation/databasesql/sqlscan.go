package databasesql

import "strings"

// A small SQL scanner: enough of the lexical structure of the SQL dialects
// the drivers speak (PostgreSQL, MySQL/MariaDB, SQLite, SQL Server) to
// replace literal values by `?` and to find the operations and the tables
// they work on, for db.query.text and db.query.summary. It never fails: text
// it does not understand is copied through (sanitize) or ignored (summary).
// Unterminated quotes and comments run to the end of the text, so an
// unbalanced quote cannot leak what follows it.

// dialect holds the lexical differences that matter for literals.
type dialect struct {
	// backslash escapes in '...' strings (MySQL, MariaDB); elsewhere only
	// E'...' strings (PostgreSQL) take them.
	backslash bool
	// "..." is a string literal (MySQL, MariaDB) rather than an identifier.
	dquoteString bool
}

func dialectOf(system string) dialect {
	switch system {
	case systemMySQL, systemMariaDB:
		return dialect{backslash: true, dquoteString: true}
	}
	return dialect{}
}

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
	d   dialect
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
	for l.pos < len(s) {
		c := s[l.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			l.pos++
		case c == '-' && l.pos+1 < len(s) && s[l.pos+1] == '-':
			l.skipLine()
		case c == '#' && l.d.backslash:
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
	if i := strings.IndexByte(l.s[l.pos:], '\n'); i >= 0 {
		l.pos += i + 1
	} else {
		l.pos = len(l.s)
	}
}

// skipBlockComment skips /* ... */, nested as PostgreSQL nests them.
func (l *lexer) skipBlockComment() {
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
		l.quoted('\'', l.d.backslash)
		return tok(tkString)
	case c == '"':
		l.quoted('"', l.d.backslash && l.d.dquoteString)
		if l.d.dquoteString {
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
		l.quoted('\'', l.d.backslash || c|0x20 == 'e')
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

// number scans 12, 1.5, .5, 1e-3, 0x1F, 0b101.
func (l *lexer) number() {
	s := l.s
	i := l.pos
	if s[i] == '0' && i+1 < len(s) && (s[i+1]|0x20 == 'x' || s[i+1]|0x20 == 'b') &&
		i+2 < len(s) && isHex(s[i+2]) {
		i += 2
		for i < len(s) && isHex(s[i]) {
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
		for i < len(s) && isDigit(s[i]) {
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
	// A number glued to letters (1abc) is not an identifier in SQL, but the
	// letters are no literal either: leave them to the next token.
	l.pos = i
}

func isHex(c byte) bool {
	return isDigit(c) || (c|0x20) >= 'a' && (c|0x20) <= 'f'
}

// sanitize returns query with every literal (strings, numbers, booleans)
// replaced by ?. It returns query itself when there is nothing to replace.
func sanitize(query string, d dialect) string {
	l := lexer{s: query, d: d}
	var b strings.Builder
	last := 0 // query[last:] is not written yet
	for {
		t := l.next()
		if t.kind == tkEOF {
			break
		}
		lit := t.kind == tkString || t.kind == tkNumber
		if t.kind == tkWord {
			w := query[t.start:t.end]
			lit = strings.EqualFold(w, "true") || strings.EqualFold(w, "false")
		}
		if !lit {
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(query))
		}
		b.WriteString(query[last:t.start])
		b.WriteByte('?')
		last = t.end
	}
	if last == 0 {
		return query
	}
	b.WriteString(query[last:])
	return b.String()
}
