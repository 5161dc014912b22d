package databasesql

import "strings"

// queryInfo is what the scanner learns of a query text.
type queryInfo struct {
	summary    string // db.query.summary: operations and targets in order
	operation  string // db.operation.name when the text holds one operation
	collection string // db.collection.name when that operation works on one table
	procedure  string // db.stored_procedure.name of a lone CALL/EXEC
}

// maxSummary is the semconv limit for a generated summary.
const maxSummary = 255

// kinds of operation keywords.
const (
	opNone   = iota
	opSelect // SELECT: targets in FROM/JOIN at its own depth
	opDML    // INSERT/REPLACE/UPSERT/MERGE/UPDATE/DELETE: first name is a target
	opDDL    // CREATE/DROP/ALTER: op is "KW kind", name after it is a target
	opTrunc  // TRUNCATE [TABLE] names
	opCall   // CALL/EXEC/EXECUTE proc
	opPrefix // EXPLAIN: an operation that another one follows
	opOpaque // BEGIN, SET, SHOW, GRANT...: the operation alone
)

var opKeywords = map[string]int{
	"SELECT": opSelect,
	"INSERT": opDML, "REPLACE": opDML, "UPSERT": opDML, "MERGE": opDML,
	"UPDATE": opDML, "DELETE": opDML,
	"CREATE": opDDL, "DROP": opDDL, "ALTER": opDDL,
	"TRUNCATE": opTrunc,
	"CALL":     opCall, "EXEC": opCall, "EXECUTE": opCall,
	"EXPLAIN": opPrefix,
	"BEGIN":   opOpaque, "START": opOpaque, "COMMIT": opOpaque, "ROLLBACK": opOpaque,
	"SAVEPOINT": opOpaque, "RELEASE": opOpaque, "SET": opOpaque, "SHOW": opOpaque,
	"USE": opOpaque, "GRANT": opOpaque, "REVOKE": opOpaque, "PRAGMA": opOpaque,
	"VACUUM": opOpaque, "ANALYZE": opOpaque, "LOCK": opOpaque, "COPY": opOpaque,
	"DECLARE": opOpaque, "FETCH": opOpaque, "PREPARE": opOpaque, "DEALLOCATE": opOpaque,
	"LISTEN": opOpaque, "NOTIFY": opOpaque, "UNLISTEN": opOpaque, "DESCRIBE": opOpaque,
	"DESC": opOpaque, "REINDEX": opOpaque, "CLUSTER": opOpaque, "COMMENT": opOpaque,
	"REFRESH": opOpaque, "DO": opOpaque, "RESET": opOpaque, "DISCARD": opOpaque,
	"ATTACH": opOpaque, "DETACH": opOpaque, "OPTIMIZE": opOpaque, "FLUSH": opOpaque,
	"KILL": opOpaque, "HANDLER": opOpaque, "LOAD": opOpaque,
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
	"STRAIGHT_JOIN": true, "UNNEST": true, "TOP": true,
}

// clause keywords end a FROM list.
var fromEnd = map[string]bool{
	"WHERE": true, "GROUP": true, "ORDER": true, "LIMIT": true, "HAVING": true,
	"UNION": true, "EXCEPT": true, "INTERSECT": true, "WINDOW": true,
	"OFFSET": true, "FOR": true, "RETURNING": true, "SET": true, "ON": true,
	"USING": true, "VALUES": true, "FETCH": true, "INTO": true, "MINUS": true,
	"QUALIFY": true, "WHEN": true, "SELECT": true,
}

var joinWords = map[string]bool{
	"JOIN": true, "STRAIGHT_JOIN": true,
}

// summarizer walks the tokens of one query.
type summarizer struct {
	l      lexer
	q      string
	tok    token
	prev   token // the token before tok (kind tkEOF at the start)
	depth  int
	stack  []int // paren depth of each SELECT seen
	parts  []string
	nOps   int
	nColl  int
	op     string
	coll   string
	proc   string
	opaque bool // skip to the end of the statement
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
			s.opaque = false
		}
	}
}

func (s *summarizer) text(t token) string { return s.q[t.start:t.end] }

