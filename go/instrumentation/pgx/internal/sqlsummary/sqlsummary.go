// Package sqlsummary derives, from SQL text alone, what the database
// semantic conventions want from a query: the operation name, the
// collection (table) when the query names exactly one, a low-cardinality
// summary for the span name ("SELECT users", "INSERT orders SELECT cart"),
// and the text with its literal values replaced by "?" for queries that
// were not parameterized.
//
// It is a tokenizer, not a parser: it never fails and never panics, and on
// text it does not understand it says less (an empty operation) rather than
// something wrong. Dialect: PostgreSQL and MySQL lexical rules (single-,
// double- and back-quoted tokens, E” and dollar-quoted strings, nested
// block comments), which covers the drivers gotel instruments.
package sqlsummary

import "strings"

// maxSummary bounds the summary, as the conventions ask (255 characters);
// it is cut at a token boundary.
const maxSummary = 255

type kind uint8

const (
	tkWord    kind = iota // keyword or bare identifier
	tkQuoted              // "identifier" or `identifier`
	tkString              // a literal: '...', E'...', $tag$...$tag$
	tkNumber              // a numeric literal
	tkParam               // $1, ?, :name, @name
	tkPunct               // one character of punctuation
	tkComment             // -- ... or /* ... */
	tkSpace
)

type token struct {
	k          kind
	start, end int
}

