// Package archtest holds tests of the house's shape: which package may
// import which.
package archtest

import (
	"go/build"
	"os/exec"
	"strings"
	"testing"
)

// Nothing under engine/ imports a Charm package, directly or through
// another package: the engine knows no screen, so it can serve a CLI, a
// test, a drill runner and an SSH server alike.
func TestEngineImportsNoCharm(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", "github.com/shodo-dev/shodo/engine/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list found only %d dependencies of engine/...: %v", len(deps), deps)
	}
	for _, dep := range deps {
		if charm(dep) {
			t.Errorf("engine/... depends on %s; keep Charm packages in tui/ and cmd/", dep)
		}
	}
}

// The check above would see a Charm import: tui does import one.
func TestCharmCheckSeesTUI(t *testing.T) {
	pkg, err := build.Import("github.com/shodo-dev/shodo/tui", ".", 0)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, imp := range pkg.Imports {
		found = found || charm(imp)
	}
	if !found {
		t.Errorf("tui imports no Charm package by this check's rule: %v", pkg.Imports)
	}
}

func charm(importPath string) bool {
	return strings.HasPrefix(importPath, "charm.land/") || strings.HasPrefix(importPath, "github.com/charmbracelet/")
}
