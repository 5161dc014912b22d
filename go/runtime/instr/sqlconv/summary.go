package sqlconv

import "strings"

// Info is what Analyze learns of a query text. Every field holds words of
// the text as written (no case change) and never a literal.
type Info struct {
	// Summary is db.query.summary: each operation followed by its targets,
	// in order ("SELECT users", "INSERT orders SELECT carts"), at most 255
	// bytes, cut between parts; "" when no operation is recognised.
	Summary string
	// Operation is db.operation.name when every operation of the text has
	// the same name (the first as written); "" otherwise.
	Operation string
	// Collection is db.collection.name when the text names exactly one
	// table (however often).
	Collection string
	// Procedure is db.stored_procedure.name of a text whose only operation
	// is CALL (or EXEC in SQL Server).
	Procedure string
}

// MaxSummary is the conventions' limit for a generated summary.
const MaxSummary = 255

// kinds of operation keywords.
const (
	opNone   = iota
	opSelect // SELECT: targets in FROM/JOIN at its own depth
	opDML    // INSERT/REPLACE/UPSERT/MERGE/UPDATE/DELETE: first name is a target
	opDDL    // CREATE/DROP/ALTER: op is "KW kind", name after it is a target
	opTables // TRUNCATE, COPY, LOCK, VACUUM...: [TABLE] names, statement start only
	opCall   // CALL, and EXEC/EXECUTE where they call procedures
	opPrefix // EXPLAIN: an operation that another one follows
	opOpaque // BEGIN, SET, SHOW, GRANT...: the operation alone, statement start only
)

var opKeywords = map[string]int{
	"SELECT": opSelect,
	"INSERT": opDML, "REPLACE": opDML, "UPSERT": opDML, "MERGE": opDML,
	"UPDATE": opDML, "DELETE": opDML,
	"CREATE": opDDL, "DROP": opDDL, "ALTER": opDDL,
	"TRUNCATE": opTables, "COPY": opTables, "LOCK": opTables, "VACUUM": opTables,
	"ANALYZE": opTables, "REFRESH": opTables, "CLUSTER": opTables, "REINDEX": opTables,
	"OPTIMIZE": opTables,
	"CALL":     opCall, "EXEC": opCall, "EXECUTE": opCall,
	"EXPLAIN": opPrefix,
	"BEGIN":   opOpaque, "START": opOpaque, "COMMIT": opOpaque, "ROLLBACK": opOpaque,
	"END": opOpaque, "SAVEPOINT": opOpaque, "RELEASE": opOpaque, "SET": opOpaque,
	"SHOW": opOpaque, "USE": opOpaque, "GRANT": opOpaque, "REVOKE": opOpaque,
	"PRAGMA": opOpaque, "DECLARE": opOpaque, "FETCH": opOpaque, "CLOSE": opOpaque,
	"PREPARE": opOpaque, "DEALLOCATE": opOpaque, "LISTEN": opOpaque, "NOTIFY": opOpaque,
	"UNLISTEN": opOpaque, "DESCRIBE": opOpaque, "DESC": opOpaque, "COMMENT": opOpaque,
	"DO": opOpaque, "RESET": opOpaque, "DISCARD": opOpaque, "ATTACH": opOpaque,
	"DETACH": opOpaque, "FLUSH": opOpaque, "KILL": opOpaque, "HANDLER": opOpaque,
	"LOAD": opOpaque, "VALUES": opOpaque,
}

// ddlKinds may follow CREATE/DROP/ALTER and become part of the operation;
// the bool says whether the object named is a collection.
var ddlKinds = map[string]bool{
	"TABLE": true, "VIEW": true, "INDEX": true,
	"SEQUENCE": false, "SCHEMA": false, "DATABASE": false, "FUNCTION": false,
	"PROCEDURE": false, "TRIGGER": false, "TYPE": false, "EXTENSION": false,
	"USER": false, "ROLE": false, "DOMAIN": false,
}

