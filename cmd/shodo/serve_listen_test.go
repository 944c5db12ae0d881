package main

import (
	"testing"

	"github.com/shodo-dev/shodo/serve"
)

// shodo serve listens on this machine alone unless another interface is
// named, and says so when one is: issue 15's "the listen address defaults
// to localhost and must be set explicitly to listen on other interfaces".
func TestServeListensOnLocalhostByDefault(t *testing.T) {
	t.Parallel()
	if got := newServeCmd(environment{}).Flags().Lookup("listen").DefValue; got != serve.DefaultListen || reachableFromOthers(got) {
		t.Errorf("--listen defaults to %q (reachable from others: %v); want %q, this machine only", got, reachableFromOthers(got), serve.DefaultListen)
	}
	for addr, want := range map[string]bool{
		"127.0.0.1:2222":  false,
		"127.0.0.1:40463": false,
		"[::1]:2222":      false,
		"10.0.0.5:2222":   true,
		"0.0.0.0:2222":    true,
		"[::]:2222":       true,
		":2222":           true,
		"not an address":  true,
	} {
		if got := reachableFromOthers(addr); got != want {
			t.Errorf("reachableFromOthers(%q) = %v, want %v", addr, got, want)
		}
	}
}
