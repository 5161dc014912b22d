module gotel.dev/instrumentation/httprouter

go 1.26.0

replace gotel.dev/runtime => ../../runtime

require (
	github.com/julienschmidt/httprouter v1.3.0
	gotel.dev/runtime v0.0.0
)
