package incident

import (
	"errors"
	"testing"

	"github.com/shodo-dev/shodo/internal/testkit"
)

// A link is recorded both ways, each side with its kind; a link to an
// incident that is not in the home, to itself, of an unknown kind or
// already there is refused; an other side held open elsewhere is left
// for later, and linking again completes it.
func TestLinkBoth(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	clock := testkit.NewClock(t0)
	rb := loadFixture(t, "life.toml")
	open := func(id string) *Session {
		s, err := Open(rb, OpenOptions{Home: home, Actor: "alice", Clock: clock, ID: id})
		must(t, err)
		t.Cleanup(func() { _ = s.Detach() })
		return s
	}
	a := open("INC-20261125-AAAA")
	b := open("INC-20261125-BBBB")
	must(t, b.Detach())

	for _, tc := range []struct {
		kind, other string
		want        error
		reason      string
	}{
		{LinkRelated, "INC-20991231-0000", ErrNoSuchIncident, "export.refusal.no-such-incident"},
		{LinkRelated, "inc-20261125-aaaa", ErrSelf, "export.refusal.self"},
		{LinkRelated, "", ErrRequired, "export.refusal.required-incident"},
		{"caused", "INC-20261125-BBBB", ErrUnknownLink, "export.refusal.unknown-link"},
	} {
		_, err := LinkBoth(a, "alice", tc.kind, tc.other, clock)
		var r *Refusal
		if !errors.Is(err, tc.want) || !errors.As(err, &r) || r.Reason.ID != tc.reason {
			t.Errorf("link %s %q: %v, want %s", tc.kind, tc.other, err, tc.reason)
		}
	}
	res, err := LinkBoth(a, "alice", LinkSpawned, "INC-20261125-B", clock)
	must(t, err)
	if res.Other != "INC-20261125-BBBB" || res.OtherPending || res.OtherHad {
		t.Fatalf("result %+v", res)
	}
	if l := a.State().Links; len(l) != 1 || l[0].Kind != LinkSpawned || l[0].Incident != "INC-20261125-BBBB" {
		t.Fatalf("this side: %+v", l)
	}
	rb2, err := Resume(b.Dir(), ResumeOptions{Clock: clock})
	must(t, err)
	if l := rb2.State().Links; len(l) != 1 || l[0].Kind != LinkSpawnedFrom || l[0].Incident != "INC-20261125-AAAA" {
		t.Fatalf("other side: %+v", l)
	}
	wantErr(t, a.Link("alice", LinkSpawned, "INC-20261125-BBBB"), ErrAlreadyLinked)

	// The other side held open by another session: this side is
	// recorded, the other is pending; once free, linking again from the
	// other side's point of view is refused as done on this side.
	c := open("INC-20261125-CCCC")
	res, err = LinkBoth(rb2, "bob", LinkRelated, "INC-20261125-CCCC", clock)
	must(t, err)
	if !res.OtherPending || res.OtherHeldBy == nil || len(c.State().Links) != 0 {
		t.Fatalf("held other: %+v, its links %+v", res, c.State().Links)
	}
	must(t, c.Detach())
	must(t, rb2.Detach())
	cs, err := Resume(c.Dir(), ResumeOptions{Clock: clock})
	must(t, err)
	defer cs.Detach()
	res, err = LinkBoth(cs, "bob", LinkRelated, "INC-20261125-BBBB", clock)
	must(t, err)
	if !res.OtherHad {
		t.Errorf("completing a pending link: %+v", res)
	}
	checkReplay(t, cs)

	// A closed incident takes no link, and nothing is recorded here.
	d := open("INC-20261125-DDDD")
	waiveAll(t, d, "alice")
	must(t, d.Close("alice", "done"))
	before := cs.State().LastSeq
	_, err = LinkBoth(cs, "bob", LinkRelated, "INC-20261125-DDDD", clock)
	var r *Refusal
	if !errors.Is(err, ErrClosed) || !errors.As(err, &r) || r.Reason.ID != "export.refusal.other-closed" || cs.State().LastSeq != before {
		t.Errorf("link to a closed incident: %v (%+v), last seq %d -> %d", err, r, before, cs.State().LastSeq)
	}
}
