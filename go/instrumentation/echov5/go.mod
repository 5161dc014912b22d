module gotel.dev/instrumentation/echov5

go 1.26.0

replace gotel.dev/runtime => ../../runtime

require (
	github.com/labstack/echo/v5 v5.3.1
	gotel.dev/runtime v0.0.0
)
