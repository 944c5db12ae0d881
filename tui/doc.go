// Package tui is shodo's terminal interface: the home screen (runbooks to
// start from, incidents to resume or export) and the incident screen (header,
// triage, duties with live countdowns, timeline, and the actions an on-call
// engineer takes), built on Bubble Tea v2, Lip Gloss v2 and Bubbles v2.
//
// The package adapts engine values into views and never writes anything
// itself: every command goes to an incident.Session from inside a tea.Cmd,
// and the screen shows an action as recorded only after the session (and so
// the journal, with fsync) acknowledged it. Update does no I/O.
//
// Everything drawn that did not come from this package — runbook text,
// journal events, names typed by other people — passes through Sanitize, and
// every line is measured in terminal cells (never bytes) and cut to the
// terminal's width, so that a hostile runbook cannot rewrite the terminal and
// Japanese text lines up.
//
// The app's own words are messages of the catalogue (internal/i18n, the
// [tui] section of its locales), in the language of Options.Lang, which the
// CLI decides with i18n.Decide; runbook text is shown as written.
//
// # Wiring
//
// The CLI owns flags, the clock and the session's lifetime:
//
//	opt := tui.Options{
//		Lang:  lang,  // i18n.Decide(--lang, os.Getenv)
//		Actor: actor, // --actor, else tui.DefaultActor(os.Getenv)
//		Home:  home,  // incident.Home(os.Getenv)
//		Library: library.New(library.Config{ // $SHODO_RUNBOOKS, ./runbooks, shipped
//			Shipped: runbooks.FS, Dirs: os.Getenv(library.EnvDirs), WorkDir: ".",
//		}),
//		HideExamples: hide, // $SHODO_HIDE_EXAMPLES
//		Quiet:        quiet, // --no-bell, $SHODO_BELL=0
//	}
//	err := tui.RunHome(ctx, opt) // shodo
//
//	sess, err := incident.Open(rb, incident.OpenOptions{Home: home, Actor: actor})
//	err = tui.RunIncident(ctx, sess, opt) // shodo run, shodo resume
//	err = sess.Detach()
//
//	d, err := drill.Start(sc, drill.StartOptions{Home: home, Paused: true})
//	err = tui.RunDrill(ctx, d, opt) // shodo drill, shodo resume of a drill
//	err = d.Detach()
//
// They return ErrInternal after a recovered panic, once the terminal is
// restored.
//
// # Drills
//
// A drill is the incident screen with the facilitator's controls: the
// header shows scenario time (T+00:17), the speed and whether the clock is
// paused; space, + and -, and ] drive the drill's SimClock; injects appear
// in a banner to read aloud and on the timeline; f and i show the
// facilitator's notes and the injects delivered. Countdowns follow the
// scenario clock. The app wakes when the next inject or deadline is due,
// converting scenario time to real time with SimClock.RealDelay, and runs
// no tick at all while the clock is paused. opt.Now is then the real clock
// the drill's SimClock reads.
package tui
