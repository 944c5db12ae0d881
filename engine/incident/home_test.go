package incident

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/internal/testkit"
)

func TestHome(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		want string
		err  bool
	}{
		{"SHODO_HOME wins", map[string]string{"SHODO_HOME": "/s", "XDG_STATE_HOME": "/x", "HOME": "/h"}, "/s", false},
		{"XDG state", map[string]string{"XDG_STATE_HOME": "/x", "HOME": "/h"}, "/x/shodo", false},
		{"relative XDG is ignored", map[string]string{"XDG_STATE_HOME": "x", "HOME": "/h"}, "/h/.local/state/shodo", false},
		{"home", map[string]string{"HOME": "/h"}, "/h/.local/state/shodo", false},
		{"nothing", map[string]string{}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Home(func(k string) string { return tt.env[k] })
			if (err != nil) != tt.err || got != filepath.FromSlash(tt.want) {
				t.Fatalf("Home = %q, %v; want %q (error %v)", got, err, tt.want, tt.err)
			}
		})
	}
}

// homeWithIncidents makes a home with three incidents: one open with a
// verdict, one closed, one revised back to no verdict, plus broken ones.
func homeWithIncidents(t *testing.T) (home string, ids []string) {
	t.Helper()
	rb := loadFixture(t, "triggers.toml")
	home = t.TempDir()
	for i, answers := range [][]string{{"symptom/ransom"}, {"symptom/down", "cause/hw"}, {"symptom/down", "cause/leak", "-cause"}} {
		clock := testkit.NewClock(t0.Add(time.Duration(i) * time.Hour))
		s, err := Open(rb, OpenOptions{Home: home, Actor: "alice", Clock: clock})
		must(t, err)
		for _, a := range answers {
			if node, ok := strings.CutPrefix(a, "-"); ok {
				must(t, s.Revise("alice", node))
				continue
			}
			node, opt, _ := strings.Cut(a, "/")
			must(t, s.Answer("alice", node, opt))
		}
		if i == 1 {
			waiveAll(t, s, "alice")
			must(t, s.Close("alice", "replaced a disk"))
		} else {
			must(t, s.Detach())
		}
		ids = append(ids, s.State().ID)
	}
	// A journal torn mid-line, one with garbage first, and an empty directory.
	torn := filepath.Join(home, "incidents", "INC-20261124-AAAA")
	must(t, os.MkdirAll(torn, 0o700))
	src, err := os.ReadFile(filepath.Join(home, "incidents", ids[0], journal.JournalFile))
	must(t, err)
	must(t, os.WriteFile(filepath.Join(torn, journal.JournalFile), append(src, `{"seq":99,"ty`...), 0o600))
	garbage := filepath.Join(home, "incidents", "INC-20261124-BBBB")
	must(t, os.MkdirAll(garbage, 0o700))
	must(t, os.WriteFile(filepath.Join(garbage, journal.JournalFile), []byte("\x00\x01 not json\n"), 0o600))
	must(t, os.MkdirAll(filepath.Join(home, "incidents", "INC-20261124-CCCC"), 0o700))
	return home, ids
}

func TestList(t *testing.T) {
	t.Parallel()
	home, ids := homeWithIncidents(t)
	got, err := List(home)
	must(t, err)
	byID := map[string]Summary{}
	for _, s := range got {
		if !strings.HasSuffix(s.Dir, "AAAA") { // a copy: it has ids[0] inside
			byID[s.ID] = s
		}
	}
	if len(got) != 6 {
		t.Fatalf("%d summaries; want 6: %+v", len(got), got)
	}
	// Newest first.
	if got[0].ID != ids[2] || got[1].ID != ids[1] || got[2].ID != ids[0] || got[3].ID != ids[0] {
		t.Errorf("order %s, %s, %s; want %v reversed", got[0].ID, got[1].ID, got[2].ID, ids)
	}
	tests := []struct {
		id      string
		verdict string
		closed  bool
		err     bool
	}{
		{ids[0], "ransomware", false, false},
		{ids[1], "hardware", true, false},
		{ids[2], "", false, false},
		{"INC-20261124-BBBB", "", false, true},
		{"INC-20261124-CCCC", "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			s := byID[tt.id]
			if s.Verdict != tt.verdict || s.Closed != tt.closed || (s.Err != nil) != tt.err {
				t.Fatalf("%+v; want verdict %q closed %v error %v", s, tt.verdict, tt.closed, tt.err)
			}
			if !tt.err && (s.Runbook != "triggers" || s.Title != "Every trigger kind" || s.Opened.IsZero() || s.Dir == "") {
				t.Errorf("summary %+v", s)
			}
		})
	}
	// A torn tail is no error: resuming repairs it.
	var torn Summary
	for _, s := range got {
		if strings.HasSuffix(s.Dir, "AAAA") {
			torn = s
		}
	}
	if torn.Err != nil || torn.Verdict != "ransomware" {
		t.Errorf("torn journal: %+v", torn)
	}
	if empty, err := List(t.TempDir()); err != nil || len(empty) != 0 {
		t.Errorf("empty home: %v, %v", empty, err)
	}
}

func TestFind(t *testing.T) {
	t.Parallel()
	home, ids := homeWithIncidents(t)
	dir0 := filepath.Join(home, "incidents", ids[0])
	tests := []struct {
		name string
		arg  string
		want string
		err  error
	}{
		{"directory", dir0, dir0, nil},
		{"journal path", filepath.Join(dir0, journal.JournalFile), dir0, nil},
		{"id", ids[0], dir0, nil},
		{"lower-case id", strings.ToLower(ids[0]), dir0, nil},
		{"unique prefix", "INC-20261124-A", filepath.Join(home, "incidents", "INC-20261124-AAAA"), nil},
		{"ambiguous prefix", "INC-20261124", "", ErrAmbiguous},
		{"nothing", "INC-1999", "", ErrNotFound},
		{"a directory without a journal", t.TempDir(), "", ErrNotFound},
		{"empty", "", "", ErrRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Find(home, tt.arg)
			if !errors.Is(err, tt.err) || got != tt.want {
				t.Fatalf("Find(%q) = %q, %v; want %q, %v", tt.arg, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestNewIncidentID(t *testing.T) {
	t.Parallel()
	id, err := NewIncidentID(t0)
	must(t, err)
	if len(id) != len("INC-20261125-7F3A") || !strings.HasPrefix(id, "INC-20261125-") || strings.ToUpper(id) != id {
		t.Fatalf("id %q", id)
	}
}
