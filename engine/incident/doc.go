// Package incident runs one incident: a runbook plus everything that happened
// to it, in order. Events are typed and appended to a journal; State is a
// pure fold of the runbook over those events; a Session validates commands
// (answer, stamp, mark a duty done, …), appends the events they cause, and
// keeps the duty clocks.
//
// # Time
//
// Every event has an incident time. Outside drills it is the event's wall
// time `at`. In a drill the session is given two clocks: the simulated
// Clock and the real Wall clock; `at` is then the wall time and the event's
// Sim field holds the scenario offset (Clock.Now() minus the opening time,
// written as a Go duration such as "17m5s"), and the incident time is the
// opening time plus Sim. Due times are absolute incident times recorded when
// a duty starts, so a replay never reads a clock.
//
// # Consequences
//
// Some events follow from others: an answer that leads to a verdict reaches
// it, an answer stamps its milestones, a trigger starts the duties waiting
// for it (once: a duty starts once), a revision withdraws the running duties
// whose every trigger was withdrawn (and a trigger holding again brings them
// back with their clocks), and a due time passing records the duty overdue (which may start
// escalations, whose clocks run from the due time that passed). The Session
// derives these from State alone, one event at a time, until nothing is
// left to do. Because the derivation reads only State, a session resumed
// after a crash between two such events finishes the work the crash
// interrupted.
package incident