// lexer walks s one token at a time.
type lexer struct {
	s   string
	pos int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isIdentPart(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '$'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// next returns the next token; ok is false at the end of the text.
func (l *lexer) next() (t token, ok bool) {
	s := l.s
	i := l.pos
	if i >= len(s) {
		return token{}, false
	}
	start := i
	c := s[i]
	k := tkPunct
	switch {
	case isSpace(c):
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		k = tkSpace
	case c == '-' && i+1 < len(s) && s[i+1] == '-', c == '#':
		// '#' starts a comment in MySQL; PostgreSQL uses it only as an
		// operator, where dropping the rest of the line from the summary
		// costs nothing but detail.
		for i < len(s) && s[i] != '\n' {
			i++
		}
		k = tkComment
	case c == '/' && i+1 < len(s) && s[i+1] == '*':
		depth := 0
		for i < len(s) {
			if s[i] == '/' && i+1 < len(s) && s[i+1] == '*' {
				depth++
				i += 2
			} else if s[i] == '*' && i+1 < len(s) && s[i+1] == '/' {
				depth--
				i += 2
				if depth == 0 {
					break
				}
			} else {
				i++
			}
		}
		k = tkComment
	case c == '\'':
		i = quoted(s, i, '\'', false)
		k = tkString
	case (c == 'E' || c == 'e') && i+1 < len(s) && s[i+1] == '\'':
		i = quoted(s, i+1, '\'', true)
		k = tkString
	case (c == 'B' || c == 'b' || c == 'X' || c == 'x' || c == 'N' || c == 'n' || c == 'U' || c == 'u') &&
		i+1 < len(s) && s[i+1] == '\'':
		i = quoted(s, i+1, '\'', false)
		k = tkString
	case c == '"' || c == '`':
		i = quoted(s, i, c, false)
		k = tkQuoted
	case c == '$':
		if i+1 < len(s) && isDigit(s[i+1]) {
			i++
			for i < len(s) && isDigit(s[i]) {
				i++
			}
			k = tkParam
			break
		}
		// $tag$ ... $tag$ (the tag may be empty).
		j := i + 1
		for j < len(s) && s[j] != '$' && isIdentPart(s[j]) {
			j++
		}
		if j < len(s) && s[j] == '$' {
			tag := s[i : j+1]
			if e := strings.Index(s[j+1:], tag); e >= 0 {
				i = j + 1 + e + len(tag)
			} else {
				i = len(s)
			}
			k = tkString
			break
		}
		i++
	case isDigit(c) || c == '.' && i+1 < len(s) && isDigit(s[i+1]):
		i = number(s, i)
		k = tkNumber
	case c == '?':
		i++
		k = tkParam
	case (c == ':' || c == '@') && i+1 < len(s) && isIdentStart(s[i+1]) &&
		!(c == ':' && i > 0 && s[i-1] == ':'):
		// :name and @name placeholders (pgx.NamedArgs uses @name); a
		// PostgreSQL cast "::type" is punctuation.
		i++
		for i < len(s) && isIdentPart(s[i]) {
			i++
		}
		k = tkParam
	case isIdentStart(c):
		for i < len(s) && isIdentPart(s[i]) {
			i++
		}
		k = tkWord
	default:
		i++
	}
	if i <= start { // never loop on a token that consumed nothing
		i = start + 1
	}
	if i > len(s) {
		i = len(s)
	}
	l.pos = i
	return token{k: k, start: start, end: i}, true
}

// quoted returns the index after the quoted token opened by q at i.
// Doubled quotes escape a quote; backslash escapes too when bs.
func quoted(s string, i int, q byte, bs bool) int {
	i++
	for i < len(s) {
		switch {
		case bs && s[i] == '\\':
			i += 2
		case s[i] == q:
			if i+1 < len(s) && s[i+1] == q {
				i += 2
				continue
			}
			return i + 1
		default:
			i++
		}
	}
	return len(s)
}

// number returns the index after the numeric literal at i: digits, a
// fraction, an exponent, or a hex/binary/octal prefix form.
func number(s string, i int) int {
	if s[i] == '0' && i+1 < len(s) && (s[i+1] == 'x' || s[i+1] == 'X' || s[i+1] == 'b' || s[i+1] == 'B' || s[i+1] == 'o' || s[i+1] == 'O') {
		i += 2
		for i < len(s) && (isIdentPart(s[i]) && s[i] != '$') {
			i++
		}
		return i
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
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			i = j
			for i < len(s) && isDigit(s[i]) {
				i++
			}
		}
	}
	return i
}

// Sanitize returns query with every literal value (strings, numbers,
// dollar-quoted bodies) replaced by "?" and comments removed, keeping
// keywords, identifiers, placeholders and spacing as written. Use it for
// query text that was not parameterized, whose literals may be user data.
func Sanitize(query string) string {
	var b strings.Builder
	b.Grow(len(query))
	l := lexer{s: query}
	prevSpace := true
	for {
		t, ok := l.next()
		if !ok {
			break
		}
		switch t.k {
		case tkString, tkNumber:
			b.WriteByte('?')
			prevSpace = false
		case tkComment:
			// A comment may separate two tokens; keep them apart.
			if !prevSpace {
				b.WriteByte(' ')
				prevSpace = true
			}
		case tkSpace:
			if !prevSpace || b.Len() == 0 {
				b.WriteString(query[t.start:t.end])
			}
			prevSpace = true
		default:
			b.WriteString(query[t.start:t.end])
			prevSpace = false
		}
	}
	return strings.TrimSpace(b.String())
}

// operations that start a statement (or a nested one) and how many
// following keywords belong to the operation name (CREATE TABLE, ...).
var operations = map[string]bool{
	"SELECT": true, "INSERT": true, "UPDATE": true, "DELETE": true, "MERGE": true,
	"UPSERT": true, "REPLACE": true, "VALUES": true,
	"CREATE": true, "ALTER": true, "DROP": true, "TRUNCATE": true,
	"BEGIN": true, "START": true, "COMMIT": true, "ROLLBACK": true, "END": true,
	"SAVEPOINT": true, "RELEASE": true, "PREPARE": true, "EXECUTE": true, "DEALLOCATE": true,
	"COPY": true, "CALL": true, "DO": true, "EXPLAIN": true, "SET": true, "SHOW": true, "RESET": true,
	"VACUUM": true, "ANALYZE": true, "GRANT": true, "REVOKE": true, "LOCK": true,
	"LISTEN": true, "NOTIFY": true, "UNLISTEN": true, "DECLARE": true, "FETCH": true, "CLOSE": true,
	"REFRESH": true, "REINDEX": true, "CLUSTER": true, "COMMENT": true, "DISCARD": true, "USE": true,
}

// objectKinds follow CREATE/ALTER/DROP and name what is created.
var objectKinds = map[string]bool{
	"TABLE": true, "INDEX": true, "VIEW": true, "SCHEMA": true, "DATABASE": true, "SEQUENCE": true,
	"FUNCTION": true, "PROCEDURE": true, "TRIGGER": true, "TYPE": true, "EXTENSION": true,
	"ROLE": true, "USER": true, "DOMAIN": true, "MATERIALIZED": true,
}

// modifiers may sit between CREATE and the object kind.
var modifiers = map[string]bool{
	"OR": true, "REPLACE": true, "TEMP": true, "TEMPORARY": true, "UNLOGGED": true, "UNIQUE": true,
	"GLOBAL": true, "LOCAL": true, "CONCURRENTLY": true, "RECURSIVE": true,
}

// Summarize returns the first operation of query (upper-cased, with the
// object kind for DDL: "CREATE TABLE"), the collection when the query names
// exactly one table, and the summary: each operation followed by the
// tables it names, in order ("SELECT orders customers", "INSERT t SELECT
// u"). All three are empty when no operation is recognised. No literal
// value ever appears in the results.
func Summarize(query string) (operation, collection, summary string) {
	toks := significant(query)
	var sb strings.Builder
	full := false
	add := func(s string) {
		if full || s == "" {
			return
		}
		n := len(s)
		if sb.Len() > 0 {
			n++
		}
		if sb.Len()+n > maxSummary {
			full = true
			return
		}
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(s)
	}
	var tables []string
	addTable := func(name string) {
		add(name)
		for _, t := range tables {
			if t == name {
				return
			}
		}
		tables = append(tables, name)
	}
	word := func(i int) string {
		if i < len(toks) && toks[i].k == tkWord {
			return strings.ToUpper(query[toks[i].start:toks[i].end])
		}
		return ""
	}
	// name reads a possibly qualified table name at i: a.b, "A"."b".
	name := func(i int) (string, int) {
		if i >= len(toks) || (toks[i].k != tkWord && toks[i].k != tkQuoted) {
			return "", i
		}
		if toks[i].k == tkWord && reserved[strings.ToUpper(query[toks[i].start:toks[i].end])] {
			return "", i
		}
		start, end := toks[i].start, toks[i].end
		i++
		for i+1 < len(toks) && toks[i].k == tkPunct && query[toks[i].start] == '.' &&
			(toks[i+1].k == tkWord || toks[i+1].k == tkQuoted) {
			end = toks[i+1].end
			i += 2
		}
		return query[start:end], i
	}
	first := true
	expectStatement := true // at the start, after '(' or ';'
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.k == tkPunct {
			c := query[t.start]
			expectStatement = c == '(' || c == ';'
			continue
		}
		w := word(i)
		if w == "" {
			expectStatement = false
			continue
		}
		isOp := operations[w]
		// Words that are operations only at the start of a statement:
		// SET in UPDATE ... SET, VALUES after INSERT, END/CLOSE/... as
		// identifiers, REPLACE as a function.
		switch w {
		case "SET", "VALUES", "END", "CLOSE", "REPLACE", "COMMENT", "USE", "DO", "LOCK",
			"START", "RESET", "FETCH", "EXECUTE", "ANALYZE", "REFRESH", "CLUSTER", "DISCARD", "RELEASE":
			isOp = expectStatement
		case "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "WITH":
			// always operations (UPDATE in FOR UPDATE is the exception)
			if w == "UPDATE" && i > 0 && word(i-1) == "FOR" || w == "UPDATE" && i > 0 && word(i-1) == "DO" ||
				w == "UPDATE" && i > 0 && word(i-1) == "KEY" {
				isOp = false
			}
		}
		expectStatement = false
		if w == "WITH" {
			continue
		}
		if isOp {
			op := w
			j := i + 1
			switch w {
			case "CREATE", "ALTER", "DROP":
				for j < len(toks) && modifiers[word(j)] {
					j++
				}
				if k := word(j); objectKinds[k] {
					op = w + " " + k
					j++
					if k == "MATERIALIZED" && word(j) == "VIEW" {
						op += " VIEW"
						j++
					}
					for word(j) == "IF" || word(j) == "NOT" || word(j) == "EXISTS" {
						j++
					}
					if k == "TABLE" || k == "VIEW" || k == "MATERIALIZED" || k == "INDEX" || k == "SEQUENCE" {
						if k == "INDEX" && word(j) == "CONCURRENTLY" {
							j++
						}
						if n, nj := name(j); n != "" {
							add(op)
							if k == "INDEX" {
								add(n)
							} else {
								addTable(n)
							}
							if first {
								operation, first = op, false
							}
							i = nj - 1
							continue
						}
					}
				}
			case "BEGIN", "START", "COMMIT", "ROLLBACK", "END":
				if w == "START" && word(j) == "TRANSACTION" {
					op = "START TRANSACTION"
				}
			case "UPDATE", "TRUNCATE", "COPY", "LOCK", "ANALYZE", "VACUUM", "REFRESH", "CLUSTER", "REINDEX":
				for word(j) == "TABLE" || word(j) == "ONLY" || word(j) == "MATERIALIZED" || word(j) == "VIEW" {
					j++
				}
				add(op)
				if first {
					operation, first = op, false
				}
				if n, nj := name(j); n != "" {
					addTable(n)
					i = nj - 1
				}
				continue
			}
			add(op)
			if first {
				operation, first = op, false
			}
			continue
		}
		switch w {
		case "FROM", "JOIN", "INTO", "USING":
			// A list of tables after FROM: a, b c, d AS e.
			j := i + 1
			if word(j) == "ONLY" || word(j) == "LATERAL" {
				j++
			}
			for {
				n, nj := name(j)
				if n == "" {
					break
				}
				addTable(n)
				j = nj
				// skip an alias
				if word(j) == "AS" {
					j++
				}
				if j < len(toks) && (toks[j].k == tkWord && !reserved[word(j)] || toks[j].k == tkQuoted) {
					j++
				}
				if w != "FROM" || j >= len(toks) || toks[j].k != tkPunct || query[toks[j].start] != ',' {
					break
				}
				j++
			}
			i = j - 1
		}
	}
	if len(tables) == 1 {
		collection = tables[0]
	}
	return operation, collection, sb.String()
}

