module golden

go 1.26.0

require (
	golden/target v0.0.0
	gotel.dev/runtime v0.0.0
)

replace gotel.dev/runtime => ../../../../go/runtime

replace golden/target => ./target