// ddlModifiers may stand between CREATE/DROP/ALTER and the kind.
var ddlModifiers = map[string]bool{
	"OR": true, "REPLACE": true, "TEMP": true, "TEMPORARY": true, "UNIQUE": true,
	"UNLOGGED": true, "GLOBAL": true, "LOCAL": true, "MATERIALIZED": true,
	"VIRTUAL": true, "RECURSIVE": true, "FULLTEXT": true, "SPATIAL": true,
	"CONCURRENTLY": true,
}

// tableOptions may stand between an opTables keyword and its names:
// VACUUM FULL VERBOSE t, REFRESH MATERIALIZED VIEW v, LOCK TABLES t.
var tableOptions = map[string]bool{
	"TABLE": true, "TABLES": true, "ONLY": true, "MATERIALIZED": true, "VIEW": true,
	"FULL": true, "FREEZE": true, "VERBOSE": true, "ANALYZE": true, "CONCURRENTLY": true,
	"NO_WRITE_TO_BINLOG": true, "LOCAL": true,
}

// reindexKinds: REINDEX of something other than a table names no
// collection.
var reindexKinds = map[string]bool{
	"INDEX": true, "SCHEMA": true, "DATABASE": true, "SYSTEM": true,
}

// notNames are keywords that are never a table name where one may stand
// (modifiers before it, or clauses right after FROM).
var notNames = map[string]bool{
	"INTO": true, "FROM": true, "ONLY": true, "LATERAL": true, "IGNORE": true,
	"LOW_PRIORITY": true, "HIGH_PRIORITY": true, "DELAYED": true, "QUICK": true,
	"OR": true, "ROLLBACK": true, "ABORT": true, "REPLACE": true, "FAIL": true,
	"TABLE": true, "IF": true, "NOT": true, "EXISTS": true, "CONCURRENTLY": true,
	"WHERE": true, "SET": true, "VALUES": true, "SELECT": true, "DEFAULT": true,
	"USING": true, "ON": true, "AS": true, "WITH": true, "DUAL": true,
	"GROUP": true, "ORDER": true, "LIMIT": true, "HAVING": true, "UNION": true,
	"JOIN": true, "INNER": true, "LEFT": true, "RIGHT": true, "FULL": true,
	"OUTER": true, "CROSS": true, "NATURAL": true, "WINDOW": true, "OFFSET": true,
	"FOR": true, "RETURNING": true, "EXCEPT": true, "INTERSECT": true,
	"STRAIGHT_JOIN": true, "UNNEST": true, "TOP": true, "STDIN": true, "STDOUT": true,
	"TO": true, "IN": true, "WHEN": true, "THEN": true, "ELSE": true, "CASE": true,
	"AND": true, "TABLESAMPLE": true,
}

// clause keywords end a FROM list.
var fromEnd = map[string]bool{
	"WHERE": true, "GROUP": true, "ORDER": true, "LIMIT": true, "HAVING": true,
	"UNION": true, "EXCEPT": true, "INTERSECT": true, "WINDOW": true,
	"OFFSET": true, "FOR": true, "RETURNING": true, "SET": true, "ON": true,
	"USING": true, "VALUES": true, "FETCH": true, "INTO": true, "MINUS": true,
	"QUALIFY": true, "WHEN": true, "SELECT": true, "TABLESAMPLE": true,
}

var joinWords = map[string]bool{
	"JOIN": true, "STRAIGHT_JOIN": true,
}

// summarizer walks the tokens of one query.
type summarizer struct {
	l       lexer
	q       string
	tok     token
	prev    token // the token before tok (kind tkEOF at the start)
	depth   int
	stack   []int // paren depth of each SELECT/UPDATE/DELETE/MERGE seen
	parts   []string
	op      string // the first operation
	ops     int
	mixed   bool // operations of more than one name
	coll    string
	colls   int // distinct collections, up to 2
	proc    string
	onlyOp  int // kind of the only operation so far
	hasProc bool
}

