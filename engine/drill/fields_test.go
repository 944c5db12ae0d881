package drill

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
)

const fieldsScenario = `shodo = 2
id = "fields"
title = "The preliminary report to the PPC"
runbook = "fields"

[[injects]]
at = "0m"
text = "A customer found someone else's order in their account."

[expect]
verdict = "leak"
met = ["ppc-preliminary"]
filled = ["ppc-preliminary/summary", "ppc-preliminary/records", "ppc-preliminary/items"]

[[steps]]
at = "2m"
answer = "symptom/leak"

[[steps]]
at = "30m"
fill = "ppc-preliminary/summary"
value = "Orders were shown to the wrong customers."

[[steps]]
at = "40m"
fill = "ppc-preliminary/records"
value = "1,200"

[[steps]]
at = "41m"
fill = "ppc-preliminary/items"
value = ["name", "address"]

[[steps]]
at = "42m"
fill = "ppc-preliminary/found"
value = "2026-11-25 08:30"
`

// A scenario fills report fields, and expect checks them: the drill passes
// when the team filled them in, and names what is missing when it did not.
func TestFillSteps(t *testing.T) {
	t.Parallel()
	done := "\n[[steps]]\nat = \"1h\"\ndone = \"ppc-preliminary\"\nby = \"form\"\n"
	for _, tc := range []struct {
		name string
		edit func(string) string
		want []string
	}{
		{name: "every field filled, the report done",
			edit: func(s string) string { return s + done }},
		{name: "a required field cleared: done is refused without the confirmation",
			edit: func(s string) string {
				return s + "\n[[steps]]\nat = \"50m\"\nfill = \"ppc-preliminary/records\"\nvalue = \"\"\n" + done
			},
			want: []string{"step-refused Step=7 At=T+1h", "required report fields are empty"}},
		{name: "confirmed with the field empty: done, and expect.filled fails",
			edit: func(s string) string {
				return s + "\n[[steps]]\nat = \"50m\"\nfill = \"ppc-preliminary/records\"\nvalue = \"\"\n" + done + "unticked = true\n"
			},
			want: []string{"not-filled Duty=ppc-preliminary Field=records"}},
		{name: "a date the drill cannot read is refused when it runs",
			edit: func(s string) string { return strings.Replace(s, "2026-11-25 08:30", "last tuesday", 1) + done },
			want: []string{"step-refused Step=5 At=T+42m", "is not a date and time"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			wantFailuresInOrder(t, playInline(t, tc.edit(fieldsScenario), "fields.toml"), tc.want)
		})
	}
}

// A fill step that names no field, a field the duty does not have, or a
// value its kind cannot take is an error where the scenario says it.
func TestFillStepErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, from, to, want string
	}{
		{"no slash", `fill = "ppc-preliminary/summary"`, `fill = "summary"`, `"summary" must name a duty and one of its report fields`},
		{"unknown field", `fill = "ppc-preliminary/records"`, `fill = "ppc-preliminary/record"`, `duty "ppc-preliminary" has no report field "record" (did you mean "records"?)`},
		{"not a number", `value = "1,200"`, `value = "many"`, `value "many" does not fit field "records" of kind "number"`},
		{"a list for one value", `value = "1,200"`, `value = ["1", "2"]`, `field "records" is of kind "number" and takes one value`},
		{"no value", "value = \"1,200\"\n", "", `has no "value"`},
		{"value on another step", "answer = \"symptom/leak\"\n", "answer = \"symptom/leak\"\nvalue = \"x\"\n", `"value"`},
		{"expect a field that does not exist", `"ppc-preliminary/items"]`, `"ppc-preliminary/itemz"]`, `has no report field "itemz" (did you mean "items"?)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src := strings.Replace(fieldsScenario, tc.from, tc.to, 1)
			if src == fieldsScenario {
				t.Fatalf("the edit %q changed nothing", tc.from)
			}
			_, diags := Parse("inline.toml", []byte(src), fixtureResolver(t, "fields.toml"))
			if got := fmt.Sprint(diags); !strings.Contains(got, tc.want) {
				t.Errorf("diagnostics do not say %q:\n%s", tc.want, got)
			}
		})
	}
}

// A legal report with required fields that no scenario fills is a warning
// at the duty; one fill of one of them in any scenario is enough.
func TestUnpractisedReports(t *testing.T) {
	t.Parallel()
	parse := func(src string) *Scenario {
		sc, diags := Parse("inline.toml", []byte(src), fixtureResolver(t, "fields.toml"))
		if sc == nil {
			t.Fatal(diags)
		}
		return sc
	}
	practised := parse(fieldsScenario)
	idle := parse(strings.Split(fieldsScenario, "\n[[steps]]\nat = \"30m\"")[0])
	rb := practised.Runbook
	if got := UnpractisedReports(rb, []*Scenario{idle, practised}); len(got) != 0 {
		t.Errorf("practised: %v", got)
	}
	got := UnpractisedReports(rb, []*Scenario{idle})
	if len(got) != 1 || got[0].Severity != runbook.Warning || got[0].Line == 0 ||
		!strings.Contains(got[0].String(), `legal duty "ppc-preliminary" has required report fields ("summary", "records") that no drill fills`) {
		t.Errorf("unpractised: %v", got)
	}
}

// A fill after the duty was done corrects the report, as e does in the
// TUI: the step passes, and the journal records a correction that keeps
// the value the report went out with.
func TestFillAfterDoneCorrects(t *testing.T) {
	t.Parallel()
	src := fieldsScenario + `
[[steps]]
at = "1h"
done = "ppc-preliminary"
by = "form"

[[steps]]
at = "1d"
fill = "ppc-preliminary/records"
value = "1350"
`
	sc, diags := Parse("inline.toml", []byte(src), fixtureResolver(t, "fields.toml"))
	if sc == nil {
		t.Fatal(diags)
	}
	res, err := Run(sc, RunOptions{Home: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Passed() {
		t.Fatalf("failures: %v", brief(res.Failures))
	}
	s, err := incident.Resume(res.Dir, incident.ResumeOptions{Actor: "t"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Detach() })
	st := s.State()
	var p incident.FieldSet
	ok := false
	for _, ev := range st.Events {
		if f, is := ev.Data.(incident.FieldSet); is && f.Field == "records" {
			p, ok = f, true
		}
	}
	if v := st.Duty("ppc-preliminary").FieldValue("records"); !ok || !p.Correction || p.Was == "" || v.Value != "1350" || !v.Corrected || st.Duty("ppc-preliminary").Status != incident.StatusDone {
		t.Errorf("after the fill: %+v; records %+v", p, v)
	}
}