// reserved words end a table list (and are never table names).
var reserved = map[string]bool{
	"SELECT": true, "FROM": true, "WHERE": true, "JOIN": true, "INNER": true, "LEFT": true, "RIGHT": true,
	"FULL": true, "OUTER": true, "CROSS": true, "NATURAL": true, "ON": true, "USING": true, "GROUP": true,
	"ORDER": true, "HAVING": true, "LIMIT": true, "OFFSET": true, "UNION": true, "INTERSECT": true,
	"EXCEPT": true, "RETURNING": true, "VALUES": true, "SET": true, "AS": true, "WINDOW": true,
	"FOR": true, "INTO": true, "DEFAULT": true, "LATERAL": true, "ONLY": true, "WITH": true,
	"AND": true, "OR": true, "NOT": true, "TABLESAMPLE": true, "FETCH": true, "OVERRIDING": true,
	"DO": true, "UPDATE": true, "INSERT": true, "DELETE": true, "TO": true,
	"STDIN": true, "STDOUT": true, "WHEN": true, "THEN": true, "ELSE": true, "CASE": true, "IF": true,
}

// significant returns the tokens that matter for a summary: no spaces or
// comments.
func significant(query string) []token {
	var toks []token
	l := lexer{s: query}
	for {
		t, ok := l.next()
		if !ok {
			return toks
		}
		if t.k != tkSpace && t.k != tkComment {
			toks = append(toks, t)
		}
	}
}
