//go:build !shodotest

package tui

import "time"

// answerGuardFor is how long enter does not answer after the triage
// question changed: keyGuard. Only a binary built with -tags shodotest
// can change it (see testhook_shodotest.go).
func answerGuardFor(_ Options) time.Duration { return keyGuard }

// slowed is e: only a binary built with -tags shodotest can slow its saves
// (see testhook_shodotest.go). A production build never reads the variable.
func slowed(_ Options, e engine) engine { return e }
