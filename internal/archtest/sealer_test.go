package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// sessionOptions are the option structs of the engine calls that can seal
// an incident's head: a close seals it, and resuming a closed incident
// seals one a crash left unsealed. Left without a Sealer, the engine
// falls back to the installation key beside the journals, which proves
// little, and verify then names that key instead of the responder's.
var sessionOptions = map[string]bool{
	"incident.OpenOptions":   true,
	"incident.ResumeOptions": true,
	"drill.StartOptions":     true,
	"drill.ResumeOptions":    true,
}

// Every edge that opens or resumes a session (cmd/, tui/) passes the
// responder's Sealer.
func TestEdgesPassTheSealer(t *testing.T) {
	found := 0
	for _, root := range []string{"../../cmd", "../../tui"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.CompositeLit)
				if !ok {
					return true
				}
				name := typeName(lit.Type)
				if !sessionOptions[name] {
					return true
				}
				found++
				if !hasKey(lit, "Sealer") {
					t.Errorf("%s: %s{…} without a Sealer: pass the responder's (Options.Sealer, env.sealer)", fset.Position(lit.Pos()), name)
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// cmd and tui open, start and resume sessions in several places: a
	// count this low means the walk no longer sees them.
	if found < 6 {
		t.Errorf("found %d session option literals in cmd/ and tui/; the check no longer sees them", found)
	}
}

func typeName(e ast.Expr) string {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return ""
	}
	return pkg.Name + "." + sel.Sel.Name
}

func hasKey(lit *ast.CompositeLit, key string) bool {
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == key {
				return true
			}
		}
	}
	return false
}
