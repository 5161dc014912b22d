package databasesql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"reflect"
	"strconv"
	"strings"
)

// errorInfo gives error.type and db.response.status_code for err. The
// status code is the database's own code found on a driver's error type
// (PostgreSQL SQLSTATE, MySQL/MariaDB and SQL Server error numbers, SQLite
// result codes); error.type is that code when there is one (as the
// conventions ask), else the name of a well-known error, else the Go type
// of the innermost error.
func errorInfo(err error) (errType, status string) {
	if err == nil {
		return "", ""
	}
	status = statusCode(err)
	if status != "" {
		return status, status
	}
	switch {
	case errors.Is(err, context.Canceled):
		return "context.Canceled", ""
	case errors.Is(err, context.DeadlineExceeded):
		return "context.DeadlineExceeded", ""
	case errors.Is(err, driver.ErrBadConn):
		return "driver.ErrBadConn", ""
	case errors.Is(err, sql.ErrTxDone):
		return "sql.ErrTxDone", ""
	case errors.Is(err, sql.ErrConnDone):
		return "sql.ErrConnDone", ""
	case errors.Is(err, driver.ErrSkip):
		return "driver.ErrSkip", ""
	}
	inner := err
	for i := 0; i < 16; i++ {
		u := errors.Unwrap(inner)
		if u == nil {
			break
		}
		inner = u
	}
	t := reflect.TypeOf(inner)
	if t == nil {
		return "_OTHER", ""
	}
	if s := t.String(); s != "*errors.errorString" && s != "*fmt.wrapError" {
		return s, ""
	}
	return "_OTHER", ""
}

// statusCode looks for a database status code on err or an error it wraps.
func statusCode(err error) (code string) {
	defer func() {
		if recover() != nil {
			code = ""
		}
	}()
	for i := 0; err != nil && i < 16; i++ {
		if c := codeOf(err); c != "" {
			return c
		}
		err = errors.Unwrap(err)
	}
	return ""
}

// codeOf reads a driver error's code: a SQLState() method (pgx), or a
// field Number (MySQL, SQL Server) or Code (lib/pq, SQLite drivers) on an
// error type declared outside the standard library.
func codeOf(err error) string {
	if s, ok := err.(interface{ SQLState() string }); ok {
		if c := s.SQLState(); c != "" {
			return c
		}
	}
	v := reflect.ValueOf(err)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	t := v.Type()
	if v.Kind() != reflect.Struct || !strings.Contains(strings.Split(t.PkgPath(), "/")[0], ".") {
		return ""
	}
	for _, name := range [...]string{"Number", "Code", "code"} {
		f := v.FieldByName(name)
		if !f.IsValid() {
			continue
		}
		switch f.Kind() {
		case reflect.String:
			if s := f.String(); s != "" {
				return s
			}
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if n := f.Int(); n != 0 {
				return strconv.FormatInt(n, 10)
			}
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			if n := f.Uint(); n != 0 {
				return strconv.FormatUint(n, 10)
			}
		}
	}
	return ""
}
