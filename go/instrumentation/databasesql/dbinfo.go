package databasesql

import (
	"database/sql/driver"
	"net"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"go.opentelemetry.io/otel/attribute"

	"gotel.dev/runtime/instr/sqlconv"
)

// dbInfo is what every span of one *sql.DB shares, found once when the DB
// is opened: never credentials.
type dbInfo struct {
	system    string
	namespace string
	address   string
	port      int
	dialect   sqlconv.Dialect
	attrs     []attribute.KeyValue // the attributes above, ready to append
}

func newDBInfo(system, namespace, address string, port int) *dbInfo {
	in := &dbInfo{system: system, namespace: namespace, address: address, port: port, dialect: sqlconv.DialectOf(system)}
	in.attrs = append(in.attrs, keyDBSystemName.String(system))
	if namespace != "" {
		in.attrs = append(in.attrs, keyDBNamespace.String(namespace))
	}
	if address != "" {
		in.attrs = append(in.attrs, keyServerAddress.String(address))
		if port > 0 {
			in.attrs = append(in.attrs, keyServerPort.Int(port))
		}
	}
	return in
}

// unknownDB describes a DB whose opening gotel did not see.
var unknownDB = newDBInfo(systemOtherSQL, "", "", 0)

// target is the {target} of a span name without a summary.
func (in *dbInfo) target() string {
	if in.namespace != "" {
		return in.namespace
	}
	if in.address != "" && in.port > 0 {
		return net.JoinHostPort(in.address, strconv.Itoa(in.port))
	}
	return in.address
}

// driverSystems maps a driver's package path (or a prefix of it, ending in
// /) to db.system.name.
var driverSystems = []struct{ pkg, system string }{
	{"github.com/lib/pq", systemPostgreSQL},
	{"github.com/jackc/pgx/", systemPostgreSQL},
	{"github.com/go-sql-driver/mysql", systemMySQL},
	{"modernc.org/sqlite", systemSQLite},
	{"github.com/mattn/go-sqlite3", systemSQLite},
	{"github.com/glebarez/go-sqlite", systemSQLite},
	{"github.com/ncruces/go-sqlite3", systemSQLite},
	{"github.com/microsoft/go-mssqldb", systemMSSQL},
	{"github.com/denisenkom/go-mssqldb", systemMSSQL},
	{"github.com/sijms/go-ora", systemOracle},
	{"github.com/godror/godror", systemOracle},
	{"github.com/ClickHouse/clickhouse-go", systemClickHouse},
}

// systemOf names the database system from the driver's type, whatever name
// the driver was registered under.
func systemOf(d driver.Driver) string {
	t := innerDriver(reflect.ValueOf(d))
	if t == nil {
		return systemOtherSQL
	}
	pkg := t.PkgPath()
	for _, e := range driverSystems {
		if pkg == e.pkg || strings.HasPrefix(pkg, e.pkg) && (strings.HasSuffix(e.pkg, "/") || pkg[len(e.pkg)] == '/') {
			return e.system
		}
	}
	return systemOtherSQL
}

// otelsqlPkg is the package of otelsql's driver and connector wrappers,
// which gotel looks through (docs/instrumentation/otelsql.md).
const otelsqlPkg = "github.com/XSAM/otelsql"

// innerDriver is the type of the driver d hands its work to: d's own,
// or, for otelsql's wrapper (a *otDriver, or an unnamed struct embedding
// one), that of the driver it wraps. Only types and unexported fields are
// read, never called.
func innerDriver(v reflect.Value) reflect.Type {
	for range 6 {
		for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
			if v.IsNil() {
				t := v.Type()
				for t.Kind() == reflect.Pointer {
					t = t.Elem()
				}
				return t
			}
			v = v.Elem()
		}
		if !v.IsValid() {
			return nil
		}
		t := v.Type()
		if t.Kind() != reflect.Struct {
			return t
		}
		switch {
		case t.PkgPath() == otelsqlPkg:
			f := v.FieldByName("driver")
			if !f.IsValid() || f.Kind() != reflect.Interface {
				return t
			}
			v = f
		case t.Name() == "" && t.NumField() == 1 && t.Field(0).Anonymous:
			// struct{ driver.Driver }, otelsql's wrapper of drivers that
			// have no connectors.
			v = v.Field(0)
		default:
			return t
		}
	}
	return nil
}

