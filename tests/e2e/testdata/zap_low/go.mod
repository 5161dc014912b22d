module example.com/zaplow

go 1.26.0

require go.uber.org/zap v1.22.0

require (
	go.uber.org/atomic v1.7.0 // indirect
	go.uber.org/multierr v1.6.0 // indirect
)
