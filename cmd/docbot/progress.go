package main

import (
	"fmt"
	"io"
	"os"
)

// progressMinFiles: smaller corpora index too fast for a bar to help.
const progressMinFiles = 200

// progress draws an index progress bar on a terminal; elsewhere it is silent.
type progress struct {
	w     io.Writer
	tty   bool
	drawn bool
	last  int
}

func newProgress(w io.Writer) *progress {
	f, ok := w.(*os.File)
	tty := false
	if ok {
		if info, err := f.Stat(); err == nil {
			tty = info.Mode()&os.ModeCharDevice != 0
		}
	}
	return &progress{w: w, tty: tty}
}

func (p *progress) update(done, total int) {
	if !p.tty || total < progressMinFiles {
		return
	}
	pct := done * 100 / total
	if pct == p.last && p.drawn {
		return
	}
	p.last, p.drawn = pct, true
	const width = 30
	fill := pct * width / 100
	bar := make([]byte, width)
	for i := range bar {
		bar[i] = '.'
		if i < fill {
			bar[i] = '#'
		}
	}
	fmt.Fprintf(p.w, "\rindexing [%s] %3d%% %d/%d files", bar, pct, done, total)
}

func (p *progress) done() {
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}