// conn is the connection target of a DSN or connector.
type conn struct {
	namespace, address string
	port               int
}

// parseDSN reads the database, host and port from a data source name in
// the forms the drivers of system take; anything it does not recognise
// gives an empty result.
func parseDSN(system, dsn string) conn {
	dsn = strings.TrimSpace(dsn)
	if i := strings.Index(dsn, "://"); i > 0 && !strings.ContainsAny(dsn[:i], "@/( ") {
		return parseURLDSN(dsn)
	}
	switch system {
	case systemMySQL, systemMariaDB:
		return parseMySQLDSN(dsn)
	case systemSQLite:
		return conn{}
	case systemMSSQL:
		return parseSemicolonDSN(dsn)
	}
	if strings.Contains(dsn, "=") {
		if strings.Contains(dsn, ";") {
			return parseSemicolonDSN(dsn)
		}
		return parseKeyValueDSN(dsn)
	}
	return conn{}
}

// parseURLDSN: scheme://user:pass@host:port[,host2...]/db?params. For
// SQL Server the database is the "database" parameter.
func parseURLDSN(dsn string) conn {
	var c conn
	rest := dsn[strings.Index(dsn, "://")+3:]
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		path := rest[i:]
		rest = rest[:i]
		if q := strings.IndexByte(path, '?'); q >= 0 {
			if v, err := url.ParseQuery(path[q+1:]); err == nil {
				if db := v.Get("database"); db != "" {
					c.namespace = db
				} else if db := v.Get("dbname"); db != "" {
					c.namespace = db
				}
				if h := v.Get("host"); h != "" && !strings.Contains(rest, "@") && rest == "" {
					rest = h
				}
			}
			path = path[:q]
		}
		if p := strings.TrimPrefix(path, "/"); p != "" {
			if u, err := url.PathUnescape(p); err == nil {
				c.namespace = u
			}
		}
	}
	// credentials: everything up to the last @ of the authority
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	if i := strings.IndexByte(rest, ','); i >= 0 {
		rest = rest[:i] // several hosts: the first one
	}
	c.address, c.port = splitHostPort(rest)
	if strings.HasPrefix(c.address, "%2F") || strings.HasPrefix(c.address, "%2f") {
		if u, err := url.PathUnescape(c.address); err == nil {
			c.address = u
		}
	}
	return c
}

// parseKeyValueDSN: PostgreSQL's host=... port=... dbname=... with
// optionally single-quoted values.
func parseKeyValueDSN(dsn string) conn {
	var c conn
	s := dsn
	for s != "" {
		s = strings.TrimLeft(s, " \t\n\r")
		eq := strings.IndexByte(s, '=')
		if eq < 0 {
			break
		}
		key := strings.TrimSpace(s[:eq])
		s = strings.TrimLeft(s[eq+1:], " \t")
		var val string
		if strings.HasPrefix(s, "'") {
			var b strings.Builder
			i := 1
			for ; i < len(s); i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
					b.WriteByte(s[i])
					continue
				}
				if s[i] == '\'' {
					break
				}
				b.WriteByte(s[i])
			}
			val = b.String()
			if i < len(s) {
				i++
			}
			s = s[i:]
		} else {
			i := strings.IndexAny(s, " \t\n\r")
			if i < 0 {
				i = len(s)
			}
			val, s = s[:i], s[i:]
		}
		switch strings.ToLower(key) {
		case "host":
			if i := strings.IndexByte(val, ','); i >= 0 {
				val = val[:i]
			}
			c.address = val
		case "hostaddr":
			if c.address == "" {
				c.address = val
			}
		case "port":
			if i := strings.IndexByte(val, ','); i >= 0 {
				val = val[:i]
			}
			c.port, _ = strconv.Atoi(val)
		case "dbname", "database":
			c.namespace = val
		}
	}
	return c
}

// parseSemicolonDSN: ADO style server=host,port;database=db;...
func parseSemicolonDSN(dsn string) conn {
	var c conn
	for _, kv := range strings.Split(dsn, ";") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "server", "data source", "host", "address", "addr":
			v = strings.TrimPrefix(v, "tcp:")
			if h, p, ok := strings.Cut(v, ","); ok {
				c.address = h
				c.port, _ = strconv.Atoi(strings.TrimSpace(p))
			} else {
				c.address, c.port = splitHostPort(v)
			}
		case "port":
			c.port, _ = strconv.Atoi(v)
		case "database", "initial catalog", "dbname":
			c.namespace = v
		}
	}
	return c
}

