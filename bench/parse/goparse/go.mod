module gotel/bench/parse/goparse

go 1.26
