//! The functions, methods, types and UI components a file defines, with their lines, and which of
//! them a change touches, ranked by how user-visible they are.

use std::ops::RangeInclusive;

use serde::Serialize;
use tree_sitter::Node;

use super::{Lang, parse};

/// What a symbol is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SymbolKind {
    Function,
    Method,
    Type,
    /// A UI component (a capitalised function in a `.tsx`/`.jsx` file).
    Component,
}

/// One definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Symbol {
    pub name: String,
    /// `Type::method`, `Class.method`, or the name.
    pub qualified: String,
    pub kind: SymbolKind,
    /// 1-based, inclusive.
    pub start_line: usize,
    pub end_line: usize,
    /// Exported / `pub` / capitalised (Go) / not `_private` (Python).
    pub public: bool,
}

/// The definitions of a file, outermost first, test code excluded.
pub fn symbols(lang: Lang, text: &str) -> Vec<Symbol> {
    let Some(tree) = parse(lang, text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    visit(lang, text, tree.root_node(), None, false, &mut out);
    out
}

fn name_of<'a>(node: Node<'_>, field: &str, text: &'a str) -> Option<&'a str> {
    node.child_by_field_name(field)
        .map(|n| &text[n.byte_range()])
        .filter(|s| !s.is_empty())
}

fn has_child_kind(node: Node<'_>, kind: &str) -> bool {
    let mut c = node.walk();
    node.children(&mut c).any(|n| n.kind() == kind)
}

fn visit(
    lang: Lang,
    text: &str,
    node: Node<'_>,
    parent: Option<&str>,
    exported: bool,
    out: &mut Vec<Symbol>,
) {
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        let mut next_parent: Option<String> = None;
        let mut descend = true;
        let mut child_exported = exported;
        let found: Option<(String, SymbolKind, bool)> = match (lang, child.kind()) {
            (Lang::Rust, "function_item") => name_of(child, "name", text).map(|n| {
                let kind = if parent.is_some() {
                    SymbolKind::Method
                } else {
                    SymbolKind::Function
                };
                (
                    n.to_string(),
                    kind,
                    has_child_kind(child, "visibility_modifier"),
                )
            }),
            (Lang::Rust, "struct_item" | "enum_item" | "trait_item") => {
                name_of(child, "name", text).map(|n| {
                    (
                        n.to_string(),
                        SymbolKind::Type,
                        has_child_kind(child, "visibility_modifier"),
                    )
                })
            }
            (Lang::Rust, "impl_item") => {
                next_parent = name_of(child, "type", text)
                    .map(|t| t.split('<').next().unwrap_or(t).trim().to_string());
                None
            }
            (Lang::Rust, "mod_item") => {
                // Test modules are not what a change asks to be tested.
                if name_of(child, "name", text) == Some("tests") {
                    descend = false;
                }
                None
            }
            (Lang::Go, "function_declaration") => name_of(child, "name", text)
                .map(|n| (n.to_string(), SymbolKind::Function, is_capitalised(n))),
            (Lang::Go, "method_declaration") => {
                next_parent = child
                    .child_by_field_name("receiver")
                    .map(|r| go_receiver_type(&text[r.byte_range()]));
                name_of(child, "name", text)
                    .map(|n| (n.to_string(), SymbolKind::Method, is_capitalised(n)))
            }
            (Lang::Go, "type_spec") => name_of(child, "name", text)
                .map(|n| (n.to_string(), SymbolKind::Type, is_capitalised(n))),
            (Lang::Python, "function_definition") => name_of(child, "name", text).map(|n| {
                let kind = if parent.is_some() {
                    SymbolKind::Method
                } else {
                    SymbolKind::Function
                };
                let public = !n.starts_with('_') || n == "__init__" || n == "__call__";
                (n.to_string(), kind, public && !n.starts_with("test_"))
            }),
            (Lang::Python, "class_definition") => name_of(child, "name", text).map(|n| {
                next_parent = Some(n.to_string());
                (n.to_string(), SymbolKind::Type, !n.starts_with('_'))
            }),
            (Lang::TypeScript | Lang::Tsx | Lang::JavaScript, "export_statement") => {
                child_exported = true;
                None
            }
            (
                Lang::TypeScript | Lang::Tsx | Lang::JavaScript,
                "function_declaration" | "generator_function_declaration",
            ) => name_of(child, "name", text)
                .map(|n| (n.to_string(), js_function_kind(lang, n, parent), exported)),
            (
                Lang::TypeScript | Lang::Tsx | Lang::JavaScript,
                "class_declaration" | "abstract_class_declaration",
            ) => name_of(child, "name", text).map(|n| {
                next_parent = Some(n.to_string());
                (n.to_string(), SymbolKind::Type, exported)
            }),
            (Lang::TypeScript | Lang::Tsx | Lang::JavaScript, "method_definition") => {
                name_of(child, "name", text).map(|n| {
                    let private = n.starts_with('#')
                        || has_child_kind(child, "accessibility_modifier")
                            && text[child.byte_range()].trim_start().starts_with("private");
                    (n.to_string(), SymbolKind::Method, exported && !private)
                })
            }
            (Lang::TypeScript | Lang::Tsx | Lang::JavaScript, "variable_declarator") => {
                let is_fn = child.child_by_field_name("value").is_some_and(|v| {
                    matches!(
                        v.kind(),
                        "arrow_function" | "function_expression" | "function"
                    )
                });
                if is_fn {
                    name_of(child, "name", text)
                        .map(|n| (n.to_string(), js_function_kind(lang, n, parent), exported))
                } else {
                    None
                }
            }
            _ => None,
        };
        if let Some((name, kind, public)) = found {
            // A Go method names its type in its receiver, not by nesting.
            let owner = if lang == Lang::Go {
                next_parent.as_deref()
            } else {
                parent
            };
            let qualified = match (owner, kind) {
                (Some(p), SymbolKind::Method) => match lang {
                    Lang::Rust => format!("{p}::{name}"),
                    _ => format!("{p}.{name}"),
                },
                _ => name.clone(),
            };
            out.push(Symbol {
                name,
                qualified,
                kind,
                start_line: child.start_position().row + 1,
                end_line: child.end_position().row + 1,
                public,
            });
        }
        if descend {
            let p = next_parent.as_deref().or(parent);
            visit(lang, text, child, p, child_exported, out);
        }
    }
}

