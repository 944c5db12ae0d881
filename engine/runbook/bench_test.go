package runbook

import (
	"fmt"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/shodo-dev/shodo/internal/benchcmd/paired"
)

// generateRunbook builds a valid runbook with n triage nodes in a chain,
// each with three options, deterministically.
func generateRunbook(n int) string {
	var b strings.Builder
	b.WriteString("shodo = 1\nid = \"generated\"\ntitle = \"Generated runbook\"\nreviewed = 2026-11-20\n\n")
	b.WriteString("[roles.ic]\ntitle = \"Incident commander\"\nassignee = \"On call\"\n\n")
	b.WriteString("[parties.acme]\ntitle = \"ACME\"\nkind = \"vendor\"\ncontract = { maintenance = true, nda = true }\nmeans = [ { by = \"phone\", to = \"+81-3-0000-0000\" } ]\n\n")
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&b, "[[duties]]\nid = \"d%d\"\non = [\"verdict:v%d\", \"opened\"]\nwho = \"ic\"\ncontacts = \"acme\"\nby = \"phone\"\nwithin = \"%dh\"\nscope = \"Call and share the symptoms\"\n\n", i, i%5, i+1)
	}
	b.WriteString("[triage]\nstart = \"n0\"\n\n")
	for i := 0; i < n; i++ {
		next := fmt.Sprintf("next = \"n%d\"", i+1)
		if i == n-1 {
			next = "verdict = \"v0\""
		}
		// Compact, so that 5,000 nodes still fit the 1 MiB file limit.
		fmt.Fprintf(&b, "[triage.nodes.n%d]\nask = \"Still failing (%d)?\"\noptions = [{ id = \"y\", label = \"Yes\", %s }, { id = \"n\", label = \"No\", verdict = \"v%d\" }]\n", i, i, next, i%5)
	}
	for i := 0; i < 5; i++ {
		fmt.Fprintf(&b, "[verdicts.v%d]\ntitle = \"Verdict %d\"\nsecurity = %v\n\n", i, i, i%2 == 0)
	}
	return b.String()
}

// BenchmarkLoad measures guarded load and validation next to a plain
// toml.Decode of the same bytes into map[string]any, and the two paired
// (see paired.Measure); the ratio is the loader's overhead (aim: at most
// 1.5×).
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{10, 100, 1000, 5000} {
		src := generateRunbook(n)
		b.Run(fmt.Sprintf("nodes=%d/load", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				rb, diags := LoadSources([]Source{{Path: "g.toml", Text: src}}, Options{Now: testNow})
				if rb == nil {
					b.Fatal(diags)
				}
			}
		})
		b.Run(fmt.Sprintf("nodes=%d/toml.Decode", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				var m map[string]any
				if _, err := toml.Decode(src, &m); err != nil {
					b.Fatal(err)
				}
			}
		})
		// The ratio measured in one loop, the two alternating, so that it
		// holds while the machine is shared.
		b.Run(fmt.Sprintf("nodes=%d/paired", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			paired.Measure(b, func() error {
				if rb, diags := LoadSources([]Source{{Path: "g.toml", Text: src}}, Options{Now: testNow}); rb == nil {
					return fmt.Errorf("load: %v", diags)
				}
				return nil
			}, func() error {
				var m map[string]any
				_, err := toml.Decode(src, &m)
				return err
			})
		})
	}
}

// BenchmarkGuardDeepNesting measures how fast 40 KB of nesting is rejected.
func BenchmarkGuardDeepNesting(b *testing.B) {
	src := "a = " + strings.Repeat("{b = ", 10000) + "1" + strings.Repeat("}", 10000) + "\n"
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, diags := LoadSources([]Source{{Path: "x.toml", Text: src}}, Options{}); len(diags) != 1 {
			b.Fatal(diags)
		}
	}
}

// generateRunbookV2 is generateRunbook in format version 2, with the keys
// version 2 adds on every duty: a condition with all, any and unless, an
// answer trigger, optional steps chained with closed:<duty>, before, and a
// {milestone.<id>} placeholder.
func generateRunbookV2(n int) string {
	src := strings.Replace(generateRunbook(n), "shodo = 1\n", "shodo = 2\n", 1)
	var b strings.Builder
	b.WriteString("[milestones.aware]\ntitle = \"Aware\"\n\n")
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&b, "[[duties]]\nid = \"c%d\"\non = { all = [\"verdict\", \"answer:n%d=y\"], any = [\"milestone:aware\", \"closed:c%d\"], unless = [\"verdict:v%d\"] }\n"+
			"who = \"ic\"\nwithin = \"%dh\"\noptional = %v\nbefore = \"d%d\"\nmessage = \"Aware since {milestone.aware}\"\n\n",
			i, i%n, (i+1)%20, (i+1)%5, i+1, i%2 == 0, i)
	}
	return src + b.String()
}

// BenchmarkLoadV2 is BenchmarkLoad's paired ratio for a version 2 file
// whose every extra duty uses the keys version 2 adds.
func BenchmarkLoadV2(b *testing.B) {
	for _, n := range []int{100, 1000} {
		src := generateRunbookV2(n)
		if rb, diags := LoadSources([]Source{{Path: "g.toml", Text: src}}, Options{Now: testNow}); rb == nil || len(diags) > 0 {
			b.Fatalf("the generated version 2 runbook does not load clean:\n%v", diags)
		}
		b.Run(fmt.Sprintf("nodes=%d/paired", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			paired.Measure(b, func() error {
				if rb, diags := LoadSources([]Source{{Path: "g.toml", Text: src}}, Options{Now: testNow}); rb == nil {
					return fmt.Errorf("load: %v", diags)
				}
				return nil
			}, func() error {
				var m map[string]any
				_, err := toml.Decode(src, &m)
				return err
			})
		})
	}
}
