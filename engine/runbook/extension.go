package runbook

// Two ways the law moves a legal duty's due time after it started (format
// version 2), each declared on the duty it moves:
//
//   - extensions: the delays an authority may grant, in order (SEC Form 8-K
//     Item 1.05(c): the Attorney General's 30, 30 and, in extraordinary
//     circumstances, 60 days; HIPAA 45 CFR 164.412: a law-enforcement
//     official's statement). Each is recorded during the incident with who
//     granted it; the engine refuses one the duty does not declare.
//   - if_ongoing: what becomes of the duty when it falls due while the
//     incident is still being handled (NIS2 Art. 23(4)(e): a progress
//     report then, and the final report within one month of the end of
//     handling). The progress report is its own duty, started by the
//     trigger ongoing:<duty>.

// MaxExtensions is how many extension steps a duty may declare: the laws
// shodo knows have two or three.
const MaxExtensions = 8

// extensionKeys are the keys of one step of a duty's extensions;
// ongoingKeys those of its if_ongoing.
var (
	extensionKeys = []string{"by", "up_to", "requires", "optional", "source"}
	ongoingKeys   = []string{"until", "within"}
)

// Extension is one step of the delay a duty's law allows: who may grant
// it, how long it may add at most, and what the grant must affirm.
// Steps are taken in the order written, each at most once; a step marked
// optional may be passed over.
type Extension struct {
	// By is who may grant it, as the law names them: "US Attorney General
	// (Item 1.05(c))".
	By string
	// UpTo is the longest the step may add to the due time, counted from
	// the due time it moves on the duty's calendar; zero when the law
	// leaves the length to the grant (a written statement "for the time
	// period specified").
	UpTo Duration
	// Requires is a circumstance the grant must affirm for this step
	// ("extraordinary circumstances: national security"); empty when none.
	Requires string
	// Optional says the step may be passed over: a later step may be
	// granted without it (an oral statement, when the written one comes
	// first).
	Optional bool
	// Source is the law and article of the step.
	Source string
	Pos    Pos

	at loc
}

// Ongoing is a duty's if_ongoing: when the duty falls due while Until has
// not happened, its clock stops there (and ongoing:<duty> starts the
// duty that is owed instead at that moment), and runs again, Within from
// the moment Until happened, once it does.
type Ongoing struct {
	Until Trigger
	// Within is the new clock from Until; the duty's own within when not
	// written.
	Within Duration
	Pos    Pos

	at loc
}

// parseExtensions reads a duty's extensions and if_ongoing, new in format
// version 2.
func parseExtensions(d obj, what subject, du *Duty, duration func(o obj, key string) (Duration, bool)) {
	d.since(2, "extensions", "if_ongoing")
	list := d.list("extensions", msgKindExtension)
	if len(list) > MaxExtensions {
		d.r.fail(d.loc, "extensions", msgTooManyExtensions, Quoted("Duty", du.ID), Number("Steps", len(list)), Number("Max", MaxExtensions))
	}
	for i, o := range list {
		ew := subjectNumbered(&msgKindExtension, i+1).of(&msgKindDuty, du.ID)
		o.allow(ew, extensionKeys...)
		x := &Extension{at: o.loc, Pos: o.pos("")}
		x.By = o.reqStr(ew, "by", lineText, exExtensionBy)
		x.UpTo, _ = duration(o, "up_to")
		x.Requires, _ = o.str("requires", lineText)
		x.Optional, _ = o.boolean("optional")
		x.Source, _ = o.str("source", lineText)
		du.Extensions = append(du.Extensions, x)
	}
	if o, ok := d.table("if_ongoing"); ok {
		ow := subjectFixed(&msgWhatIfOngoing).of(&msgKindDuty, du.ID)
		o.allow(ow, ongoingKeys...)
		on := &Ongoing{at: o.loc, Pos: o.pos("")}
		if s, ok := o.str("until", lineText); ok {
			if t, err := ParseTrigger(s); err != nil {
				o.r.fail(o.child("until"), "", msgBadTrigger, Part("What", ow.msg()), Part("Problem", ProblemOf(err)))
			} else {
				on.Until = t
			}
		} else if !o.has("until") {
			o.missing(ow, "until", exOngoingUntil.With())
		}
		on.Within, _ = duration(o, "within")
		du.IfOngoing = on
	}
}

// dutyExtensions checks extensions and if_ongoing against the rest of the
// duty and the runbook: both move a due time, so the duty needs one; a
// recurring duty has a due time per occurrence, which neither names.
func (v *validator) dutyExtensions(d *Duty) {
	if len(d.Extensions) > 0 && (d.Within.IsZero() || !d.Every.IsZero()) {
		v.r.fail(d.at, "extensions", msgMovesNoDue, Quoted("Duty", d.ID), Plain("Key", "extensions"))
	}
	on := d.IfOngoing
	if on == nil {
		return
	}
	if d.Within.IsZero() || !d.Every.IsZero() {
		v.r.fail(d.at, "if_ongoing", msgMovesNoDue, Quoted("Duty", d.ID), Plain("Key", "if_ongoing"))
	}
	u := on.Until
	if ref := u.Ref(); u.Kind != "" && ref != RefNone && u.Arg != "" {
		switch {
		case ref == RefDuty && u.Arg == d.ID:
			v.r.fail(on.at, "until", msgUntilNever, Quoted("Duty", d.ID), Quoted("Until", u.String()))
		case !ref.Exists(v.rb, u.Arg):
			v.dangling(on.at, "until", msgUntilDangling, u.Arg, ref.IDs(v.rb),
				Quoted("Duty", d.ID), Quoted("Until", u.String()), Part("Ref", ref.kind().With()), Quoted("ID", u.Arg))
		}
	}
	if u.Kind != "" {
		if k, _ := LookupTrigger(u.Kind); !k.Anchor {
			// The new clock counts from the moment until happened.
			v.r.fail(on.at, "until", msgAnchorKind, Part("What", subjectFixed(&msgWhatIfOngoing).of(&msgKindDuty, d.ID).msg()),
				Plain("Key", "until"), Quoted("Anchor", u.String()), OrList("Forms", AnchorForms()))
		}
	}
}

// ongoingTrigger checks an ongoing:<duty> trigger: the duty it names must
// say what happens when it falls due while ongoing, or the trigger never
// stands.
func (v *validator) ongoingTrigger(d *Duty, at loc, t Trigger) {
	if t.Kind != TriggerOngoing || t.Arg == "" {
		return
	}
	if other := v.rb.Duty(t.Arg); other != nil && other.IfOngoing == nil {
		v.r.fail(at, "", msgOngoingUndeclared, Quoted("Duty", d.ID), Quoted("Trigger", t.String()), Quoted("Other", t.Arg))
	}
}

// The messages of this file, declared as the others in messages.go.
var (
	msgTooManyExtensions = msg("diag.too-many-extensions", "limit", "Duty", "Steps", "Max")
	msgMovesNoDue        = msg("diag.moves-no-due", "bad-clock", "Duty", "Key")
	msgOngoingUndeclared = msg("diag.ongoing-undeclared", "bad-trigger", "Duty", "Trigger", "Other")
	msgKindExtension     = msg("kind.extension", "")
	msgWhatIfOngoing     = msg("what.if-ongoing", "", "Whole")
	exExtensionBy        = msg("example.extension-by", "")
	exOngoingUntil       = msg("example.if-ongoing-until", "")
)

func extensionMessages() []Message {
	return []Message{msgTooManyExtensions, msgMovesNoDue, msgOngoingUndeclared, msgKindExtension, msgWhatIfOngoing, exExtensionBy, exOngoingUntil}
}
