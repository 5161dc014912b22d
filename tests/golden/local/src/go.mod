module golden

go 1.23

require gotel.dev/runtime v0.0.0

replace gotel.dev/runtime => ../../../../go/runtime
