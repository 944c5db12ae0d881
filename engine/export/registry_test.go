package export

import (
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

func shippedRunbook(t testing.TB, name string) *runbook.Runbook {
	t.Helper()
	rb, diags := runbook.LoadFS(runbooks.FS, name, runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	return rb
}

// foldExample folds the registry's opening and then p, on the shipped
// runbook, and returns the state and p's event.
func foldExample(t testing.TB, p incident.Payload) (*incident.State, incident.Event) {
	t.Helper()
	rb := shippedRunbook(t, "service-failure.toml")
	opened, _ := incident.KindOf(incident.TypeIncidentOpened)
	events := []incident.Event{{Seq: 1, At: start, Actor: "sato", Type: incident.TypeIncidentOpened, Data: opened.Example()}}
	if p.EventType() != incident.TypeIncidentOpened {
		events = append(events, incident.Event{Seq: 2, At: start.Add(time.Minute), Actor: "sato", Type: p.EventType(), Data: p})
	}
	st := incident.Fold(rb, events)
	return st, st.Events[len(st.Events)-1]
}

// unfilled reports what shows that a sentence was not fully written: a
// missing message, a placeholder without a value, a template left as is.
func unfilled(s string) string {
	for _, mark := range []string{"«", "<no value>", "{{", "%!"} {
		if strings.Contains(s, mark) {
			return mark
		}
	}
	if strings.TrimSpace(s) == "" {
		return "an empty sentence"
	}
	return ""
}

// Every declared event type, and a type from a newer shodo, has a sentence
// in every language with every placeholder filled.
func TestEverySentenceInEveryLanguage(t *testing.T) {
	t.Parallel()
	payloads := []incident.Payload{incident.Unknown{Type: "pager.sent"}}
	for _, k := range incident.Kinds() {
		payloads = append(payloads, k.Example())
	}
	// The variants a sentence has: without a note, rank, drill or channel.
	payloads = append(payloads,
		incident.DutyDone{Duty: "vendor-first-call"},
		incident.VerdictReached{Verdict: "hardware", Title: "Hardware failure"},
		incident.InjectDelivered{Text: "t"}, incident.InjectDelivered{Text: "t", From: "ACME"}, incident.InjectDelivered{Text: "t", Channel: "email"},
		incident.DrillClock{Speed: 2},
		incident.EvidenceChecked{Evidence: "E1", SHA256: strings.Repeat("0f", 32)},
		incident.EvidenceChecked{Evidence: "E1", SHA256: strings.Repeat("0f", 32), Where: "/evidence/e1.img"},
		incident.EvidenceChecked{Evidence: "E1", SHA256: strings.Repeat("0f", 32), Match: true, Where: "/evidence/e1.img"},
		incident.EvidenceChecked{Evidence: "E1", Missing: true},
		incident.FieldSet{Duty: "ppc-preliminary", Field: "people", Value: "1350", Correction: true, Was: "1200"},
		incident.FieldSet{Duty: "ppc-preliminary", Field: "people", Value: "1350", Correction: true},
		incident.FieldSet{Duty: "ppc-preliminary", Field: "people", Correction: true, Was: "1200"},
		incident.FieldSet{Duty: "ppc-preliminary", Field: "data-items", Correction: true},
		incident.FieldSet{Duty: "ppc-preliminary", Field: "data-items", Values: []string{"names", "emails"}, Correction: true, WasValues: []string{"names"}},
		incident.EvidenceChecked{Evidence: "E1", Missing: true, Where: "/evidence/e1.img"},
		incident.DutyCancelled{Duty: "vendor-first-call", Reason: "its trigger not-security was withdrawn by a triage revision"},
	)
	for _, l := range i18n.Languages() {
		c := i18n.New(l.Code)
		for _, p := range payloads {
			st, ev := foldExample(t, p)
			said := incident.SentenceOf(ev)
			if !c.Has(said.ID) {
				t.Errorf("%s: %s has no message %s", l.Code, p.EventType(), said.ID)
			}
			got := Sentence(c, st, ev, dateTimeIn(time.UTC))
			if mark := unfilled(got); mark != "" {
				t.Errorf("%s: %s: %q shows %q", l.Code, p.EventType(), got, mark)
			}
			// A long export writes its sentences from compiled messages:
			// they must read exactly alike, the second time too.
			fast := words{c: c, rb: st.Runbook, formatTime: dateTimeIn(time.UTC), compiled: map[string]*compiledMessage{}}
			for range 2 {
				if again := fast.sentence(said); again != got {
					t.Errorf("%s: %s compiled reads %q; the catalogue %q", l.Code, p.EventType(), again, got)
				}
			}
		}
	}
}

// A cancelled duty is told in the reader's language, naming what started
// it by its title; an old journal's English reason is shown as written.
func TestCancelledDutySaysWhyInWords(t *testing.T) {
	t.Parallel()
	coded := incident.DutyCancelled{Duty: "vendor-first-call", Code: incident.CancelTriggerWithdrawn, Trigger: "milestone:security-suspected"}
	st, ev := foldExample(t, coded)
	title := st.Runbook.Milestone("security-suspected").Title
	for lang, want := range map[string]string{
		"en": `Cancelled: First call to the maintenance vendor (its trigger, the milestone "` + title + `", was withdrawn by a triage revision).`,
		"ja": "取消：First call to the maintenance vendor（契機となったマイルストーン「" + title + "」がトリアージの見直しで取り消されたため）。",
	} {
		if got := SentenceWith(st, ev, lang, dateTimeIn(time.UTC)); got != want {
			t.Errorf("%s:\n got %s\nwant %s", lang, got, want)
		}
	}
	legacy := incident.DutyCancelled{Duty: "vendor-first-call", Reason: "its trigger not-security was withdrawn by a triage revision"}
	st, ev = foldExample(t, legacy)
	if got, want := SentenceWith(st, ev, "ja", dateTimeIn(time.UTC)), "取消：First call to the maintenance vendor（its trigger not-security was withdrawn by a triage revision）。"; got != want {
		t.Errorf("an old journal's reason:\n got %s\nwant %s", got, want)
	}
}

// Every code the drill scores with, and every inject channel, has its
// words in every language: the report asks for them by code.
func TestEveryCodeHasWords(t *testing.T) {
	t.Parallel()
	groups := map[string][]string{
		"aar.outcome":      {string(drill.VerdictCorrect), string(drill.VerdictWrong), string(drill.VerdictFalseAlarm), string(drill.VerdictMissedSecurity), string(drill.VerdictNone), string(drill.VerdictUnscored)},
		"aar.rating":       {"p", "s", "m", "u"},
		"aar.capability":   {string(drill.Triage), string(drill.VendorCoordination), string(drill.SecurityEscalation), string(drill.RegulatoryNotification), string(drill.Documentation)},
		"aar.check":        {string(drill.CheckNotes), string(drill.CheckSummary), string(drill.CheckAttempts), string(drill.CheckWaiveReasons)},
		"aar.check-failed": {string(drill.CheckNotes), string(drill.CheckSummary), string(drill.CheckAttempts), string(drill.CheckWaiveReasons)},
		"aar.result":       {string(drill.DutyMet), string(drill.DutyMissed), string(drill.DutyPending), string(drill.DutyNotStarted)},
		"export.channel":   drill.Channels(),
		"export.trigger":   {"opened", "verdict", "verdict-id", "security", "not-security", "rank", "milestone", "done", "overdue"},
	}
	for _, r := range []drill.Rating{drill.Performed, drill.SomeChallenges, drill.MajorChallenges, drill.Unable} {
		if !strings.Contains("PSMU", string(r)) || len(r) != 1 {
			t.Errorf("rating %q is not one of the letters the catalogue has", r)
		}
	}
	for _, l := range i18n.Languages() {
		c := i18n.New(l.Code)
		for group, codes := range groups {
			for _, code := range codes {
				// Some take placeholders, filled by their callers: only a
				// missing message is looked for here.
				if got := coded(c, group, code); strings.Contains(got, "«") {
					t.Errorf("%s: %s.%s = %q", l.Code, group, code, got)
				}
			}
		}
	}
	if leaks := testkit.EnglishLeaks(ChannelName("phone", i18n.Pseudo)); len(leaks) > 0 {
		t.Errorf("a channel in the pseudo-locale: %v", leaks)
	}
}
