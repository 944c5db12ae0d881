package runbook

import (
	"path/filepath"
	"testing"
)

// Numbers as people type them and read them back: thousands commas are
// taken and given, and what is no number is refused.
func TestNumbers(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in      string
		ok      bool
		grouped string
	}{
		{"1200", true, "1,200"},
		{" 1,200 ", true, "1,200"},
		{"-12345.5", true, "-12,345.5"},
		{"999", true, "999"},
		{"0", true, "0"},
		{"many", false, ""},
		{"", false, ""},
		{"NaN", false, ""},
		{"Inf", false, ""},
		{"1e6", false, ""},
		{"0x10", false, ""},
	} {
		x, ok := ParseNumber(tc.in)
		if ok != tc.ok {
			t.Errorf("ParseNumber(%q) ok = %v; want %v", tc.in, ok, tc.ok)
			continue
		}
		if ok && GroupedNumber(x) != tc.grouped {
			t.Errorf("GroupedNumber(%q) = %q; want %q", tc.in, GroupedNumber(x), tc.grouped)
		}
	}
}

// Where an answer leads: a one-option node by its option; a multi node by
// the first picked option, in the node's order, with its own way on, else
// by the node's own; a number node by the node's own.
func TestRoute(t *testing.T) {
	t.Parallel()
	rb, diags := LoadFile(filepath.Join(testdataDir, "valid", "v2-answers.toml"), Options{})
	if rb == nil || diags.HasErrors() {
		t.Fatal(diags)
	}
	for _, tc := range []struct {
		node          string
		picked        []string
		next, verdict string
	}{
		{"symptom", []string{"ransom"}, "", "ransomware"},
		{"symptom", []string{"down"}, "data", ""},
		{"data", []string{"names", "cards"}, "people", ""},
		{"data", nil, "people", ""},
		{"people", nil, "change", ""},
	} {
		next, verdict := rb.Node(tc.node).Route(tc.picked)
		if next != tc.next || verdict != tc.verdict {
			t.Errorf("%s %v leads to %q/%q; want %q/%q", tc.node, tc.picked, next, verdict, tc.next, tc.verdict)
		}
	}
}

// answer triggers with thresholds hold as the number compares.
func TestAnswerTest(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		trigger string
		x       float64
		holds   bool
	}{
		{"answer:people>=1000", 1000, true},
		{"answer:people>=1000", 999, false},
		{"answer:people>1000", 1000, false},
		{"answer:people<=5", 5, true},
		{"answer:people<5", 5, false},
		{"answer:people=5", 5, true},
		{"answer:people=5.5", 5, false},
	} {
		tr, err := ParseTrigger(tc.trigger)
		if err != nil {
			t.Fatal(err)
		}
		if got := tr.AnswerTest().Holds(tc.x); got != tc.holds {
			t.Errorf("%s with %v: %v; want %v", tc.trigger, tc.x, got, tc.holds)
		}
	}
}
