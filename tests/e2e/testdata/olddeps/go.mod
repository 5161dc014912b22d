module example.com/olddeps

go 1.26.0

require (
	golang.org/x/net v0.9.0
	golang.org/x/sys v0.7.0
	golang.org/x/text v0.9.0
	google.golang.org/protobuf v1.30.0
)
