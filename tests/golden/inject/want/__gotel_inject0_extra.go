//line $CASE/files/extra.go.txt:1:1
// An injected file: its package clause is replaced by the target's.
package target

import "fmt"

func init() { fmt.Println("injected init sees", Join("-", "a", "b")) }
