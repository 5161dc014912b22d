package databasesql

import "go.opentelemetry.io/otel/attribute"

// Values of db.system.name.
const (
	systemPostgreSQL = "postgresql"
	systemMySQL      = "mysql"
	systemMariaDB    = "mariadb"
	systemSQLite     = "sqlite"
	systemMSSQL      = "microsoft.sql_server"
	systemOracle     = "oracle.db"
	systemClickHouse = "clickhouse"
	systemOtherSQL   = "other_sql"
)

// Attribute keys of the stable database semantic conventions.
const (
	keyDBSystemName      = attribute.Key("db.system.name")
	keyDBNamespace       = attribute.Key("db.namespace")
	keyDBOperationName   = attribute.Key("db.operation.name")
	keyDBCollectionName  = attribute.Key("db.collection.name")
	keyDBQuerySummary    = attribute.Key("db.query.summary")
	keyDBQueryText       = attribute.Key("db.query.text")
	keyDBStoredProcedure = attribute.Key("db.stored_procedure.name")
	keyDBResponseStatus  = attribute.Key("db.response.status_code")
	keyDBReturnedRows    = attribute.Key("db.response.returned_rows")
	keyServerAddress     = attribute.Key("server.address")
	keyServerPort        = attribute.Key("server.port")
	keyErrorType         = attribute.Key("error.type")
	schemaURL            = "https://opentelemetry.io/schemas/1.43.0"
	durationName         = "db.client.operation.duration"
	durationDesc         = "Duration of database client operations."
	durationUnit         = "s"
)

// durationBuckets are the boundaries the conventions advise for
// db.client.operation.duration.
var durationBuckets = []float64{0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10}
