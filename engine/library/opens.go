package library

import (
	"slices"

	"github.com/shodo-dev/shodo/engine/runbook"
)

// CheckOpens reports, at the id, each runbook a verdict of rb offers to
// open (`open = ["service-failure"]`) that no id finds: neither the
// library nor also, the ids of the runbooks validated with rb (a directory
// named on the command line). A runbook whose file is broken still claims
// its id, and its own diagnostics say what is wrong with it.
func (c *Catalog) CheckOpens(rb *runbook.Runbook, also ...string) runbook.Diagnostics {
	var diags runbook.Diagnostics
	for _, v := range rb.Verdicts {
		for _, o := range v.Open {
			if _, ok := c.runbookClaims[o.Runbook]; ok || slices.Contains(also, o.Runbook) {
				continue
			}
			known := append(c.runbookIDs(), also...)
			unknown := newUnknownID(WhatRunbook, o.Runbook, known)
			var hint runbook.Msg
			if len(unknown.Suggestions) > 0 {
				hint = msgHintDidYouMean.With(runbook.OrList("Suggestions", quoted(unknown.Suggestions)))
			}
			diags = append(diags, runbook.Diagnostic{Pos: o.Pos, Severity: runbook.Error, Code: msgUnknownOpen.Code,
				Message: msgUnknownOpen.With(runbook.Quoted("Verdict", v.ID), runbook.Quoted("ID", o.Runbook), runbook.Part("Hint", hint))})
		}
	}
	return diags
}
