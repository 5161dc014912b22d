module golden

go 1.26.0

require gotel.dev/runtime v0.0.0

replace gotel.dev/runtime => ../../../../go/runtime
