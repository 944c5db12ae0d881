package tui

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// newEvidence opens testdata/incident/evidence.toml, whose runbook asks
// for a timeline export in every incident, in lang.
func newEvidence(t *testing.T, lang string, w, h int) *harness {
	t.Helper()
	clock := testkit.NewClock(t0)
	s := openFixed(t, t.TempDir(), openID, loadRunbook(t, "../../incident/evidence.toml"), clock)
	return newIncidentHarness(t, quiet{s}, lang, clock, w, h)
}

// e opens the register with the runbook's list; a adds an artefact whose
// SHA-256 and size come from a local file (enter on the file field), the
// entry chosen giving its "what"; t hands it over. Each is recorded, and
// the register shows the entry answered and the new holder.
func TestEvidenceRegisterKeys(t *testing.T) {
	h := newEvidence(t, i18n.English, 100, 30)
	file := filepath.Join(t.TempDir(), "timeline.csv")
	content := []byte("seq,time,event\n1,10:00,alert\n")
	if err := os.WriteFile(file, content, 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(content)

	h.key("E")
	h.require("Evidence register", "missing: Export of the monitoring timeline", "Nothing registered yet: a adds an artefact.")
	h.key("a")
	h.require("Register evidence", "Answers the runbook's entry", "(none: not on the runbook's list)", "File to hash")
	h.key("down") // the timeline export
	h.key("tab")  // What: left empty, the entry gives it
	h.key("tab")
	h.typeText("Share //evidence/timeline")
	h.key("tab")
	h.typeText(`"` + file + `"`) // as a file manager drops it
	h.key("enter")
	h.require("SHA-256 and size computed from the file (29 bytes).")
	h.key("enter")
	a := h.state().Artefact("E1")
	if a == nil {
		t.Fatalf("nothing registered; screen:\n%s", h.screen())
	}
	if a.SHA256 != hex.EncodeToString(sum[:]) || a.Size != int64(len(content)) || a.Expected != "timeline-export" ||
		a.What != "Export of the monitoring timeline" || a.Collector != "sato" || a.Where != "Share //evidence/timeline" {
		t.Errorf("registered %+v", a.EvidenceRegistered)
	}
	h.require("E1: Export of the monitoring timeline", "E1  Export of the monitoring timeline · held by sato", "SHA-256 "+a.SHA256)

	h.key("t")
	h.require("Hand over E1: Export of the monitoring timeline", "Given by", "a copy (the giver keeps theirs)")
	h.key("tab") // As
	h.key("down")
	h.key("tab")
	h.typeText("Kazamidori Security")
	h.key("tab")
	h.typeText("upload portal")
	h.key("tab")
	h.typeText("analysis of the intrusion")
	h.key("enter")
	if got := h.lastEvent().Data; got != (incident.EvidenceTransferred{Evidence: "E1", From: "sato", To: "Kazamidori Security", How: "upload portal", Why: "analysis of the intrusion", Copy: true}) {
		t.Fatalf("last event %+v", got)
	}
	h.require("held by sato, Kazamidori Security", "last hand-over: sato → Kazamidori Security")
}

// A hash that is not 64 hex digits and a missing required field are
// said in the dialog, which keeps what was typed; nothing is recorded.
func TestEvidenceRefusalsStayInTheDialog(t *testing.T) {
	h := newEvidence(t, i18n.English, 100, 30)
	h.key("E")
	h.key("a")
	h.key("tab")
	h.typeText("Memory image of fs01")
	h.key("enter")
	h.require("Kept at is required")
	h.typeText("Locker B") // the missing field has the focus
	h.key("tab")
	h.key("tab")
	h.typeText("9f86d081884c7d65")
	h.key("enter")
	h.require(`SHA-256 must be 64 hex digits: "9f86d081884c7d65" has 16 characters`, "Memory image of fs01")
	if len(h.state().Evidence) != 0 {
		t.Fatal("a refused registration was recorded")
	}
	h.key("shift+tab") // back to the file field
	h.typeText(filepath.Join(t.TempDir(), "nope.img"))
	h.key("enter")
	h.require("cannot hash")
}

// The register and its dialogs in Japanese at 80x24 keep within the
// terminal.
func TestEvidenceFitsInJapanese(t *testing.T) {
	h := newEvidence(t, i18n.Japanese, 80, 24)
	h.key("E")
	h.require("証拠管理台帳", "未登録：Export of the monitoring timeline")
	checkFrame(t, "evidence register", h.m.View(), 80, 24)
	h.key("a")
	h.require("証拠の登録", "ハッシュを計算するファイル")
	checkFrame(t, "evidence add", h.m.View(), 80, 24)
	h.key("tab")
	h.typeText("メモリイメージ")
	h.key("tab")
	h.typeText("保管庫B")
	h.key("enter")
	h.require("E1  メモリイメージ・保管者：sato")
	h.key("t")
	h.require("E1 の受け渡し：メモリイメージ")
	checkFrame(t, "evidence transfer", h.m.View(), 80, 24)
}

// registerFile registers an artefact kept at a local file through the add
// dialog, its hash computed from the file, and returns to the register.
func registerFile(t *testing.T, h *harness, what, file string) {
	t.Helper()
	h.key("a")
	h.key("tab")
	h.typeText(what)
	h.key("tab")
	h.typeText(file) // kept at
	h.key("tab")
	h.typeText(file) // file to hash
	h.key("enter")   // computes the hash and size, in a command
	h.key("enter")
}

// v hashes the selected artefact's file again where it is kept, in a
// command, and records what it found: a match quietly, a file changed
// since it was registered and a file gone plainly, in red and in words,
// on the flash, under the cursor and on the artefact's row.
func TestEvidenceRecheck(t *testing.T) {
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		t.Run(lang, func(t *testing.T) {
			h := newEvidence(t, lang, 200, 40)
			tx := i18n.New(lang)
			dir := t.TempDir()
			image, notes := filepath.Join(dir, "disk.img"), filepath.Join(dir, "notes.txt")
			writeFile(t, image, "disk image bytes")
			writeFile(t, notes, "handwritten notes, scanned")
			h.key("E")
			registerFile(t, h, "Disk image", image)
			registered := h.state().Artefact("E1").SHA256
			if registered != sha256Hex("disk image bytes") {
				t.Fatalf("registered with %q", registered)
			}

			for _, tc := range []struct {
				name  string
				edit  func()
				want  incident.EvidenceChecked
				flash string
				line  string
				alert bool
			}{
				{name: "unchanged", edit: func() {},
					want:  incident.EvidenceChecked{Evidence: "E1", SHA256: registered, Match: true, Where: image},
					flash: tx.T("tui.evidence.checked-match", "ID", "E1", "Where", image), line: tx.T("tui.evidence.matched", "Time", "TIME")},
				{name: "changed after it was registered", edit: func() { writeFile(t, image, "disk image bytes, altered") },
					want:  incident.EvidenceChecked{Evidence: "E1", SHA256: sha256Hex("disk image bytes, altered"), Where: image},
					flash: tx.T("tui.evidence.checked-mismatch", "ID", "E1", "Where", image), line: tx.T("tui.evidence.mismatch", "Time", "TIME"), alert: true},
				{name: "gone", edit: func() { must(t, os.Remove(image)) },
					want:  incident.EvidenceChecked{Evidence: "E1", Missing: true, Where: image},
					flash: tx.T("tui.evidence.checked-missing", "ID", "E1", "Where", image), line: tx.T("tui.evidence.missing-at", "Time", "TIME", "Where", image), alert: true},
			} {
				tc.edit()
				h.key("v")
				if got := h.lastEvent().Data; got != tc.want {
					t.Fatalf("%s: recorded %+v, want %+v", tc.name, got, tc.want)
				}
				h.require(tc.flash)
				k, _ := h.state().Artefact("E1").LastCheck()
				line := strings.ReplaceAll(tc.line, "TIME", h.m.stamp(k.Time))
				h.require(line)
				// The flash and the line under the cursor in the alert colour
				// for a mismatch or a missing file; the flash says "!" too.
				raw := h.m.View().Content
				if red := strings.Contains(raw, h.m.st.alert.Render(line)); red != tc.alert {
					t.Errorf("%s: %q in the alert colour: %v, want %v", tc.name, line, red, tc.alert)
				}
				if red := strings.Contains(raw, h.m.st.alert.Render("! "+tc.flash)); red != tc.alert {
					t.Errorf("%s: flash %q in the alert colour: %v, want %v", tc.name, tc.flash, red, tc.alert)
				}
			}

			// Another artefact under the cursor: E1's row still says it is missing.
			registerFile(t, h, "Notes", notes)
			h.key("down")
			h.require(tx.T("tui.evidence.flag-missing") + " " + tx.T("tui.evidence.row", "ID", "E1", "What", "Disk image", "Held", "sato"))
		})
	}
}

