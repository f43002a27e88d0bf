//go:build !cgo

package store

// docbot needs cgo: github.com/mattn/go-sqlite3 is SQLite compiled from C.
// Without a C compiler Go turns cgo off, and the build would stop at
// "undefined: sqlite3.Error" without saying why; this line stops it with
// the reason instead. Install a C compiler (gcc or clang) and build with
// CGO_ENABLED=1 -tags sqlite_fts5: see the README's "Building" section.
var _ = docbot_needs_cgo__set_CGO_ENABLED_1_and_install_a_C_compiler_gcc_or_clang__see_README_Building
