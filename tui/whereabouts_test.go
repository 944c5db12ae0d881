package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// The home screen's idle status line says where incidents are written, in
// the reader's words; a served screen says nothing of the server's files
// (issue 16: "nothing shows where files are written").
func TestHomeSaysWhereIncidentsAreKept(t *testing.T) {
	home := homeWithIncidents(t)
	dir := incident.IncidentsDir(home)
	for _, tc := range []struct {
		lang   string
		remote bool
	}{{i18n.English, false}, {i18n.Japanese, false}, {i18n.English, true}} {
		name := tc.lang
		if tc.remote {
			name += "_served"
		}
		t.Run(name, func(t *testing.T) {
			clock := testkit.NewClock(t0.Add(10 * time.Minute))
			opt := testOptions(tc.lang, clock)
			opt.Home, opt.Remote = home, tc.remote
			h := startHarness(t, NewHomeModel(opt), clock, 120, 30)
			want := h.m.tx.T("tui.home.kept-in", "Dir", dir, "Var", "SHODO_HOME")
			if got := strings.Contains(h.screen(), want); got == tc.remote {
				t.Errorf("screen shows %q: %v, want %v:\n%s", want, got, !tc.remote, h.screen())
			}
		})
	}
}

// The quit confirmation names the incident's directory beside the resume
// command, so that a responder knows where its record is; a served
// screen's quit names no file of the server's.
func TestQuitDialogSaysWhereTheIncidentIs(t *testing.T) {
	for _, tc := range []struct {
		lang   string
		remote bool
	}{{i18n.English, false}, {i18n.Japanese, false}, {i18n.Japanese, true}} {
		name := tc.lang
		if tc.remote {
			name += "_served"
		}
		t.Run(name, func(t *testing.T) {
			clock := testkit.NewClock(t0)
			s := openFixed(t, t.TempDir(), openID, englishRB(t), clock)
			h := newIncidentHarness(t, quiet{s}, tc.lang, clock, 200, 30)
			h.m.opt.Remote = tc.remote
			h.key("q")
			if !h.m.quitting() {
				t.Fatalf("q did not ask to quit:\n%s", h.screen())
			}
			screen := strings.ReplaceAll(h.screen(), "\n", "")
			if got := strings.Contains(screen, s.Dir()); got == tc.remote {
				t.Errorf("quit dialog names %s: %v, want %v:\n%s", s.Dir(), got, !tc.remote, h.screen())
			}
			if !strings.Contains(screen, "shodo resume "+openID) {
				t.Errorf("quit dialog lacks the resume command:\n%s", h.screen())
			}
		})
	}
}
