module golden/target

go 1.16