// v is offered only where it can work: not on an artefact registered
// without a SHA-256 (nothing to compare with), and an unreadable file
// records nothing.
func TestEvidenceRecheckRefusals(t *testing.T) {
	h := newEvidence(t, i18n.English, 200, 40)
	h.key("E")
	h.key("a")
	h.key("tab")
	h.typeText("Seized laptop")
	h.key("tab")
	h.typeText("Locker B")
	h.key("enter")
	h.require("E1  Seized laptop")
	n := len(h.state().Events)
	h.key("v")
	h.require("registered without a SHA-256: there is nothing to compare with")
	if len(h.state().Events) != n {
		t.Fatalf("a check of an artefact without a hash was recorded: %+v", h.lastEvent())
	}

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "image", "part1"), "x")
	h.key("a")
	h.key("tab")
	h.typeText("Image directory")
	h.key("tab")
	h.typeText(filepath.Join(dir, "image"))
	h.key("tab")
	h.key("tab")
	h.typeText(strings.Repeat("ab", 32))
	h.key("enter")
	h.key("down")
	n = len(h.state().Events)
	h.key("v")
	h.require("Nothing recorded: cannot hash E2 at " + filepath.Join(dir, "image"))
	if len(h.state().Events) != n {
		t.Fatalf("an unreadable file was recorded: %+v", h.lastEvent())
	}
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// TestEvidenceRecheckProgram: in a real program (teatest), an artefact
// registered from a file that is then changed is hashed again by v off the
// update loop, and the mismatch is recorded and said; the journal holds
// it after the program ends.
func TestEvidenceRecheckProgram(t *testing.T) {
	clock := testkit.NewClock(t0)
	s := openFixed(t, t.TempDir(), openID, loadRunbook(t, "../../incident/evidence.toml"), clock)
	file := filepath.Join(t.TempDir(), "fw.log")
	writeFile(t, file, "deny tcp 203.0.113.9:445\n")
	_, err := s.RegisterEvidence("sato", incident.NewEvidence{What: "Firewall log", Where: file, SHA256: sha256Hex("deny tcp 203.0.113.9:445\n")})
	must(t, err)
	writeFile(t, file, "deny tcp 203.0.113.9:445\nallow tcp 203.0.113.9:3389\n") // changed after it was registered

	m := NewIncidentModel(s, testOptions(i18n.English, clock))
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(200, 30))
	waitFor(t, tm, "What was reported?")
	tm.Send(keyMsg("E"))
	waitFor(t, tm, "E1  Firewall log")
	tm.Send(keyMsg("v"))
	waitFor(t, tm, "HASH MISMATCH recorded: E1")
	must(t, tm.Quit())
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	must(t, final.Release())
	k, ok := s.State().Artefact("E1").LastCheck()
	if !ok || k.Match || k.Missing || k.Where != file || k.SHA256 != sha256Hex("deny tcp 203.0.113.9:445\nallow tcp 203.0.113.9:3389\n") {
		t.Fatalf("recorded check %+v (%v), want a mismatch at %s", k, ok, file)
	}
}

