//go:build !shodotest

package tui

// slowed is e: only a binary built with -tags shodotest can slow its saves
// (see testhook_shodotest.go). A production build never reads the variable.
func slowed(_ Options, e engine) engine { return e }
