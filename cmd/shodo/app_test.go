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

// $SHODO_BELL=0 and --no-bell keep the terminal bell silent when a duty
// falls overdue; by default it rings.
func TestBellSetting(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		value  string
		noBell bool
		quiet  bool
		err    string
	}{
		{"", false, false, ""},
		{"1", false, false, ""},
		{"0", false, true, ""},
		{"false", false, true, ""},
		{"", true, true, ""},
		{"1", true, true, ""},
		{"loud", false, false, `SHODO_BELL="loud": use 0 to silence the terminal bell for overdue duties, 1 to ring it`},
	} {
		env, vars := testEnv(t)
		vars[envBell] = tc.value
		cmd := &cobra.Command{}
		f := addAppFlags(cmd)
		if tc.noBell {
			if err := cmd.Flags().Parse([]string{"--no-bell"}); err != nil {
				t.Fatal(err)
			}
		}
		opt, err := env.tuiOptions(f)
		switch {
		case tc.err != "" && (err == nil || err.Error() != tc.err || exitCode(err) != exitUsage):
			t.Errorf("%q: %v; want %q", tc.value, err, tc.err)
		case tc.err == "" && (err != nil || opt.Quiet != tc.quiet):
			t.Errorf("%q --no-bell=%v: quiet %v, %v; want quiet %v", tc.value, tc.noBell, opt.Quiet, err, tc.quiet)
		}
	}
}