func (s *summarizer) advance() {
	s.prev = s.tok
	s.tok = s.l.next()
	if s.tok.kind == tkPunct {
		switch s.q[s.tok.start] {
		case '(':
			s.depth++
		case ')':
			if s.depth > 0 {
				s.depth--
			}
			for len(s.stack) > 0 && s.stack[len(s.stack)-1] > s.depth {
				s.stack = s.stack[:len(s.stack)-1]
			}
		case ';':
			s.depth = 0
			s.stack = s.stack[:0]
		}
	}
}

func (s *summarizer) text(t token) string { return s.q[t.start:t.end] }

// upper is the keyword at t; "" for anything that cannot be one. ToUpper
// allocates nothing for text already in upper case.
func (s *summarizer) upper(t token) string {
	if t.kind != tkWord || t.end-t.start > 18 {
		return ""
	}
	return strings.ToUpper(s.q[t.start:t.end])
}

func (s *summarizer) isPunct(t token, c byte) bool {
	return t.kind == tkPunct && s.q[t.start] == c
}

// atStatementStart: an operation keyword here starts an operation (not
// FOR UPDATE, ON DELETE, DO UPDATE, THEN INSERT...).
func (s *summarizer) atStatementStart() bool {
	p := s.prev
	if p.kind == tkEOF || s.isPunct(p, ';') || s.isPunct(p, '(') || s.isPunct(p, ')') {
		return true
	}
	switch s.upper(p) {
	case "EXPLAIN", "ANALYZE", "VERBOSE", "AS":
		return true
	}
	return false
}

// atTextStart: the first word of a statement (one-word operations such as
// SET or VALUES mean something else anywhere else).
func (s *summarizer) atTextStart() bool {
	return s.prev.kind == tkEOF || s.isPunct(s.prev, ';')
}

func (s *summarizer) addOp(op string, kind int) {
	s.parts = append(s.parts, op)
	if s.ops == 0 {
		s.op, s.onlyOp = op, kind
	} else if !strings.EqualFold(op, s.op) {
		s.mixed = true
	}
	s.ops++
}

func (s *summarizer) addTarget(name string, coll bool) {
	if name == "" {
		return
	}
	s.parts = append(s.parts, name)
	if !coll {
		return
	}
	switch {
	case s.colls == 0:
		s.coll, s.colls = name, 1
	case name != s.coll:
		s.colls = 2
	}
}

// name reads a possibly qualified name (a.b, "x"."y", `db`.`t`) starting
// at the current token; "" if the token is not a name. It leaves the
// current token on the name's last part.
func (s *summarizer) name() string {
	t := s.tok
	if !(t.kind == tkWord && !notNames[s.upper(t)] || t.kind == tkQuoted) {
		return ""
	}
	start, end := t.start, t.end
	for {
		snap := s.snapshot()
		s.advance()
		if !s.isPunct(s.tok, '.') || s.tok.start != end {
			s.restore(snap)
			break
		}
		s.advance()
		if (s.tok.kind != tkWord && s.tok.kind != tkQuoted) || s.tok.start != end+1 {
			s.restore(snap)
			break
		}
		end = s.tok.end
	}
	return s.q[start:end]
}

// snap is the scanning state, to look ahead and come back.
type snap struct {
	l           lexer
	tok, prev   token
	depth, nstk int
}

func (s *summarizer) snapshot() snap {
	return snap{s.l, s.tok, s.prev, s.depth, len(s.stack)}
}

func (s *summarizer) restore(p snap) {
	s.l, s.tok, s.prev, s.depth = p.l, p.tok, p.prev, p.depth
	s.stack = s.stack[:p.nstk]
}

