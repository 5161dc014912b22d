module gotel.dev/instrumentation/gorillamux

go 1.26.0

replace gotel.dev/runtime => ../../runtime

require (
	github.com/gorilla/mux v1.8.0
	gotel.dev/runtime v0.0.0
)
