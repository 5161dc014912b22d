package redigo

const pkgName = "redigo"