fn is_capitalised(name: &str) -> bool {
    name.chars().next().is_some_and(char::is_uppercase)
}

fn js_function_kind(lang: Lang, name: &str, parent: Option<&str>) -> SymbolKind {
    if parent.is_some() {
        SymbolKind::Method
    } else if is_capitalised(name) && matches!(lang, Lang::Tsx | Lang::JavaScript) {
        SymbolKind::Component
    } else {
        SymbolKind::Function
    }
}

/// `(s *Server)` → `Server`.
fn go_receiver_type(receiver: &str) -> String {
    receiver
        .trim_matches(|c| c == '(' || c == ')')
        .split_whitespace()
        .last()
        .unwrap_or("")
        .trim_start_matches('*')
        .split('[')
        .next()
        .unwrap_or("")
        .to_string()
}

/// A definition a change touches, with why it matters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Touched {
    pub path: String,
    pub symbol: Symbol,
    /// Added lines inside it.
    pub added_lines: usize,
    /// Every line of it is new.
    pub new: bool,
    /// Higher is more worth testing.
    pub score: f64,
}

/// The definitions of `text` (the file at the head commit) that the added lines touch. A type
/// counts only for added lines outside its methods (a new field, a new variant).
pub fn touched(
    path: &str,
    lang: Lang,
    text: &str,
    added: &[RangeInclusive<usize>],
) -> Vec<Touched> {
    let syms = symbols(lang, text);
    let count_in = |start: usize, end: usize| -> usize {
        added
            .iter()
            .map(|r| {
                let lo = (*r.start()).max(start);
                let hi = (*r.end()).min(end);
                hi.saturating_sub(lo) + usize::from(hi >= lo)
            })
            .sum()
    };
    let mut out = Vec::new();
    for s in &syms {
        let mut n = count_in(s.start_line, s.end_line);
        if s.kind == SymbolKind::Type {
            let inner: usize = syms
                .iter()
                .filter(|m| {
                    m.kind != SymbolKind::Type
                        && m.start_line >= s.start_line
                        && m.end_line <= s.end_line
                })
                .map(|m| count_in(m.start_line, m.end_line))
                .sum();
            n = n.saturating_sub(inner);
        }
        if n == 0 {
            continue;
        }
        let len = s.end_line - s.start_line + 1;
        let new = n >= len;
        let score = visibility_score(s) + (1.0 + n as f64).ln() + if new { 1.0 } else { 0.0 };
        out.push(Touched {
            path: path.to_string(),
            symbol: s.clone(),
            added_lines: n,
            new,
            score,
        });
    }
    out
}

