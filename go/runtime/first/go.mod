module 0.gotel.dev/first

go 1.26.0
