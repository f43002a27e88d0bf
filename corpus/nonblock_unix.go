//go:build unix

package corpus

import "syscall"

// oNonblock makes opening a named pipe return at once instead of waiting
// for a writer; it changes nothing for regular files.
const oNonblock = syscall.O_NONBLOCK
