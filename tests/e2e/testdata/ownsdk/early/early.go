// Package early installs the program's SDK from its init when OWN_EARLY=1:
// before gotel's own start-up (its import path sorts first).
package early

import (
	"os"

	"example.com/ownsdk/sdk"
)

func init() {
	if os.Getenv("OWN_EARLY") == "1" {
		sdk.Install()
	}
}