// skipModifiers advances over keywords that may stand before a name.
func (s *summarizer) skipModifiers() {
	for s.tok.kind == tkWord {
		if u := s.upper(s.tok); !notNames[u] || fromEnd[u] && u != "INTO" {
			return
		}
		s.advance()
	}
}

// skipStatement advances to the ; or the end that ends the statement.
func (s *summarizer) skipStatement() {
	for s.tok.kind != tkEOF && !s.isPunct(s.tok, ';') {
		s.advance()
	}
}

// skipParens advances over a parenthesized group at the current token.
func (s *summarizer) skipParens() {
	if !s.isPunct(s.tok, '(') {
		return
	}
	d := s.depth - 1
	for s.advance(); s.tok.kind != tkEOF && s.depth > d && !s.isPunct(s.tok, ';'); s.advance() {
	}
	if s.isPunct(s.tok, ')') {
		s.advance()
	}
}

// fromList reads the tables of a FROM clause (or of a JOIN): names
// separated by commas, each with an optional alias; a name followed by (
// is a function, a ( opens a subquery (left to the main loop).
func (s *summarizer) fromList() {
	s.advance()
	for s.tok.kind != tkEOF {
		s.skipModifiers()
		if s.tok.kind != tkWord && s.tok.kind != tkQuoted {
			return
		}
		n := s.name()
		if n == "" {
			return
		}
		depth := s.depth
		s.advance()
		if s.isPunct(s.tok, '(') {
			return // table function: not a collection
		}
		s.addTarget(n, true)
		// optional alias: [AS] word
		if u := s.upper(s.tok); u == "AS" {
			s.advance()
		}
		if (s.tok.kind == tkWord && !fromEnd[s.upper(s.tok)] && !notNames[s.upper(s.tok)] && !joinWords[s.upper(s.tok)]) ||
			s.tok.kind == tkQuoted {
			s.advance()
		}
		if s.isPunct(s.tok, ',') && s.depth == depth {
			s.advance()
			continue
		}
		return
	}
}

// tableList reads the names after TRUNCATE, LOCK, VACUUM...: a name, then
// anything up to a comma at its depth (lock modes, column lists) and the
// next name, to the end of the statement.
func (s *summarizer) tableList(coll bool) {
	for s.tok.kind != tkEOF {
		s.skipModifiers()
		n := s.name()
		if n == "" {
			break
		}
		s.addTarget(n, coll)
		depth := s.depth
		s.advance()
		for s.tok.kind != tkEOF && !s.isPunct(s.tok, ';') && !(s.isPunct(s.tok, ',') && s.depth == depth) {
			s.advance()
		}
		if !s.isPunct(s.tok, ',') {
			break
		}
		s.advance()
	}
	s.skipStatement()
}

