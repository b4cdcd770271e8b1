//! The `/mini …` comment command parser: a pure function.
//!
//! A command is `/mini <name> [args]` at the start of a line. Fenced and indented code blocks and
//! quoted lines are blanked out first (with pulldown-cmark), so quoting someone's command or
//! showing one in a code sample runs nothing. Each command line gives its own `Result`, so one
//! unknown command does not hide the others.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

/// A command minibot understands. Adding one is a compile error until it is handled everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Command {
    /// Update the Docusaurus docs for this pull request.
    Docs,
    /// Write test cases for this pull request.
    Tests,
    /// Suggest code changes on this pull request.
    Suggest,
    /// Show what minibot spent on this pull request.
    Cost,
    /// Run the repository's scheduled docs refresh now.
    Refresh,
    /// List the commands.
    Help,
}

impl Command {
    /// Every command, in help order.
    pub const ALL: [Command; 6] = [
        Command::Docs,
        Command::Tests,
        Command::Suggest,
        Command::Cost,
        Command::Refresh,
        Command::Help,
    ];

    /// The word typed after `/mini`.
    pub fn name(self) -> &'static str {
        match self {
            Command::Docs => "docs",
            Command::Tests => "tests",
            Command::Suggest => "suggest",
            Command::Cost => "cost",
            Command::Refresh => "refresh",
            Command::Help => "help",
        }
    }

    /// One line of help text.
    pub fn summary(self) -> &'static str {
        match self {
            Command::Docs => {
                "open (or update) a pull request that updates the Docusaurus docs for this change"
            }
            Command::Tests => {
                "open (or update) a pull request with test cases for this change, in the repository's own test style (`/mini tests path…` to choose files)"
            }
            Command::Suggest => {
                "post one review with committable suggestions on this pull request's changed lines"
            }
            Command::Cost => "show what minibot has spent on this pull request",
            Command::Refresh => {
                "run the repository's docs refresh now (on any issue or pull request)"
            }
            Command::Help => "list the commands",
        }
    }

    fn from_name(name: &str) -> Option<Command> {
        Command::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(name))
    }
}

/// A parsed command line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invocation {
    pub command: Command,
    /// Whatever followed the command name on its line, trimmed.
    pub args: String,
}

/// A `/mini` line that is not a command we know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown command `{name}`")]
pub struct UnknownCommand {
    pub name: String,
}

/// The prefix that starts a command.
pub const PREFIX: &str = "/mini";

/// Cheap check used at intake before the full parse.
pub fn may_contain_command(body: &str) -> bool {
    body.as_bytes()
        .windows(PREFIX.len())
        .any(|w| w.eq_ignore_ascii_case(PREFIX.as_bytes()))
}

/// Every `/mini` command in a comment body, in order.
pub fn parse_commands(body: &str) -> Vec<Result<Invocation, UnknownCommand>> {
    if !may_contain_command(body) {
        return Vec::new();
    }
    let visible = blank_code_and_quotes(body);
    visible.lines().filter_map(parse_line).collect()
}

fn parse_line(line: &str) -> Option<Result<Invocation, UnknownCommand>> {
    let rest = line.trim_start();
    let head = rest.get(..PREFIX.len())?;
    if !head.eq_ignore_ascii_case(PREFIX) {
        return None;
    }
    let rest = &rest[PREFIX.len()..];
    // `/minibot` or `/mini-x` is not our prefix.
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let rest = rest.trim();
    let (name, args) = match rest.split_once(char::is_whitespace) {
        Some((n, a)) => (n, a.trim()),
        None => (rest, ""),
    };
    if name.is_empty() {
        return Some(Ok(Invocation {
            command: Command::Help,
            args: String::new(),
        }));
    }
    Some(match Command::from_name(name) {
        Some(command) => Ok(Invocation {
            command,
            args: args.to_string(),
        }),
        None => Err(UnknownCommand {
            name: name.chars().take(40).collect(),
        }),
    })
}

/// Replaces code blocks and block quotes with spaces (keeping line breaks), so that their lines
/// can never start a command.
fn blank_code_and_quotes(body: &str) -> String {
    let mut ranges = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::BlockQuote(_) | Tag::HtmlBlock) => {
                if depth == 0 {
                    ranges.push(range);
                }
                depth += 1;
            }
            Event::End(TagEnd::CodeBlock | TagEnd::BlockQuote(_) | TagEnd::HtmlBlock) => {
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    let mut bytes = body.as_bytes().to_vec();
    for r in ranges {
        for b in &mut bytes[r] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    // Only ASCII bytes were replaced by ASCII spaces inside whole ranges; multi-byte characters
    // inside a range are all blanked, so the text stays valid UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(command: Command, args: &str) -> Result<Invocation, UnknownCommand> {
        Ok(Invocation {
            command,
            args: args.to_string(),
        })
    }

    #[test]
    fn a_plain_command() {
        assert_eq!(parse_commands("/mini docs"), vec![ok(Command::Docs, "")]);
    }

    #[test]
    fn commands_with_args_and_case() {
        assert_eq!(
            parse_commands("/MINI Docs  focus on the CLI page "),
            vec![ok(Command::Docs, "focus on the CLI page")]
        );
    }

    #[test]
    fn only_at_the_start_of_a_line() {
        assert!(parse_commands("please run /mini docs").is_empty());
        assert_eq!(
            parse_commands("Thanks!\n  /mini tests\nbye"),
            vec![ok(Command::Tests, "")]
        );
    }

    #[test]
    fn several_commands_each_with_a_result() {
        assert_eq!(
            parse_commands("/mini docs\n/mini frobnicate\n/mini cost"),
            vec![
                ok(Command::Docs, ""),
                Err(UnknownCommand {
                    name: "frobnicate".into()
                }),
                ok(Command::Cost, "")
            ]
        );
    }

    #[test]
    fn fenced_and_indented_code_is_ignored() {
        let body = "Run it like this:\n\n```\n/mini docs\n```\n\n~~~text\n/mini tests\n~~~\n\n    /mini suggest\n";
        assert!(parse_commands(body).is_empty());
    }

    #[test]
    fn quoted_lines_are_ignored() {
        let body = "> /mini docs\n> said someone\n\nI agree.";
        assert!(parse_commands(body).is_empty());
        let nested = "> > /mini docs\n\n/mini help";
        assert_eq!(parse_commands(nested), vec![ok(Command::Help, "")]);
    }

    #[test]
    fn html_comments_are_ignored() {
        assert!(parse_commands("<!--\n/mini docs\n-->").is_empty());
    }

    #[test]
    fn other_prefixes_do_not_match() {
        assert!(parse_commands("/minibot docs\n/mini-docs").is_empty());
    }

    #[test]
    fn a_bare_prefix_asks_for_help() {
        assert_eq!(parse_commands("/mini"), vec![ok(Command::Help, "")]);
    }

    #[test]
    fn unicode_around_code_blocks_survives() {
        let body = "héllo ✓\n\n```\nçode ✓ /mini docs\n```\n/mini help — ✓";
        assert_eq!(parse_commands(body), vec![ok(Command::Help, "— ✓")]);
    }

    #[test]
    fn every_command_round_trips_by_name() {
        for c in Command::ALL {
            let parsed = parse_commands(&format!("/mini {}", c.name()));
            assert_eq!(parsed, vec![ok(c, "")]);
            assert!(!c.summary().is_empty());
        }
    }
}
