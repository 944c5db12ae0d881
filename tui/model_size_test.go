package tui

import (
	"testing"
	"unsafe"
)

// maxModelBytes bounds the root model's size. Bubble Tea copies the model
// on every Update (it is returned as a tea.Model) and every value method
// of View copies it again; under shodo serve that is every screen on an
// incident, for every record. A 15 KB text area held by value in the
// model once made it 31 KB and a command's fan-out to 50 screens 2–3
// times slower (docs/benchmarks.md): hold large components by pointer.
const maxModelBytes = 2 << 10

func TestModelStaysSmall(t *testing.T) {
	if n := unsafe.Sizeof(Model{}); n > maxModelBytes {
		t.Fatalf("Model is %d bytes, over %d: hold a large component (a text area, a list) by pointer", n, maxModelBytes)
	}
}
