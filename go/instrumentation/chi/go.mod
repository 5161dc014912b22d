module gotel.dev/instrumentation/chi

go 1.26.0

replace gotel.dev/runtime => ../../runtime

require (
	github.com/go-chi/chi/v5 v5.2.3
	gotel.dev/runtime v0.0.0
)
