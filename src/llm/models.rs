//! What each model can take (`models.yml`): context window, longest answer, image input. Data, not
//! code, so a new model needs no release.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use serde::Deserialize;

/// The built-in table (`models.yml` at the repository root).
pub const BUILTIN_MODELS: &str = include_str!("../../models.yml");

/// One model's limits and abilities.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelInfo {
    /// Tokens of prompt plus answer.
    pub context_window: Option<usize>,
    /// Longest answer, in tokens.
    pub max_output: Option<u32>,
    /// Accepts image inputs.
    #[serde(default)]
    pub vision: bool,
}

/// Capabilities by model name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ModelTable {
    models: BTreeMap<String, ModelInfo>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelFile {
    models: BTreeMap<String, ModelInfo>,
}

impl ModelTable {
    /// Parses a table in the `models.yml` format.
    pub fn parse(text: &str) -> Result<ModelTable> {
        let file: ModelFile =
            serde_norway::from_str(text).context("reading the model capability table")?;
        Ok(ModelTable {
            models: file.models,
        })
    }

    /// The table at `path`, or the built-in one.
    pub fn load(path: Option<&std::path::Path>) -> Result<ModelTable> {
        match path {
            Some(p) => ModelTable::parse(
                &std::fs::read_to_string(p)
                    .with_context(|| format!("reading the model table {}", p.display()))?,
            ),
            None => Ok(ModelTable::builtin()),
        }
    }

    /// The built-in table.
    pub fn builtin() -> ModelTable {
        ModelTable::parse(BUILTIN_MODELS).expect("the built-in model table parses")
    }

    /// What `model` can take; an unknown model is text-only with no known limits.
    pub fn get(&self, model: &str) -> ModelInfo {
        let base = model
            .strip_prefix("ft:")
            .and_then(|rest| rest.split(':').next())
            .unwrap_or(model);
        if let Some(i) = self.models.get(base) {
            return *i;
        }
        // A dated snapshot: the longest listed name it starts with.
        self.models
            .iter()
            .filter(|(name, _)| {
                base.strip_prefix(name.as_str())
                    .is_some_and(|rest| rest.starts_with('-') && rest[1..].starts_with("20"))
            })
            .max_by_key(|(name, _)| name.len())
            .map(|(_, i)| *i)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_snapshot_fine_tuned_and_unknown_models() {
        let t = ModelTable::builtin();
        assert!(t.get("gpt-4o-mini").vision);
        assert_eq!(t.get("gpt-4o-mini").context_window, Some(128_000));
        assert!(t.get("gpt-4o-mini-2024-07-18").vision);
        assert_eq!(
            t.get("gpt-4.1-mini-2025-04-14").max_output,
            Some(32_768),
            "gpt-4.1-mini, not gpt-4.1"
        );
        assert!(t.get("ft:gpt-4o-mini-2024-07-18:acme::abc123").vision);
        assert_eq!(t.get("smollm2-135m"), ModelInfo::default());
        assert!(ModelTable::parse("models:\n  x:\n    vison: true\n").is_err());
    }
}
