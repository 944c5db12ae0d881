package incident

import (
	"slices"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/internal/testkit"
)

// The responders file of these tests: Sato and Tanaka may command, Kim
// may hold no role (an observer).
func mayHold(person, role string) bool {
	return role == CommanderRole && (person == "Sato" || person == "Tanaka")
}

// Taking and handing over a role is refused unless the person who would
// hold it may, and only the holder hands it over; a refusal records
// nothing.
func TestRoleCommands(t *testing.T) {
	t.Parallel()
	rb := loadFixture(t, "triggers.toml")
	take := func(who string) func(*Session) error {
		return func(s *Session) error { return s.TakeRole(who, CommanderRole, mayHold) }
	}
	tests := []struct {
		name  string
		setup func(*Session) error
		cmd   func(*Session) error
		want  error
	}{
		{"take: unknown role", nil, func(s *Session) error { return s.TakeRole("Sato", "nope", mayHold) }, ErrUnknownRole},
		{"take: not allowed (an observer)", nil, take("Kim"), ErrRoleNotAllowed},
		{"take: already held", take("Sato"), take("Sato"), ErrRoleHeld},
		{"take: no actor", nil, func(s *Session) error { return s.TakeRole("", CommanderRole, nil) }, ErrRequired},
		{"hand over: no one took it", nil, func(s *Session) error { return s.HandOverRole("Sato", CommanderRole, "Tanaka", mayHold) }, ErrNotRoleHolder},
		{"hand over: by someone else", take("Sato"), func(s *Session) error { return s.HandOverRole("Tanaka", CommanderRole, "Tanaka", mayHold) }, ErrNotRoleHolder},
		{"hand over: to no one", take("Sato"), func(s *Session) error { return s.HandOverRole("Sato", CommanderRole, "", mayHold) }, ErrRequired},
		{"hand over: to someone not allowed", take("Sato"), func(s *Session) error { return s.HandOverRole("Sato", CommanderRole, "Kim", mayHold) }, ErrRoleNotAllowed},
		{"hand over: to oneself", take("Sato"), func(s *Session) error { return s.HandOverRole("Sato", CommanderRole, "Sato", mayHold) }, ErrRoleHeld},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := openMem(t, rb, OpenOptions{Clock: testkit.NewClock(t0)}, &memJournal{})
			if tt.setup != nil {
				must(t, tt.setup(s))
			}
			before := digest(t, s.State())
			wantErr(t, tt.cmd(s), tt.want)
			if after := digest(t, s.State()); after != before {
				t.Fatalf("a refused command changed the state: %s", firstDiff(after, before))
			}
		})
	}
}

// A take and a hand-over name both people, fold into the holder, and the
// commander is whoever the journal says holds the ic role.
func TestRoleHandOverFolds(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(t0)
	s := openMem(t, loadFixture(t, "triggers.toml"), OpenOptions{Clock: clock}, &memJournal{})
	if got := s.State().Commander(); got != "" {
		t.Fatalf("commander before anyone took the role: %q, want none", got)
	}
	must(t, s.TakeRole("Sato", CommanderRole, mayHold))
	clock.Advance(5 * time.Minute)
	must(t, s.HandOverRole("Sato", CommanderRole, "Tanaka", mayHold))
	st := s.State()
	if got := st.Commander(); got != "Tanaka" {
		t.Errorf("commander %q, want Tanaka", got)
	}
	if got := st.Holds("Tanaka"); !slices.Equal(got, []string{CommanderRole}) {
		t.Errorf("Tanaka holds %v", got)
	}
	if got := st.Holds("Sato"); len(got) != 0 {
		t.Errorf("Sato still holds %v", got)
	}
	want := []RoleChange{
		{Role: CommanderRole, To: "Sato"},
		{Role: CommanderRole, From: "Sato", To: "Tanaka", HandedOver: true},
	}
	if len(st.RoleChanges) != len(want) {
		t.Fatalf("role changes %+v", st.RoleChanges)
	}
	for i, w := range want {
		c := st.RoleChanges[i]
		if c.Role != w.Role || c.From != w.From || c.To != w.To || c.HandedOver != w.HandedOver {
			t.Errorf("change %d: %+v, want %+v", i, c, w)
		}
	}
	last := st.Events[len(st.Events)-1]
	if p, ok := last.Data.(RoleHandedOver); !ok || last.Actor != "Sato" || p.To != "Tanaka" {
		t.Errorf("hand-over recorded as %s by %s: %+v", last.Type, last.Actor, last.Data)
	}
}
