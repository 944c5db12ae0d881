package runbook

import (
	"slices"
	"time"

	"github.com/shodo-dev/shodo/engine/calendar"
)

// Fragments (format version 2): an included file may hold duties, beside
// the calendars, roles, parties, milestones and ranks it shares, so that a
// team's legal clocks can live in one reviewed file per regime
// (runbooks/regulations/) that every runbook includes. A fragment also says
// what it is: a title, the law it encodes (source), when counsel last
// reviewed it, and whether that law is in force yet.
//
// How an included duty binds to the includer: its triggers name what the
// merged runbook has. A regulation fragment declares the milestones its
// clocks count from (milestone:gdpr-aware, with the clock-start kind the
// law names), and the including runbook's triage answers stamp them; a
// fragment duty may also name a verdict, a rank or a duty of the includer,
// and its `who` a role the includer defines. References are checked on the
// merged runbook, so a dangling one is reported at the fragment's line.
// The runbook's own duties come first on the duty board, the included
// ones after them in include order: a runbook's first moves lead, the
// library's legal clocks follow.

// Fragment statuses: a law in force, or one adopted or proposed but not yet
// applicable (CIRCIA before its final rule), which the TUI and the exports
// mark so that nobody mistakes it for law in force.
const (
	FragmentInForce = "in-force"
	FragmentPending = "pending"
)

// FragmentStatuses lists the values of a fragment's status (a new slice
// each call).
func FragmentStatuses() []string { return []string{FragmentInForce, FragmentPending} }

// Clock-start kinds: the legal judgement a milestone records, in the words
// of the regimes (docs/regulations.md). A milestone of any kind is stamped
// with the time the organisation actually reached it, claimed when it was
// earlier than the stamp.
const (
	StartAware            = "aware"
	StartReasonableBelief = "reasonable-belief"
	StartClassifiedMajor  = "classified-major"
	StartMaterial         = "materiality-determined"
	StartDiscovered       = "discovered"
	StartPaymentMade      = "payment-made"
	StartFixAvailable     = "fix-available"
	StartSubmitted        = "submitted"
)

// MilestoneKinds lists the clock-start kinds a milestone's kind may name (a
// new slice each call).
func MilestoneKinds() []string {
	return []string{StartAware, StartReasonableBelief, StartClassifiedMajor, StartMaterial, StartDiscovered,
		StartPaymentMade, StartFixAvailable, StartSubmitted}
}

// Fragment is one included file, with what it says about itself. Every
// included file has one; its metadata is empty when it declares none.
type Fragment struct {
	// Path is the file as displayed in diagnostics.
	Path  string
	Title string
	// Source is the law the fragment encodes: its official URL and the
	// articles its clocks come from.
	Source string
	// Reviewed is the date counsel last checked the fragment against the
	// law; zero when it does not say.
	Reviewed time.Time
	// Status is FragmentInForce (also when not written) or
	// FragmentPending.
	Status string
	// AppliesFrom (applies_from) is the date from which the law applies
	// to every duty of the fragment that does not say its own; the zero
	// Date when it applies whenever a clock starts.
	AppliesFrom calendar.Date
	Pos         Pos

	at loc
}

// Pending reports whether the fragment encodes a law not yet in force.
func (f *Fragment) Pending() bool { return f != nil && f.Status == FragmentPending }

// fragmentMetaKeys are the keys that describe a fragment (version 2).
var fragmentMetaKeys = []string{"title", "source", "reviewed", "status", "duties", "applies_from"}

// parseFragment reads what an included file says about itself and its
// duties. Everything it reads is new in format version 2.
func parseFragment(root obj, display string) (*Fragment, []*Duty) {
	root.since(2, fragmentMetaKeys...)
	f := &Fragment{Path: display, at: root.loc, Pos: root.pos(""), Status: FragmentInForce}
	if root.file != nil && root.file.format != 0 && root.file.format < 2 {
		return f, nil // each key is refused above; nothing more to say
	}
	f.Title, _ = root.str("title", lineText)
	f.Source, _ = root.str("source", blockText)
	f.Reviewed = root.date("reviewed", msgReviewedQuoted)
	f.AppliesFrom = appliesFrom(root)
	if s, ok := root.str("status", lineText); ok {
		if slices.Contains(FragmentStatuses(), s) {
			f.Status = s
		} else {
			root.r.fail(root.loc, "status", msgUnknownStatus, Quoted("Status", s), Part("Hint", suggestion(s, FragmentStatuses())))
		}
	}
	var duties []*Duty
	for i, d := range root.list("duties", msgKindDuty) {
		du := parseDuty(d, i)
		du.Fragment = f
		duties = append(duties, du)
	}
	return f, duties
}

