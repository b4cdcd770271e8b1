//! Does a text parse? tree-sitter recovers from errors and marks them with `ERROR` and `MISSING`
//! nodes; any such node is a syntax error a compiler would reject.

use serde::Serialize;

use super::{Lang, parse};

/// One syntax error, 1-based.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}:{}: {}", self.line, self.column, self.message)
    }
}

/// Most errors reported for one file (the first ones are the useful ones).
const MAX_ERRORS: usize = 10;

/// The syntax errors of `text` in `lang`; empty when it parses.
pub fn check(lang: Lang, text: &str) -> Vec<SyntaxError> {
    let Some(tree) = parse(lang, text) else {
        return vec![SyntaxError {
            line: 1,
            column: 1,
            message: "the parser gave up on this file".into(),
        }];
    };
    let mut errors = Vec::new();
    if !tree.root_node().has_error() {
        return errors;
    }
    let mut cursor = tree.walk();
    let mut visited_children = false;
    loop {
        let node = cursor.node();
        if !visited_children && (node.is_error() || node.is_missing()) {
            let at = node.start_position();
            let message = if node.is_missing() {
                format!("missing `{}`", node.kind())
            } else {
                let snippet: String = text[node.byte_range()]
                    .chars()
                    .take(40)
                    .collect::<String>()
                    .replace('\n', " ");
                format!("unexpected `{}`", snippet.trim())
            };
            errors.push(SyntaxError {
                line: at.row + 1,
                column: at.column + 1,
                message,
            });
            if errors.len() >= MAX_ERRORS {
                break;
            }
            // The error's own children add nothing.
            visited_children = true;
            continue;
        }
        if !visited_children && node.has_error() && cursor.goto_first_child() {
            continue;
        }
        if cursor.goto_next_sibling() {
            visited_children = false;
            continue;
        }
        if !cursor.goto_parent() {
            break;
        }
        visited_children = true;
    }
    if errors.is_empty() {
        errors.push(SyntaxError {
            line: 1,
            column: 1,
            message: "the file does not parse".into(),
        });
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_code_in_each_language_parses() {
        let cases = [
            (
                Lang::Rust,
                "#[cfg(test)]\nmod tests {\n    use super::*;\n    #[test]\n    fn adds() { assert_eq!(add(1, 2), 3); }\n}\n",
            ),
            (
                Lang::TypeScript,
                "import { describe, it, expect } from 'vitest';\nimport { add } from './math';\ndescribe('add', () => { it('adds', () => { expect(add(1, 2)).toBe(3); }); });\n",
            ),
            (
                Lang::Tsx,
                "import { render } from '@testing-library/react';\nit('renders', () => { render(<Button label=\"x\" />); });\n",
            ),
            (
                Lang::JavaScript,
                "const { add } = require('../src/math');\ntest('adds', () => { expect(add(1, 2)).toBe(3); });\n",
            ),
            (
                Lang::Python,
                "import pytest\nfrom pkg.math import add\n\ndef test_add():\n    assert add(1, 2) == 3\n",
            ),
            (
                Lang::Go,
                "package math\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n\t\tt.Fatal(\"bad\")\n\t}\n}\n",
            ),
        ];
        for (lang, text) in cases {
            assert_eq!(check(lang, text), vec![], "{lang:?}");
        }
    }

    #[test]
    fn broken_code_is_reported_with_a_line() {
        let errs = check(Lang::Rust, "fn a() {\n    let x = ;\n}\n");
        assert!(!errs.is_empty());
        assert_eq!(errs[0].line, 2, "{errs:?}");
        let errs = check(Lang::Python, "def test_x(:\n    assert True\n");
        assert_eq!(errs[0].line, 1, "{errs:?}");
        assert!(!check(Lang::Go, "package x\nfunc TestX(t *testing.T) {\n").is_empty());
        assert!(!check(Lang::TypeScript, "it('x', () => { expect(1).toBe(1); \n").is_empty());
        // JSX is not TypeScript.
        assert!(!check(Lang::TypeScript, "const a = <div>hi</div>;\n").is_empty());
    }
}
