package library

import (
	"fmt"
	"strings"

	"github.com/shodo-dev/shodo/engine/runbook"
)

// What names what an id was looked up as: runbook ids and scenario ids are
// two namespaces.
type What string

// What an id can name.
const (
	WhatRunbook  What = "runbook"
	WhatScenario What = "scenario"
)

// UnknownIDError is returned for an id that no source has. The CLI and the
// TUI say it in their own words from its fields; Error is the plain form
// that scenario diagnostics quote.
type UnknownIDError struct {
	What What
	ID   string
	// Suggestions are the known ids that ID is a likely typo of, nearest
	// first (runbook.Suggestions), else those that start with ID.
	Suggestions []string
	// Known are the ids an id can find, in the order `shodo list` shows
	// them.
	Known []string
}

func newUnknownID(what What, id string, known []string) *UnknownIDError {
	near := runbook.Suggestions(id, known)
	if len(near) == 0 && id != "" {
		// Not a typo but the start of an id: `shodo drill friday`.
		for _, k := range known {
			if strings.HasPrefix(k, id) {
				near = append(near, k)
			}
		}
	}
	return &UnknownIDError{What: what, ID: id, Suggestions: near, Known: known}
}

func (e *UnknownIDError) Error() string {
	msg := fmt.Sprintf("no %s has id %q", e.What, e.ID)
	if len(e.Suggestions) > 0 {
		msg += fmt.Sprintf(" (did you mean %s?)", quoteOr(e.Suggestions))
	}
	return msg
}

// quoteOr writes `"a"`, `"a" or "b"`, `"a", "b" or "c"`.
func quoteOr(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = fmt.Sprintf("%q", id)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// BrokenError is returned when the file an id or a scenario's runbook path
// leads to has errors: validating it (shodo validate Path) shows them.
type BrokenError struct {
	What What
	// ID is the id looked up; empty when the file was named by its path.
	ID     string
	Path   string
	Source Source
}

func (e *BrokenError) Error() string {
	var msg string
	if e.ID != "" {
		msg = fmt.Sprintf("the %s file %s has id %q but does not load", e.What, e.Path, e.ID)
	} else {
		msg = fmt.Sprintf("the %s file %s does not load", e.What, e.Path)
	}
	if !e.Source.Shipped() {
		msg += fmt.Sprintf("; run shodo validate %s", e.Path)
	}
	return msg
}

// MissingFileError is returned for a scenario's runbook path that leads to
// no file.
type MissingFileError struct{ Path string }

func (e *MissingFileError) Error() string {
	return fmt.Sprintf("the runbook file %s does not exist (the path is relative to the scenario file)", e.Path)
}