// An artefact kept at a place, not a file, is not hashed by v (a file of
// that name would be recorded as missing from the chain of custody); on
// shodo serve neither v nor the register's file field reads a file: the
// name would be the server's.
func TestEvidenceNotReadFromPlacesOrTheServer(t *testing.T) {
	h := newEvidence(t, i18n.English, 200, 40)
	h.key("E")
	h.key("a")
	h.key("tab")
	h.typeText("Seized laptop")
	h.key("tab")
	h.typeText("Kazamidori lab safe 2")
	h.key("tab")
	h.key("tab")
	h.typeText(strings.Repeat("ab", 32))
	h.key("enter")
	h.require("E1  Seized laptop")
	n := len(h.state().Events)
	h.key("v")
	h.require("its location is not a file path")
	if len(h.state().Events) != n {
		t.Fatalf("a place was checked as a file: %+v", h.lastEvent())
	}

	file := filepath.Join(t.TempDir(), "image.dd")
	writeFile(t, file, "disk")
	h.m.opt.Remote = true
	h.key("a")
	h.key("tab")
	h.typeText("Disk image")
	h.key("tab")
	h.typeText(file)
	h.key("tab")
	h.typeText(file)
	h.key("enter")
	h.require("on shodo serve a file name would be the server's")
	h.key("esc")
	h.key("v")
	h.require("on shodo serve a file name would be the server's")
	if len(h.state().Events) != n {
		t.Fatalf("a served screen read a file: %+v", h.lastEvent())
	}
}
