package pgx

import "go.opentelemetry.io/otel/attribute"

// The semantic-convention names used here (stable database conventions, as
// in go.opentelemetry.io/otel/semconv/v1.43.0), spelled out rather than
// imported for the same reason as in nethttp (binary size); semconv_test.go
// checks each against that package.
const schemaURL = "https://opentelemetry.io/schemas/1.43.0"

const (
	keyDBSystemName          = attribute.Key("db.system.name")
	keyDBNamespace           = attribute.Key("db.namespace")
	keyDBOperationName       = attribute.Key("db.operation.name")
	keyDBCollectionName      = attribute.Key("db.collection.name")
	keyDBQuerySummary        = attribute.Key("db.query.summary")
	keyDBQueryText           = attribute.Key("db.query.text")
	keyDBOperationBatchSize  = attribute.Key("db.operation.batch.size")
	keyDBResponseReturnedRow = attribute.Key("db.response.returned_rows")
	keyDBResponseStatusCode  = attribute.Key("db.response.status_code")
	keyServerAddress         = attribute.Key("server.address")
	keyServerPort            = attribute.Key("server.port")
	keyErrorType             = attribute.Key("error.type")

	systemPostgreSQL = "postgresql"
)

const (
	durationName = "db.client.operation.duration"
	durationDesc = "Duration of database client operations."
	durationUnit = "s"
)