// Analyze scans query for db.query.summary and the attributes that go
// with it (see Info).
func Analyze(query string, d Dialect) Info {
	s := summarizer{l: lexer{s: query, d: d}, q: query}
	s.advance()
	for s.tok.kind != tkEOF {
		if s.tok.kind != tkWord {
			s.advance()
			continue
		}
		u := s.upper(s.tok)
		if joinWords[u] || u == "FROM" || u == "USING" {
			// FROM at the depth of a SELECT/UPDATE/DELETE; USING at that
			// depth too (DELETE … USING t, MERGE … USING t; JOIN … USING
			// (col) names no table); JOIN anywhere under one.
			if len(s.stack) > 0 && s.stack[len(s.stack)-1] == s.depth || joinWords[u] && len(s.stack) > 0 {
				s.fromList()
				continue
			}
			s.advance()
			continue
		}
		kind := opKeywords[u]
		if kind == opCall && u != "CALL" && !d.execIsCall() {
			kind = opOpaque // EXECUTE of a prepared statement
		}
		if kind == opNone || s.isPunct(s.prev, '.') {
			s.advance()
			continue
		}
		if (kind == opOpaque || kind == opTables) && !s.atTextStart() ||
			kind != opSelect && !s.atStatementStart() {
			s.advance()
			continue
		}
		word := s.text(s.tok)
		switch kind {
		case opSelect:
			s.addOp(word, kind)
			s.stack = append(s.stack, s.depth)
			s.advance()
		case opDML:
			if u == "REPLACE" && !s.isPunct(s.prev, '(') && s.peekPunct('(') {
				s.advance() // REPLACE(...) the function
				continue
			}
			s.addOp(word, kind)
			// FROM (DELETE, UPDATE … FROM) and USING (DELETE, MERGE) list
			// tables as for SELECT.
			s.stack = append(s.stack, s.depth)
			s.advance()
			if u == "DELETE" {
				continue
			}
			s.skipModifiers()
			s.addTarget(s.name(), true)
			s.advance()
		case opDDL:
			s.advance()
			for s.tok.kind == tkWord && ddlModifiers[s.upper(s.tok)] {
				s.advance()
			}
			k := s.upper(s.tok)
			isColl, ok := ddlKinds[k]
			if !ok {
				s.addOp(word, kind)
				s.skipStatement()
				continue
			}
			s.addOp(word+" "+s.text(s.tok), kind)
			s.advance()
			s.skipModifiers()
			n := s.name()
			if k == "INDEX" {
				// the table comes after ON
				for s.tok.kind != tkEOF && s.upper(s.tok) != "ON" && !s.isPunct(s.tok, ';') {
					s.advance()
				}
				if s.upper(s.tok) == "ON" {
					s.advance()
					s.skipModifiers()
					n = s.name()
				} else {
					n = ""
				}
			}
			s.addTarget(n, isColl)
			s.advance()
		case opTables:
			s.addOp(word, kind)
			s.advance()
			if s.isPunct(s.tok, '(') {
				if u == "COPY" {
					continue // COPY (query) TO …: the query's operations follow
				}
				s.skipParens() // VACUUM (VERBOSE) t
			}
			coll := true
			if u == "REINDEX" && reindexKinds[s.upper(s.tok)] {
				coll = false
				s.advance()
			}
			for s.tok.kind == tkWord && tableOptions[s.upper(s.tok)] {
				s.advance()
			}
			s.tableList(coll)
		case opCall:
			s.addOp(word, kind)
			s.advance()
			if n := s.name(); n != "" {
				s.parts = append(s.parts, n)
				if !s.hasProc {
					s.proc, s.hasProc = n, true
				}
			}
			s.skipStatement()
		case opPrefix:
			s.addOp(word, kind)
			s.advance()
		default:
			if u == "START" && s.peekWord("TRANSACTION") {
				s.advance()
				word += " " + s.text(s.tok)
			}
			s.addOp(word, kind)
			s.skipStatement()
		}
	}
	var in Info
	in.Summary = joinSummary(s.parts)
	if s.ops > 0 && !s.mixed {
		in.Operation = s.op
		if s.ops == 1 && s.onlyOp == opCall {
			in.Procedure = s.proc
		}
	}
	if s.colls == 1 {
		in.Collection = s.coll
	}
	return in
}

// peekPunct reports whether the token after the current one is c.
func (s *summarizer) peekPunct(c byte) bool {
	l := s.l
	t := l.next()
	return t.kind == tkPunct && s.q[t.start] == c
}

// peekWord reports whether the token after the current one is the
// keyword w (upper case).
func (s *summarizer) peekWord(w string) bool {
	l := s.l
	t := l.next()
	return t.kind == tkWord && strings.EqualFold(s.q[t.start:t.end], w)
}

// joinSummary joins parts with spaces, stopping before the part that would
// take it past MaxSummary.
func joinSummary(parts []string) string {
	n := 0
	k := 0
	for ; k < len(parts); k++ {
		add := len(parts[k])
		if k > 0 {
			add++
		}
		if n+add > MaxSummary {
			break
		}
		n += add
	}
	return strings.Join(parts[:k], " ")
}
