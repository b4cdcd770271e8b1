//! Every text a person (or the model) reads is a template in `templates/`, rendered here by one
//! minijinja environment with strict undefined, so a missing value is an error, not a blank.
//! Templates are compiled into the binary.

use anyhow::{Context, Result};
use minijinja::{Environment, UndefinedBehavior, Value};

/// (name, text) of every template.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "docs_repair.md",
        include_str!("../templates/docs_repair.md"),
    ),
    (
        "docs_system.md",
        include_str!("../templates/docs_system.md"),
    ),
    ("docs_user.md", include_str!("../templates/docs_user.md")),
    (
        "docs_pr_body.md",
        include_str!("../templates/docs_pr_body.md"),
    ),
    (
        "reply_docs_done.md",
        include_str!("../templates/reply_docs_done.md"),
    ),
    (
        "reply_docs_rejected.md",
        include_str!("../templates/reply_docs_rejected.md"),
    ),
    (
        "reply_no_site.md",
        include_str!("../templates/reply_no_site.md"),
    ),
    (
        "reply_no_changes.md",
        include_str!("../templates/reply_no_changes.md"),
    ),
    (
        "reply_bad_config.md",
        include_str!("../templates/reply_bad_config.md"),
    ),
    (
        "reply_refused.md",
        include_str!("../templates/reply_refused.md"),
    ),
    ("reply_help.md", include_str!("../templates/reply_help.md")),
    (
        "reply_not_a_pr.md",
        include_str!("../templates/reply_not_a_pr.md"),
    ),
    (
        "reply_failed.md",
        include_str!("../templates/reply_failed.md"),
    ),
    ("cost_table.md", include_str!("../templates/cost_table.md")),
    (
        "reply_refresh.md",
        include_str!("../templates/reply_refresh.md"),
    ),
    (
        "refresh_pr_body.md",
        include_str!("../templates/refresh_pr_body.md"),
    ),
    (
        "refresh_hands_off.md",
        include_str!("../templates/refresh_hands_off.md"),
    ),
    (
        "dashboard.html",
        include_str!("../templates/dashboard.html"),
    ),
    (
        "budget_warning.md",
        include_str!("../templates/budget_warning.md"),
    ),
    (
        "reply_budget_refused.md",
        include_str!("../templates/reply_budget_refused.md"),
    ),
    ("reply_cost.md", include_str!("../templates/reply_cost.md")),
    (
        "tests_system.md",
        include_str!("../templates/tests_system.md"),
    ),
    ("tests_user.md", include_str!("../templates/tests_user.md")),
    (
        "tests_repair.md",
        include_str!("../templates/tests_repair.md"),
    ),
    (
        "tests_pr_body.md",
        include_str!("../templates/tests_pr_body.md"),
    ),
    (
        "reply_tests_done.md",
        include_str!("../templates/reply_tests_done.md"),
    ),
    (
        "reply_tests_none.md",
        include_str!("../templates/reply_tests_none.md"),
    ),
    (
        "suggest_system.md",
        include_str!("../templates/suggest_system.md"),
    ),
    (
        "suggest_user.md",
        include_str!("../templates/suggest_user.md"),
    ),
    (
        "suggest_comment.md",
        include_str!("../templates/suggest_comment.md"),
    ),
    (
        "suggest_review_body.md",
        include_str!("../templates/suggest_review_body.md"),
    ),
    (
        "reply_suggest_done.md",
        include_str!("../templates/reply_suggest_done.md"),
    ),
];

/// The template engine.
#[derive(Debug)]
pub struct Texts {
    env: Environment<'static>,
}

impl Texts {
    /// Loads every template; fails if one does not compile.
    pub fn load() -> Result<Texts> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .keep_trailing_newline(true)
                .build()
                .context("template syntax settings")?,
        );
        env.add_filter("data", |s: String| neutralize(&s));
        for (name, text) in TEMPLATES {
            env.add_template(name, text)
                .with_context(|| format!("compiling template {name}"))?;
        }
        Ok(Texts { env })
    }

    /// Renders template `name` with `ctx` (any serializable value).
    pub fn render<S: serde::Serialize>(&self, name: &str, ctx: &S) -> Result<String> {
        let tmpl = self
            .env
            .get_template(name)
            .with_context(|| format!("no template named {name}"))?;
        tmpl.render(Value::from(minijinja::value::Serde(ctx)))
            .with_context(|| format!("rendering template {name}"))
    }
}

/// Makes text written by the model (or anyone else) inert in GitHub Markdown: mentions, issue
/// references and issue/PR links are put in code spans (so they notify no one and close
/// nothing), and HTML comments cannot forge minibot's hidden markers. Templates apply it with
/// the `data` filter to every value that is not minibot's own text.
pub fn neutralize(text: &str) -> String {
    let text = text.replace("<!--", "&lt;!--").replace("-->", "--&gt;");
    let mut out = String::with_capacity(text.len() + 16);
    for (i, token) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let core = token.trim_matches(|c: char| {
            matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | '(' | ')' | '"' | '\''
            )
        });
        let dangerous = core.starts_with('@') && core.len() > 1
            || core.contains('#')
                && core
                    .split('#')
                    .nth(1)
                    .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
            || (core.contains("github.com/")
                && (core.contains("/issues/") || core.contains("/pull/")));
        if dangerous && !core.contains('`') && !core.contains('\n') {
            out.push_str(&token.replacen(core, &format!("`{core}`"), 1));
        } else {
            out.push_str(token);
        }
    }
    out
}

/// The hidden marker that ends the reply to `command` of the comment `comment_id`, so a retried
/// job updates its reply instead of posting a second one (and two commands in one comment get
/// one reply each).
pub fn reply_marker(comment_id: u64, command: &str) -> String {
    format!("<!-- minibot:reply:{comment_id}:{command} -->")
}

/// The hidden marker that ends the body of a pull request minibot opened.
pub fn pull_marker(kind: &str, source_pr: u64) -> String {
    format!("<!-- minibot:{kind}:pr-{source_pr} -->")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiles() {
        Texts::load().unwrap();
    }

    #[test]
    fn untrusted_text_is_made_inert() {
        assert_eq!(
            neutralize(
                "Closes #42, cc @org/team. See https://github.com/o/r/issues/1 <!-- minibot:reply:9 -->"
            ),
            "Closes `#42`, cc `@org/team`. See `https://github.com/o/r/issues/1` &lt;!-- minibot:reply:9 --&gt;"
        );
        assert_eq!(
            neutralize("plain text, C# and a#b"),
            "plain text, C# and a#b"
        );
    }

    #[test]
    fn a_missing_value_is_an_error() {
        let t = Texts::load().unwrap();
        assert!(
            t.render("reply_refused.md", &serde_json::json!({}))
                .is_err()
        );
    }
}