// parseMySQLDSN: [user[:password]@][net[(addr)]]/dbname[?params], split
// as go-sql-driver/mysql splits it (the last / ends the address part, the
// last @ before it ends the credentials).
func parseMySQLDSN(dsn string) conn {
	var c conn
	slash := strings.LastIndexByte(dsn, '/')
	if slash < 0 {
		return c
	}
	db := dsn[slash+1:]
	if i := strings.IndexByte(db, '?'); i >= 0 {
		db = db[:i]
	}
	c.namespace = db
	head := dsn[:slash]
	if i := strings.LastIndexByte(head, '@'); i >= 0 {
		head = head[i+1:]
	}
	netw := head
	addr := ""
	if i := strings.IndexByte(head, '('); i >= 0 && strings.HasSuffix(head, ")") {
		netw, addr = head[:i], head[i+1:len(head)-1]
	}
	switch netw {
	case "unix":
		c.address = addr
	case "", "tcp", "tcp4", "tcp6":
		if addr == "" {
			addr = "127.0.0.1:3306" // the driver's default
		}
		c.address, c.port = splitHostPort(addr)
		if c.port == 0 {
			c.port = 3306
		}
	default:
		c.address, c.port = splitHostPort(addr)
	}
	return c
}

func splitHostPort(hp string) (string, int) {
	if hp == "" {
		return "", 0
	}
	if h, p, err := net.SplitHostPort(hp); err == nil {
		n, _ := strconv.Atoi(p)
		return h, n
	}
	return strings.Trim(hp, "[]"), 0
}

// connectorConn finds the connection target in a connector given to
// sql.OpenDB, by reflection over the fields drivers keep it in: a DSN
// (database/sql's own connector for sql.Open), a map of options (lib/pq),
// or fields named like host/addr, port, database (pgx, go-sql-driver/mysql
// and others). Fields holding credentials are never read.
func connectorConn(system string, c driver.Connector) conn {
	v := reflect.ValueOf(c)
	var out conn
	walkConnector(system, v, 0, &out)
	return out
}

func walkConnector(system string, v reflect.Value, depth int, out *conn) {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if !v.IsValid() || depth > 3 {
		return
	}
	switch v.Kind() {
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String || v.Type().Elem().Kind() != reflect.String {
			return
		}
		get := func(k string) string {
			e := v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key()))
			if !e.IsValid() {
				return ""
			}
			return e.String()
		}
		if h := get("host"); h != "" && out.address == "" {
			if i := strings.IndexByte(h, ','); i >= 0 {
				h = h[:i]
			}
			out.address = h
		}
		if p := get("port"); p != "" && out.port == 0 {
			out.port, _ = strconv.Atoi(p)
		}
		if d := get("dbname"); d != "" && out.namespace == "" {
			out.namespace = d
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			fv := v.Field(i)
			switch strings.ToLower(f.Name) {
			case "dsn", "connstr", "connectionstring":
				if fv.Kind() == reflect.String && out.address == "" && out.namespace == "" {
					*out = parseDSN(system, fv.String())
				}
				continue
			case "host", "addr", "address", "server", "hostname":
				if fv.Kind() == reflect.String && out.address == "" {
					h, p := fv.String(), 0
					if strings.ToLower(f.Name) != "host" {
						h, p = splitHostPort(h)
					}
					out.address = h
					if out.port == 0 {
						out.port = p
					}
				}
				continue
			case "port":
				switch fv.Kind() {
				case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
					if out.port == 0 {
						out.port = int(fv.Int())
					}
				case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
					if out.port == 0 {
						out.port = int(fv.Uint())
					}
				}
				continue
			case "database", "dbname", "db":
				if fv.Kind() == reflect.String && out.namespace == "" {
					out.namespace = fv.String()
				}
				continue
			case "user", "username", "passwd", "password", "pass", "tlsconfig", "tls",
				"driver", "dialfunc", "lookupfunc", "logger", "buildfunc":
				continue
			}
			switch fv.Kind() {
			case reflect.Struct, reflect.Pointer, reflect.Map:
				walkConnector(system, fv, depth+1, out)
			case reflect.Interface:
				// otelsql's connector embeds the driver's own connector.
				if t.PkgPath() == otelsqlPkg {
					walkConnector(system, fv, depth+1, out)
				}
			}
		}
	}
}
