//go:build !shodotest

package main

// journalWriteFault is nil: only a binary built with -tags shodotest can
// fail shodo serve's journal writes on purpose (testhook_shodotest.go).
func journalWriteFault(func(string) string) func() error { return nil }
