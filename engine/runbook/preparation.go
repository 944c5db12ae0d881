package runbook

import "time"

// Preparation (format version 2): what must be in place before an incident
// (a contact list printed, an offline copy of the runbook, a signed
// retainer), each item with its owner and the date someone last checked it.
// shodo shows them before an incident starts, and the lint asks for a new
// check when the date is older than the runbook's review_every.

// preparationKeys are the keys of a [[preparation]] item.
var preparationKeys = []string{"id", "text", "owner", "verified"}

// defaultReviewEvery is how old a preparation item's verified date may be
// when the runbook sets no review_every: a year.
var defaultReviewEvery = Duration{Days: 365}

// Preparation is one [[preparation]] item.
type Preparation struct {
	ID    string
	Text  string
	Owner string // role id; empty when none is named
	// Verified is the date someone last checked it; zero when never.
	Verified time.Time
	Pos      Pos

	at loc
}

// ReviewPeriod is how old a preparation item's verified date may be:
// the runbook's review_every, or a year.
func (rb *Runbook) ReviewPeriod() Duration {
	if rb.ReviewEvery.IsZero() {
		return defaultReviewEvery
	}
	return rb.ReviewEvery
}

// parsePreparation reads the runbook's preparation items and review_every.
func parsePreparation(root obj, rb *Runbook) {
	root.since(2, "preparation", "review_every")
	if s, ok := root.str("review_every", lineText); ok {
		d, err := ParseDuration(s)
		switch {
		case err != nil:
			root.r.fail(root.loc, "review_every", msgBadDurationAt, Part("What", msgWhatRunbook.With()), Plain("Key", "review_every"), Part("Problem", ProblemOf(err)))
		case d.BusinessDays > 0 || d.BusinessHours > 0:
			root.r.fail(root.loc, "review_every", msgBadDurationAt, Part("What", msgWhatRunbook.With()), Plain("Key", "review_every"),
				Part("Problem", msgDurationBusinessHere.With(Quoted("Duration", s))))
		default:
			rb.ReviewEvery = d
		}
	}
	seen := map[string]bool{}
	for i, o := range root.list("preparation", msgKindPreparation) {
		what := subjectOfEntry(&msgKindPreparation, o, i)
		o.allow(what, preparationKeys...)
		p := &Preparation{at: o.loc, Pos: o.pos("")}
		p.ID = o.reqStr(what, "id", lineText, exPreparationID)
		if p.ID != "" {
			checkID(o.r, o.loc, "id", msgKindPreparation, p.ID)
			if seen[p.ID] {
				o.r.fail(o.loc, "id", msgDuplicatePreparation, Quoted("ID", p.ID))
			}
			seen[p.ID] = true
		}
		p.Text = o.reqStr(what, "text", blockText, exPreparationText)
		p.Owner, _ = o.str("owner", lineText)
		p.Verified = o.date("verified", msgVerifiedQuoted)
		rb.Preparation = append(rb.Preparation, p)
	}
}

// preparation checks the owners of the preparation items and, given a
// Now, the age of their checks.
func (v *validator) preparation(opt Options) {
	period := v.rb.ReviewPeriod()
	for _, p := range v.rb.Preparation {
		if p.Owner != "" && v.rb.Role(p.Owner) == nil {
			v.dangling(p.at, "owner", msgUnknownOwner, p.Owner, ids(v.rb.Roles, func(r *Role) string { return r.ID }), Quoted("Item", p.ID), Quoted("Owner", p.Owner))
		}
		if opt.Now.IsZero() {
			continue
		}
		switch {
		case p.Verified.IsZero() && !v.written(p.at, "verified"):
			v.r.warn(p.at, "", msgNeverVerified, Quoted("Item", p.ID), Plain("Date", opt.Now.Format("2006-01-02")))
		case p.Verified.IsZero():
			// written, but not as a date: already an error
		case opt.Now.Sub(p.Verified) > period.Approx():
			v.r.warn(p.at, "verified", msgVerifiedStale, Quoted("Item", p.ID), Plain("Date", p.Verified.Format("2006-01-02")),
				Number("Days", int(opt.Now.Sub(p.Verified).Hours()/24)), Plain("Every", period.String()))
		}
	}
}

var (
	msgKindPreparation      = msg("kind.preparation", "")
	msgDuplicatePreparation = msg("diag.duplicate-preparation", "duplicate-id", "ID")
	msgVerifiedQuoted       = msg("diag.verified-quoted", "wrong-type")
	msgUnknownOwner         = msg("diag.unknown-owner", "dangling-ref", "Item", "Owner", "Hint")
	msgNeverVerified        = msg("diag.never-verified", "preparation-stale", "Item", "Date")
	msgVerifiedStale        = msg("diag.verified-stale", "preparation-stale", "Item", "Date", "Days", "Every")
	exPreparationID         = msg("example.preparation-id", "")
	exPreparationText       = msg("example.preparation-text", "")
)

func preparationMessages() []Message {
	return []Message{msgKindPreparation, msgDuplicatePreparation, msgVerifiedQuoted, msgUnknownOwner, msgNeverVerified,
		msgVerifiedStale, exPreparationID, exPreparationText}
}
