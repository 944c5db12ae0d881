package incident

import (
	"errors"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/internal/testkit"
)

// An incident's title is recorded in its opening, trimmed, and read back
// by the fold and the home's list; a title that would not show as written
// on one line is refused before anything is created.
func TestTitle(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	clock := testkit.NewClock(t0)
	rb := loadFixture(t, "life.toml")
	s, err := Open(rb, OpenOptions{Home: home, Actor: "alice", Clock: clock, Title: "  Orders fail at checkout ", ID: "INC-20261125-0001"})
	must(t, err)
	if got := s.State().Name; got != "Orders fail at checkout" {
		t.Fatalf("name %q", got)
	}
	must(t, s.Detach())
	list, err := List(home)
	must(t, err)
	if len(list) != 1 || list[0].Name != "Orders fail at checkout" {
		t.Fatalf("list %+v", list)
	}
	r, err := Resume(s.Dir(), ResumeOptions{Clock: clock})
	must(t, err)
	defer r.Detach()
	if r.State().Name != "Orders fail at checkout" {
		t.Errorf("resumed name %q", r.State().Name)
	}

	for _, tc := range []struct {
		title, reason string
	}{
		{"Orders\nfail", "export.refusal.title-control"},
		{"Orders\tfail", "export.refusal.title-control"},
		{"Orders \x1b[31mfail", "export.refusal.title-control"},
		{"Orders \u202efail", "export.refusal.title-control"},
		{"Orders \u0085fail", "export.refusal.title-control"},
		// Invisible, not controls: stored and shown as nothing, or as a
		// break, in every list and export (review L14).
		{"Orders\u200bfail", "export.refusal.title-control"},
		{"Orders\u2060fail", "export.refusal.title-control"},
		{"\ufeffOrders fail", "export.refusal.title-control"},
		{"Orders\u2028fail", "export.refusal.title-control"},
		{"Orders\u2029fail", "export.refusal.title-control"},
		{"bad \xff utf-8", "export.refusal.title-utf8"},
		{strings.Repeat("長", MaxTitle+1), "export.refusal.title-long"},
	} {
		_, err := Open(rb, OpenOptions{Home: home, Actor: "alice", Clock: clock, Title: tc.title})
		var r *Refusal
		if !errors.Is(err, ErrBadTitle) || !errors.As(err, &r) || r.Reason.ID != tc.reason {
			t.Errorf("title %q: %v, want %s", tc.title, err, tc.reason)
		}
	}
	if sums, _ := List(home); len(sums) != 1 {
		t.Errorf("refused titles created %d incidents", len(sums)-1)
	}
	// The joiners write emoji and several scripts: kept.
	for _, ok := range []string{"Family \U0001F468\u200D\U0001F469\u200D\U0001F467 outage", "\u0930\u094D\u200D\u092F"} {
		if err := CheckTitle(ok); err != nil {
			t.Errorf("title %q: %v", ok, err)
		}
	}
	if err := CheckTitle(strings.Repeat("長", MaxTitle)); err != nil {
		t.Errorf("a title of MaxTitle characters: %v", err)
	}
}
