package pgx

import (
	"testing"

	"go.opentelemetry.io/otel/attribute"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
)

func TestSemconvNames(t *testing.T) {
	for _, c := range []struct{ ours, theirs attribute.Key }{
		{keyDBSystemName, semconv.DBSystemNameKey},
		{keyDBNamespace, semconv.DBNamespaceKey},
		{keyDBOperationName, semconv.DBOperationNameKey},
		{keyDBCollectionName, semconv.DBCollectionNameKey},
		{keyDBQuerySummary, semconv.DBQuerySummaryKey},
		{keyDBQueryText, semconv.DBQueryTextKey},
		{keyDBOperationBatchSize, semconv.DBOperationBatchSizeKey},
		{keyDBResponseReturnedRow, semconv.DBResponseReturnedRowsKey},
		{keyDBResponseStatusCode, semconv.DBResponseStatusCodeKey},
		{keyServerAddress, semconv.ServerAddressKey},
		{keyServerPort, semconv.ServerPortKey},
		{keyErrorType, semconv.ErrorTypeKey},
	} {
		if c.ours != c.theirs {
			t.Errorf("%s, want %s", c.ours, c.theirs)
		}
	}
	if semconv.SchemaURL != schemaURL {
		t.Errorf("schema %s, want %s", schemaURL, semconv.SchemaURL)
	}
	if systemPostgreSQL != semconv.DBSystemNamePostgreSQL.Value.AsString() {
		t.Error("db.system.name value")
	}
}
