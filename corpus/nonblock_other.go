//go:build !unix

package corpus

// oNonblock: without O_NONBLOCK, the mode checks before and after opening
// still refuse anything but regular files.
const oNonblock = 0
