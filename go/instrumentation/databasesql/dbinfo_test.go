package databasesql

import (
	"database/sql/driver"
	"reflect"
	"testing"
)

func TestParseDSN(t *testing.T) {
	cases := []struct {
		system, dsn string
		want        conn
	}{
		{systemPostgreSQL, "postgres://u:p@db.local:5433/shop?sslmode=disable", conn{"shop", "db.local", 5433}},
		{systemPostgreSQL, "postgresql://u:p%40x@h1:5432,h2:5433/db", conn{"db", "h1", 5432}},
		{systemPostgreSQL, "postgres:///db?host=/var/run/postgresql", conn{"db", "/var/run/postgresql", 0}},
		{systemPostgreSQL, "host=127.0.0.1 port=5432 user=postgres password='a b' dbname=test sslmode=disable", conn{"test", "127.0.0.1", 5432}},
		{systemPostgreSQL, "dbname = 'my db' host=h", conn{"my db", "h", 0}},
		{systemMySQL, "root:pw@tcp(127.0.0.1:3306)/test?parseTime=true", conn{"test", "127.0.0.1", 3306}},
		{systemMySQL, "u:p@ss@tcp([::1]:3307)/db", conn{"db", "::1", 3307}},
		{systemMySQL, "u@unix(/tmp/mysql.sock)/db", conn{"db", "/tmp/mysql.sock", 0}},
		{systemMySQL, "/db", conn{"db", "127.0.0.1", 3306}},
		{systemSQLite, "file:test.db?cache=shared", conn{}},
		{systemMSSQL, "sqlserver://sa:pw@sql.local:1433?database=shop", conn{"shop", "sql.local", 1433}},
		{systemMSSQL, "server=sql.local,1444;user id=sa;password=x;database=shop", conn{"shop", "sql.local", 1444}},
		{systemOtherSQL, "", conn{}},
	}
	for _, c := range cases {
		if got := parseDSN(c.system, c.dsn); got != c.want {
			t.Errorf("parseDSN(%s, %q) = %+v, want %+v", c.system, c.dsn, got, c.want)
		}
	}
}

type pqLikeConnector struct {
	opts map[string]string
}

func (pqLikeConnector) Connect(_ interface{ Done() <-chan struct{} }) {}

type cfg struct {
	User, Passwd, Net, Addr, DBName string
}
type mysqlLikeConnector struct{ cfg *cfg }

type pgConfig struct {
	Host     string
	Port     uint16
	Database string
	User     string
	Password string
}
type pgxLikeConnector struct {
	ConnConfig struct{ pgConfig }
}

func TestConnectorConn(t *testing.T) {
	var pgx pgxLikeConnector
	pgx.ConnConfig.pgConfig = pgConfig{Host: "pg", Port: 5433, Database: "d", User: "u", Password: "p"}
	cases := []struct {
		c    any
		want conn
	}{
		{pqLikeConnector{opts: map[string]string{"host": "h", "port": "5432", "dbname": "db", "password": "x"}}, conn{"db", "h", 5432}},
		{mysqlLikeConnector{cfg: &cfg{User: "u", Passwd: "p", Net: "tcp", Addr: "m:3307", DBName: "db"}}, conn{"db", "m", 3307}},
		{&pgx, conn{"d", "pg", 5433}},
	}
	for _, c := range cases {
		var out conn
		walkConnector(systemOtherSQL, reflectValueOf(c.c), 0, &out)
		if out != c.want {
			t.Errorf("%T: %+v, want %+v", c.c, out, c.want)
		}
	}
}

type namedDriver struct{}

func (namedDriver) Open(string) (driver.Conn, error) { return nil, nil }

func TestSystemOf(t *testing.T) {
	if s := systemOf(namedDriver{}); s != systemOtherSQL {
		t.Errorf("a test driver is %q", s)
	}
	if s := systemOf(nil); s != systemOtherSQL {
		t.Errorf("nil driver is %q", s)
	}
}

func reflectValueOf(v any) reflect.Value { return reflect.ValueOf(v) }
