package tui

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

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
