package library

import (
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
// TUI say it in their own words from its fields; Msg is what a scenario's
// diagnostics say, in the reader's language.
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

// Msg says the error as a catalogue message, in no language yet.
func (e *UnknownIDError) Msg() runbook.Msg {
	var hint runbook.Msg
	if len(e.Suggestions) > 0 {
		hint = msgHintDidYouMean.With(runbook.OrList("Suggestions", quoted(e.Suggestions)))
	}
	m := msgUnknownRunbook
	if e.What == WhatScenario {
		m = msgUnknownScenario
	}
	return m.With(runbook.Quoted("ID", e.ID), runbook.Part("Hint", hint))
}

// Error says the error in English.
func (e *UnknownIDError) Error() string { return e.Msg().Text(english()) }

// BrokenError is returned when the file an id or a scenario's runbook path
// leads to has errors: validating it (shodo validate Path) shows them.
type BrokenError struct {
	What What
	// ID is the id looked up; empty when the file was named by its path.
	ID     string
	Path   string
	Source Source
}

// Msg says the error as a catalogue message, in no language yet. A local
// file's error says how to see its own diagnostics; a shipped one's cannot
// be validated by path.
func (e *BrokenError) Msg() runbook.Msg {
	var hint runbook.Msg
	if !e.Source.Shipped() {
		hint = msgHintValidate.With(runbook.Plain("File", e.Path))
	}
	switch {
	case e.ID == "":
		return msgBrokenFile.With(runbook.Plain("File", e.Path), runbook.Part("Hint", hint))
	case e.What == WhatScenario:
		return msgBrokenScenario.With(runbook.Plain("File", e.Path), runbook.Quoted("ID", e.ID), runbook.Part("Hint", hint))
	}
	return msgBrokenRunbook.With(runbook.Plain("File", e.Path), runbook.Quoted("ID", e.ID), runbook.Part("Hint", hint))
}

// Error says the error in English.
func (e *BrokenError) Error() string { return e.Msg().Text(english()) }

// MissingFileError is returned for a scenario's runbook path that leads to
// no file.
type MissingFileError struct{ Path string }

// Msg says the error as a catalogue message, in no language yet.
func (e *MissingFileError) Msg() runbook.Msg {
	return msgMissingFile.With(runbook.Plain("File", e.Path))
}

// Error says the error in English.
func (e *MissingFileError) Error() string { return e.Msg().Text(english()) }
