package main

import (
	"testing"

	"github.com/spf13/cobra"
)

// $SHODO_HIDE_EXAMPLES=1 hides the shipped runbooks and drills on the
// home screen.
func TestHideExamplesSetting(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		value string
		hide  bool
		err   string
	}{
		{"", false, ""},
		{"1", true, ""},
		{"true", true, ""},
		{"0", false, ""},
		{"yes please", false, `SHODO_HIDE_EXAMPLES="yes please": use 1 to hide the shipped examples, 0 to show them`},
	} {
		env, vars := testEnv(t)
		vars[envHideExamples] = tc.value
		opt, err := env.tuiOptions(addAppFlags(&cobra.Command{}))
		switch {
		case tc.err != "" && (err == nil || err.Error() != tc.err || exitCode(err) != exitUsage):
			t.Errorf("%q: %v; want %q", tc.value, err, tc.err)
		case tc.err == "" && (err != nil || opt.HideExamples != tc.hide || opt.Library == nil):
			t.Errorf("%q: hide %v, %v; want hide %v", tc.value, opt.HideExamples, err, tc.hide)
		}
	}
}
