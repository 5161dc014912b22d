module gotel.test/godump

go 1.26
