package runbook

import (
	"slices"
	"testing"
)

func TestSuggestions(t *testing.T) {
	t.Parallel()
	ids := []string{"service-failure", "service-failure-ja", "cloud-service-outage", "vulnerability-advisory"}
	for _, tc := range []struct {
		s    string
		want []string
	}{
		{"service-failur", []string{"service-failure"}},
		{"service-failure-j", []string{"service-failure-ja", "service-failure"}}, // nearest first
		{"servcie-failure", []string{"service-failure"}},                         // a transposition is one edit
		{"service-failure", nil},                                                 // it exists
		{"tabletop", nil},                                                        // nothing near
		{"ab", nil},
	} {
		if got := Suggestions(tc.s, ids); !slices.Equal(got, tc.want) {
			t.Errorf("Suggestions(%q) = %q; want %q", tc.s, got, tc.want)
		}
		want := ""
		if len(tc.want) > 0 {
			want = tc.want[0]
		}
		if got := Suggest(tc.s, ids); got != want {
			t.Errorf("Suggest(%q) = %q; want %q", tc.s, got, want)
		}
	}
}
