package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// The runbooks in docs/examples validate without a warning.
func TestDocsExamplesValidate(t *testing.T) {
	t.Parallel()
	env, _ := testEnv(t)
	dir, err := filepath.Abs("../../docs/examples")
	if err != nil {
		t.Fatal(err)
	}
	r := shell(t, env, "validate", "--strict", dir)
	if r.code != exitOK || !strings.HasSuffix(r.stderr, ": 0 errors, 0 warnings\n") {
		t.Fatalf("validate --strict docs/examples: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// The DORA example's initial notification is due at the earlier of its
// two bounds: 4 hours after the classification, 24 hours after the team
// became aware (the claimed opening, as --since gives it).
func TestDORAExampleTakesTheEarlierBound(t *testing.T) {
	t.Parallel()
	rb, diags := runbook.LoadFile("../../docs/examples/dora-major-incident.toml", runbook.Options{})
	if rb == nil || len(diags) > 0 {
		t.Fatalf("load: %v", diags)
	}
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.FixedZone("CET", 3600))
	tests := []struct {
		name  string
		aware time.Duration // before the opening
		want  time.Time
	}{
		{"aware 22h before: the 24h bound", 22 * time.Hour, now.Add(2 * time.Hour)},
		{"aware 1h before: the 4h bound", time.Hour, now.Add(4 * time.Hour)},
		{"aware now: the 4h bound", 0, now.Add(4 * time.Hour)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := testkit.NewClock(now)
			var since time.Time
			if tt.aware > 0 {
				since = now.Add(-tt.aware)
			}
			s, err := incident.Open(rb, incident.OpenOptions{Home: t.TempDir(), Actor: "test", Clock: clock, Since: since})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = s.Detach() })
			if err := s.Answer("test", "criteria", "major"); err != nil {
				t.Fatal(err)
			}
			d := s.State().Duty("initial-notification")
			if d == nil || !d.Due.Equal(tt.want) {
				t.Fatalf("initial notification due %v, want %v", d.Due, tt.want)
			}
			if u := s.State().Duty("client-updates"); u == nil || u.Instance != 1 || !u.Due.Equal(now.Add(4*time.Hour)) {
				t.Fatalf("client updates: %+v", u)
			}
		})
	}
}
