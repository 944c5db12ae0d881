//go:build unix

package main

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// row is one line of the table.
type row struct {
	Figure    string // what is measured
	Input     string // its size
	Result    string // the measured figure
	Reference string // what the same run measured for comparison, if anything
	Ratio     string // result over reference
	Alloc     string // bytes and allocations per operation
	Memory    string // peak RSS of a process, or heap held in process
	Budget    string // the aim and whether it is met
}

// section is a titled group of rows.
type section struct {
	Title string
	Rows  []row
}

// writeTable prints the sections as one Markdown table, a bold title row
// before each group.
func writeTable(w io.Writer, sections []section) {
	fmt.Fprintln(w, "| figure | input | result | reference | ratio | allocated / op | memory | budget |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---|")
	for _, s := range sections {
		fmt.Fprintf(w, "| **%s** | | | | | | | |\n", s.Title)
		for _, r := range s.Rows {
			cells := []string{r.Figure, r.Input, r.Result, r.Reference, r.Ratio, r.Alloc, r.Memory, r.Budget}
			for i, c := range cells {
				if c == "" {
					cells[i] = "–"
				}
				cells[i] = strings.ReplaceAll(cells[i], "|", `\|`)
			}
			fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
		}
	}
}

// dur formats nanoseconds with three significant digits in a unit that
// suits them: 812 ns, 208 µs, 4.93 ms, 1.27 s.
func dur(ns float64) string {
	switch {
	case math.IsNaN(ns):
		return "?"
	case ns < 1e3:
		return sig3(ns) + " ns"
	case ns < 1e6:
		return sig3(ns/1e3) + " µs"
	case ns < 1e9:
		return sig3(ns/1e6) + " ms"
	default:
		return sig3(ns/1e9) + " s"
	}
}

// sig3 formats v with three significant digits (no exponent).
func sig3(v float64) string {
	switch a := math.Abs(v); {
	case a >= 100:
		return fmt.Sprintf("%.0f", v)
	case a >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

// bytesIEC formats a byte count: 812 B, 277 KB, 14.2 MB, 1.37 GB
// (decimal units, as `go test -benchmem` counts).
func bytesIEC(b float64) string {
	switch {
	case b < 1e3:
		return fmt.Sprintf("%.0f B", b)
	case b < 1e6:
		return sig3(b/1e3) + " KB"
	case b < 1e9:
		return sig3(b/1e6) + " MB"
	default:
		return sig3(b/1e9) + " GB"
	}
}

// count formats an integer with thousands separators: 1,000,000.
func count(n int) string {
	s := fmt.Sprintf("%d", n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// ratio formats a ratio as 1.42×.
func ratio(r float64) string { return fmt.Sprintf("%.2f×", r) }

// alloc formats the allocation metrics of a benchmark result.
func alloc(rs results, name string) string {
	b, ok := rs.get(name, "B/op")
	if !ok {
		return ""
	}
	n, _ := rs.get(name, "allocs/op")
	return fmt.Sprintf("%s, %s allocs", bytesIEC(b), count(int(n)))
}

// verdict formats a budget: its aim and, when the figure was measured,
// whether it is met.
func verdict(aim string, met, measured bool) string {
	switch {
	case !measured:
		return aim
	case met:
		return aim + ": met"
	default:
		return aim + ": **missed**"
	}
}

// plural picks the word for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
