module gotel/tests/oracle/gotokens

go 1.26
