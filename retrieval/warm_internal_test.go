package retrieval

import (
	"math"
	"runtime/debug"
	"testing"
)

// The passages Warm keeps the stems of fit in half the soft memory limit:
// docbot's default of 192 MiB keeps an index of 10,000 passages whole.
func TestWarmAheadLimitFollowsTheMemoryLimit(t *testing.T) {
	old := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetMemoryLimit(old)
	if n := warmAheadLimit(); n != warmAheadPassages {
		t.Errorf("no memory limit: %d passages, want %d", n, warmAheadPassages)
	}
	debug.SetMemoryLimit(192 << 20)
	if n := warmAheadLimit(); n < 10_500 || n > 12_000 {
		t.Errorf("192 MiB: %d passages, want about 11,800", n)
	}
	debug.SetMemoryLimit(16 << 20)
	if n := warmAheadLimit(); n > 1_000 {
		t.Errorf("16 MiB: %d passages", n)
	}
}
