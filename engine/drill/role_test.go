package drill

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/engine/incident"
)

// A drill rehearses the hand-over at a shift change: take and hand_over
// steps record the role events under the step's actor, and the commander
// at the end is the receiver; a hand_over without `to`, of a role the
// runbook does not have, or in a version-1 scenario is refused with where.
func TestRoleSteps(t *testing.T) {
	t.Parallel()
	sc := parseScenario(t, `shodo = 2
id = "shift-change"
title = "The commander goes off shift"
runbook = "service-failure"

[[injects]]
at = "0m"
text = "ALERT order-db01: disk I/O latency above 4,000 ms."

[[steps]]
at = "1m"
actor = "sato"
take = "ic"

[[steps]]
at = "8h"
actor = "sato"
hand_over = "ic"
to = "tanaka"
`)
	res, err := Run(sc, RunOptions{Home: t.TempDir()})
	must(t, err)
	st, err := replay(res.Dir)
	must(t, err)
	var got []string
	for _, ev := range st.Events {
		switch p := ev.Data.(type) {
		case incident.RoleTaken:
			got = append(got, ev.Actor+" took "+p.Role)
		case incident.RoleHandedOver:
			got = append(got, ev.Actor+" handed "+p.Role+" to "+p.To)
		}
	}
	if want := []string{"sato took ic", "sato handed ic to tanaka"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("role events %v, want %v", got, want)
	}
	if c := st.Commander(); c != "tanaka" {
		t.Errorf("commander %q, want tanaka", c)
	}

	head := "id = \"x\"\ntitle = \"x\"\nrunbook = \"service-failure\"\n[[injects]]\nat = \"0m\"\ntext = \"x\"\n[[steps]]\nat = \"1m\"\n"
	for _, tc := range []struct{ name, doc, want string }{
		{"hand_over without to", "shodo = 2\n" + head + "hand_over = \"ic\"\n", `has no "to"`},
		{"an unknown role", "shodo = 2\n" + head + "take = \"icc\"\n", `names role "icc", which runbook service-failure does not have`},
		{"take in a version-1 scenario", "shodo = 1\n" + head + "take = \"ic\"\n", "version 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := Parse("inline.toml", []byte(tc.doc), shippedResolver())
			if !diags.HasErrors() || !strings.Contains(fmt.Sprint(diags), tc.want) {
				t.Errorf("diagnostics %v lack %q", diags, tc.want)
			}
		})
	}
}
