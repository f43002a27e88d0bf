package store_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// Queries that are not one constant string, each with why no user value
// can reach its text. Any other query must be a constant: values go in as
// ? parameters.
var builtQueries = map[string]string{
	"searchJoined":    "built from literals and the bm25Weights constant; the MATCH expression, dates, doc id and limit are ? parameters",
	"readHits":        "built from literals and the hitColumns and generationExpr constants with one ? per rowid; the rowids are ? parameters",
	"migrate":         "the embedded migration scripts, and PRAGMA user_version set from the migration count (an int)",
	"articlePassages": "built from literals and the hitTitle constant with one ? per article id; the ids are ? parameters",
}

// TestSQLUsesBoundParameters reads the store's source: every query passed
// to database/sql is a constant expression, or built in a function listed
// in builtQueries. Values from users, documents or the model can only
// reach SQLite as bound parameters.
func TestSQLUsesBoundParameters(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var parsed []*ast.File
	consts := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
				for _, s := range g.Specs {
					for _, n := range s.(*ast.ValueSpec).Names {
						consts[n.Name] = true
					}
				}
			}
		}
	}
	var isConst func(ast.Expr) bool
	isConst = func(e ast.Expr) bool {
		switch e := e.(type) {
		case *ast.BasicLit:
			return e.Kind == token.STRING
		case *ast.Ident:
			return consts[e.Name]
		case *ast.ParenExpr:
			return isConst(e.X)
		case *ast.BinaryExpr:
			return e.Op == token.ADD && isConst(e.X) && isConst(e.Y)
		}
		return false
	}
	queryMethods := map[string]bool{"ExecContext": true, "QueryContext": true, "QueryRowContext": true, "PrepareContext": true,
		"Exec": true, "Query": true, "QueryRow": true, "Prepare": true}
	checked := 0
	for _, f := range parsed {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			stmts := map[string]bool{} // variables holding prepared statements: their arguments are all values
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if as, ok := n.(*ast.AssignStmt); ok && len(as.Rhs) == 1 {
					if c, ok := as.Rhs[0].(*ast.CallExpr); ok {
						if sel, ok := c.Fun.(*ast.SelectorExpr); ok && strings.HasPrefix(sel.Sel.Name, "Prepare") {
							stmts[as.Lhs[0].(*ast.Ident).Name] = true
						}
					}
				}
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || !queryMethods[sel.Sel.Name] {
					return true
				}
				if recv, ok := sel.X.(*ast.Ident); ok && stmts[recv.Name] {
					return true
				}
				qi := 0
				if strings.HasSuffix(sel.Sel.Name, "Context") {
					qi = 1
				}
				if len(call.Args) <= qi {
					return true
				}
				checked++
				if !isConst(call.Args[qi]) && builtQueries[fn.Name.Name] == "" {
					t.Errorf("%s: %s in %s passes a query that is not a constant: use ? parameters, or justify it in builtQueries",
						fset.Position(call.Pos()), sel.Sel.Name, fn.Name.Name)
				}
				return true
			})
		}
	}
	if checked < 20 {
		t.Fatalf("only %d queries found: the check no longer sees the store's SQL", checked)
	}
}
