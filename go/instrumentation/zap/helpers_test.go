package zap

import "go.opentelemetry.io/otel/attribute"

type attributeKV = attribute.KeyValue