// parseMilestoneMeta reads a milestone's clock-start kind and source
// (version 2).
func parseMilestoneMeta(e named, m *Milestone) {
	e.since(2, "kind", "source")
	m.Source, _ = e.str("source", blockText)
	k, ok := e.str("kind", lineText)
	if !ok {
		return
	}
	if !slices.Contains(MilestoneKinds(), k) {
		hint := DidYouMean(k, MilestoneKinds())
		if hint.ID == "" {
			hint = msgHintUseOneOf.With(QuotedList("Values", MilestoneKinds()))
		}
		e.r.fail(e.loc, "kind", msgUnknownKind, Part("What", whatNamed(msgKindMilestone, e.id)), Quoted("Kind", k), Part("Hint", hint))
		return
	}
	m.Kind = k
}

// parseDutySource reads a duty's source: the law and article its clock
// comes from (version 2).
func parseDutySource(d obj, du *Duty) {
	d.since(2, "source")
	du.Source, _ = d.str("source", blockText)
}

// addFragmentDuties puts the included files' duties after the runbook's
// own. An id used by both is reported by Validate at the included duty,
// naming where the runbook defines it: both files in one line.
func (ld *loader) addFragmentDuties(root obj) {
	ld.rb.Duties = append(ld.rb.Duties, ld.fragmentDuties...)
	if len(ld.fragmentDuties) > 0 && len(ld.rb.Duties) > MaxDuties {
		root.r.fail(root.loc, "include", msgTooManyDuties, Number("Duties", len(ld.rb.Duties)), Number("Max", MaxDuties))
	}
}

// fragments checks, given a Now, how long ago counsel reviewed each
// included file that holds legal duties: older than a year is a warning
// (and `shodo validate --strict` fails on it), as is no date at all.
func (v *validator) fragments(opt Options) {
	if opt.Now.IsZero() {
		return
	}
	for _, f := range v.rb.Fragments {
		v.fragmentReview(f, opt, slices.ContainsFunc(v.rb.Duties, func(d *Duty) bool { return d.Fragment == f && d.Legal }))
	}
}

// fragmentReview is the review lint for one fragment; legal says whether
// it holds legal duties, which makes a missing date worth a warning.
func (v *validator) fragmentReview(f *Fragment, opt Options, legal bool) {
	switch {
	case f.Reviewed.IsZero() && legal && !v.written(f.at, "reviewed"):
		v.r.warn(f.at, "", msgFragmentReviewMissing, Plain("File", f.Path), Plain("Date", opt.Now.Format("2006-01-02")))
	case f.Reviewed.IsZero():
	case opt.Now.Sub(f.Reviewed).Hours() > reviewMaxAge:
		v.r.warn(f.at, "reviewed", msgFragmentReviewStale, Plain("File", f.Path), Plain("Date", f.Reviewed.Format("2006-01-02")),
			Number("Days", int(opt.Now.Sub(f.Reviewed).Hours()/24)))
	}
}

var (
	msgUnknownStatus         = msg("diag.unknown-status", "bad-value", "Status", "Hint")
	msgDurationMonthMixed    = msg("problem.duration-month-mixed", "", "Duration")
	msgFragmentReviewMissing = msg("diag.fragment-review-missing", "review-missing", "File", "Date")
	msgFragmentReviewStale   = msg("diag.fragment-review-stale", "review-stale", "File", "Date", "Days")
)

func fragmentMessages() []Message {
	return []Message{msgUnknownStatus, msgDurationMonthMixed, msgFragmentReviewMissing, msgFragmentReviewStale}
}
