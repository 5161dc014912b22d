// Package hooks is empty: //gotel:span needs no hooks of the program.
package hooks