fn visibility_score(s: &Symbol) -> f64 {
    let kind = match s.kind {
        SymbolKind::Component => 3.0,
        SymbolKind::Function | SymbolKind::Method => 2.0,
        SymbolKind::Type => 1.0,
    };
    kind + if s.public { 3.0 } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(lang: Lang, text: &str) -> Vec<(String, SymbolKind, bool)> {
        symbols(lang, text)
            .into_iter()
            .map(|s| (s.qualified, s.kind, s.public))
            .collect()
    }

    #[test]
    fn rust_definitions() {
        let text = "pub struct Slug(String);\nimpl Slug {\n    pub fn parse(s: &str) -> Slug { Slug(s.into()) }\n    fn check(&self) {}\n}\nfn helper() {}\n#[cfg(test)]\nmod tests {\n    fn t() {}\n}\n";
        assert_eq!(
            names(Lang::Rust, text),
            vec![
                ("Slug".into(), SymbolKind::Type, true),
                ("Slug::parse".into(), SymbolKind::Method, true),
                ("Slug::check".into(), SymbolKind::Method, false),
                ("helper".into(), SymbolKind::Function, false),
            ]
        );
    }

    #[test]
    fn go_python_and_typescript_definitions() {
        let go = "package x\n\ntype Server struct{}\n\nfunc (s *Server) Start() error { return nil }\nfunc helper() {}\n";
        assert_eq!(
            names(Lang::Go, go),
            vec![
                ("Server".into(), SymbolKind::Type, true),
                ("Server.Start".into(), SymbolKind::Method, true),
                ("helper".into(), SymbolKind::Function, false),
            ]
        );
        let py = "class Client:\n    def get(self, url):\n        pass\n    def _retry(self):\n        pass\n\ndef slugify(s):\n    return s\n";
        assert_eq!(
            names(Lang::Python, py),
            vec![
                ("Client".into(), SymbolKind::Type, true),
                ("Client.get".into(), SymbolKind::Method, true),
                ("Client._retry".into(), SymbolKind::Method, false),
                ("slugify".into(), SymbolKind::Function, true),
            ]
        );
        let ts = "export function slugify(s: string): string { return s; }\nconst local = (x: number) => x;\nexport class Cache {\n  get(k: string) { return k; }\n}\n";
        assert_eq!(
            names(Lang::TypeScript, ts),
            vec![
                ("slugify".into(), SymbolKind::Function, true),
                ("local".into(), SymbolKind::Function, false),
                ("Cache".into(), SymbolKind::Type, true),
                ("Cache.get".into(), SymbolKind::Method, true),
            ]
        );
        let tsx =
            "export const Button = ({ label }: { label: string }) => <button>{label}</button>;\n";
        assert_eq!(
            names(Lang::Tsx, tsx),
            vec![("Button".into(), SymbolKind::Component, true)]
        );
    }

    #[test]
    fn touched_symbols_are_ranked_public_first() {
        let text = "fn helper() {\n    let a = 1;\n}\npub fn api() {\n    let b = 2;\n}\n";
        let mut t = touched("src/lib.rs", Lang::Rust, text, &[2..=2, 5..=5]);
        t.sort_by(|a, b| b.score.total_cmp(&a.score));
        assert_eq!(t[0].symbol.name, "api");
        assert_eq!(t[1].symbol.name, "helper");
        assert!(touched("src/lib.rs", Lang::Rust, text, &[]).is_empty());
        // A new field counts for its type; a changed method does not make its type touched.
        let text = "pub struct Opts {\n    pub a: u8,\n    pub b: u8,\n}\nimpl Opts {\n    pub fn new() -> Opts {\n        todo!()\n    }\n}\n";
        let t = touched("src/lib.rs", Lang::Rust, text, &[3..=3, 7..=7]);
        let names: Vec<_> = t.iter().map(|t| t.symbol.qualified.as_str()).collect();
        assert_eq!(names, ["Opts", "Opts::new"]);
    }
}
