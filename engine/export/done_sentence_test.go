package export

import (
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// A duty done says every fact its event records, and only those: no
// means is left out rather than named "unspecified", and a claimed
// submission time is said beside required fields left empty (issue 16).
// Every combination of means, submission time, unticked items, empty
// fields and note, in every language.
func TestDoneSaysEveryFact(t *testing.T) {
	t.Parallel()
	submitted := start.Add(-10 * time.Minute)
	type facts struct{ means, submitted, unticked, empty, note bool }
	var all []facts
	for i := range 32 {
		all = append(all, facts{i&1 != 0, i&2 != 0, i&4 != 0, i&8 != 0, i&16 != 0})
	}
	for _, l := range i18n.Languages() {
		c := i18n.New(l.Code)
		// What the reader sees of each fact, in this language.
		want := map[string]string{
			"means":     channelName(c, "phone"),
			"submitted": dateTimeIn(time.UTC)(submitted),
			"unticked":  "restarts",
			"empty":     "Number of people whose personal data leaked",
			"note":      "receipt PPC-123",
		}
		for _, f := range all {
			p := incident.DutyDone{Duty: "appi-preliminary"}
			if f.means {
				p.Means = "phone"
			}
			if f.submitted {
				p.Submitted = submitted
			}
			if f.unticked {
				p.Unticked = []string{"restarts"}
			}
			if f.empty {
				p.Empty = []string{"appi-people"}
			}
			if f.note {
				p.Note = "receipt PPC-123"
			}
			st, ev := foldExample(t, p)
			id := incident.SentenceOf(ev).ID
			got := Sentence(c, st, ev, dateTimeIn(time.UTC))
			t.Run(l.Code+"/"+strings.TrimPrefix(id, "export.event."), func(t *testing.T) {
				if !c.Has(id) {
					t.Fatalf("no message %s", id)
				}
				if mark := unfilled(got); mark != "" {
					t.Errorf("%q shows %q", got, mark)
				}
				if strings.Contains(got, c.T("export.word.no-means")) {
					t.Errorf("%q names an unrecorded means", got)
				}
				for fact, has := range map[string]bool{"means": f.means, "submitted": f.submitted, "unticked": f.unticked, "empty": f.empty, "note": f.note} {
					if strings.Contains(got, want[fact]) != has {
						t.Errorf("%q: says the %s (%q): %v, want %v", got, fact, want[fact], !has, has)
					}
				}
				if l.Code == "en" && !strings.HasSuffix(got, ".") && !f.note {
					t.Errorf("%q does not end a sentence", got)
				}
			})
		}
	}
	// The sentences a person reads most often, word for word.
	for _, tc := range []struct {
		lang string
		p    incident.DutyDone
		want string
	}{
		{"en", incident.DutyDone{Duty: "vendor-first-call"}, "Done: First call to the maintenance vendor."},
		{"en", incident.DutyDone{Duty: "vendor-first-call", Means: "phone"}, "Done: First call to the maintenance vendor, by phone."},
		{"ja", incident.DutyDone{Duty: "vendor-first-call"}, "完了：First call to the maintenance vendor。"},
		{"en", incident.DutyDone{Duty: "appi-preliminary", Means: "form", Submitted: submitted, Empty: []string{"appi-people"}},
			"Done: Preliminary report (速報) to the PPC, by form, submitted at " + dateTimeIn(time.UTC)(submitted) +
				", confirmed with required report fields empty: Number of people whose personal data leaked, or may have leaked (第3号)."},
	} {
		st, ev := foldExample(t, tc.p)
		if got := Sentence(i18n.New(tc.lang), st, ev, dateTimeIn(time.UTC)); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.lang, got, tc.want)
		}
	}
}
