module example.com/slogprog

go 1.26.0