func (s *summarizer) upper(t token) string {
	if t.kind != tkWord || t.end-t.start > 16 {
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

func (s *summarizer) addOp(op string) {
	s.parts = append(s.parts, op)
	s.nOps++
	s.op = op
}

func (s *summarizer) addTarget(name string, coll bool) {
	if name == "" {
		return
	}
	s.parts = append(s.parts, name)
	if coll {
		s.nColl++
		s.coll = name
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
	opaque      bool
}

func (s *summarizer) snapshot() snap {
	return snap{s.l, s.tok, s.prev, s.depth, len(s.stack), s.opaque}
}

func (s *summarizer) restore(p snap) {
	s.l, s.tok, s.prev, s.depth, s.opaque = p.l, p.tok, p.prev, p.depth, p.opaque
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

// analyze scans query for db.query.summary and friends.
func analyze(query string, d dialect) queryInfo {
	s := summarizer{l: lexer{s: query, d: d}, q: query}
	s.advance()
	for s.tok.kind != tkEOF {
		if s.opaque || s.tok.kind != tkWord {
			s.advance()
			continue
		}
		u := s.upper(s.tok)
		if joinWords[u] || u == "FROM" {
			if len(s.stack) > 0 && s.stack[len(s.stack)-1] == s.depth || u != "FROM" && len(s.stack) > 0 {
				s.fromList()
				continue
			}
			s.advance()
			continue
		}
		kind := opKeywords[u]
		if kind == opNone || s.isPunct(s.prev, '.') {
			s.advance()
			continue
		}
		if kind == opOpaque && !(s.prev.kind == tkEOF || s.isPunct(s.prev, ';')) ||
			kind != opSelect && !s.atStatementStart() {
			s.advance()
			continue
		}
		word := s.text(s.tok)
		switch kind {
		case opSelect:
			s.addOp(word)
			s.stack = append(s.stack, s.depth)
			s.advance()
		case opDML:
			if (u == "REPLACE") && !s.isPunct(s.prev, '(') && s.peekPunct('(') {
				s.advance() // REPLACE(...) the function
				continue
			}
			s.addOp(word)
			s.advance()
			if u == "DELETE" {
				// DELETE FROM t: FROM is handled as for SELECT.
				s.stack = append(s.stack, s.depth)
				continue
			}
			if u == "UPDATE" {
				s.stack = append(s.stack, s.depth) // UPDATE .. FROM
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
				s.addOp(word)
				s.opaque = true
				continue
			}
			s.addOp(word + " " + s.text(s.tok))
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
		case opTrunc:
			s.addOp(word)
			s.advance()
			for {
				s.skipModifiers()
				n := s.name()
				if n == "" {
					break
				}
				s.addTarget(n, true)
				s.advance()
				if !s.isPunct(s.tok, ',') {
					break
				}
				s.advance()
			}
		case opCall:
			s.addOp(word)
			s.advance()
			if n := s.name(); n != "" {
				s.parts = append(s.parts, n)
				s.proc = n
				s.advance()
			}
			s.opaque = true
		case opPrefix:
			s.addOp(word)
			s.advance()
		default:
			s.addOp(word)
			s.opaque = true
			s.advance()
		}
	}
	var qi queryInfo
	qi.summary = joinSummary(s.parts)
	if s.nOps == 1 {
		qi.operation = s.op
		if s.nColl == 1 {
			qi.collection = s.coll
		}
		qi.procedure = s.proc
	}
	return qi
}

// peekPunct reports whether the token after the current one is c.
func (s *summarizer) peekPunct(c byte) bool {
	l := s.l
	t := l.next()
	return t.kind == tkPunct && s.q[t.start] == c
}

// joinSummary joins parts with spaces, stopping before the part that would
// take it past maxSummary.
func joinSummary(parts []string) string {
	n := 0
	k := 0
	for ; k < len(parts); k++ {
		add := len(parts[k])
		if k > 0 {
			add++
		}
		if n+add > maxSummary {
			break
		}
		n += add
	}
	return strings.Join(parts[:k], " ")
}
