// Package drill runs tabletop exercises on shodo's runbooks: a scenario
// (injects the facilitator reads out, what the team is expected to achieve,
// and scripted steps for automated tests) is validated against its runbook
// like a runbook itself; a Drill plays it as an incident on a simulated
// clock; Run plays it headless for `shodo test`; and Score rates what
// happened, from the journal alone, on HSEEP's P/S/M/U scale.
//
// # Time
//
// A drill is an ordinary incident whose Clock is a SimClock: scenario time
// runs speed times faster than real time, and stops while paused. Every
// event records the wall time in `at` and the scenario offset in Sim, and
// the incident fold uses the opening time plus Sim as incident time, so
// duty clocks run on scenario time. A drill resumed after a crash continues
// from the last recorded offset, paused.
//
// # Dependencies
//
// drill sits above incident and runbook and below export: the after-action
// report reads a Score, and nothing here knows about screens.
package drill
