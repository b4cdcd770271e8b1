//! Local token counting (o200k, the tokenizer of gpt-4o and gpt-4o-mini), used to plan and to
//! budget before a call. The bill comes from the server's `usage`, never from this count.

/// Number of o200k tokens in `text`.
pub fn count(text: &str) -> usize {
    // The tokenizer's regex can give up on pathological input (and panics when it does): fall
    // back to an estimate of 3 bytes per token rather than fail the job.
    let bpe = tiktoken_rs::o200k_base_singleton();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        bpe.encode_ordinary(text).len()
    }))
    .unwrap_or(text.len().div_ceil(3))
}

/// `text` cut to at most `budget` tokens on a line boundary; the flag tells whether it was cut.
pub fn truncate_lines(text: &str, budget: usize) -> (String, bool) {
    if count(text) <= budget {
        return (text.to_string(), false);
    }
    let mut out = String::new();
    let mut used = 0;
    for line in text.split_inclusive('\n') {
        let n = count(line);
        if used + n > budget {
            break;
        }
        used += n;
        out.push_str(line);
    }
    (out, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_truncates_on_lines() {
        assert_eq!(count(""), 0);
        let n = count("hello world");
        assert!((1..=3).contains(&n));
        let text = "line one\nline two\nline three\n";
        let (all, cut) = truncate_lines(text, 1000);
        assert_eq!((all.as_str(), cut), (text, false));
        let (some, cut) = truncate_lines(text, count("line one\n") + 1);
        assert_eq!((some.as_str(), cut), ("line one\n", true));
    }
}
