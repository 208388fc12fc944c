//! Notices: what the app tells the user when it ignored part of a link. A bad
//! or stale URL never gives a blank page or an error; each parameter that could
//! not be used falls back to its default and leaves one of these behind, for
//! the app to show and the CLI to print.

use serde::Serialize;
use std::fmt;

/// A parameter (or value) that was ignored, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// The parameter's name as it appeared (decoded), e.g. `org`.
    pub param: String,
    /// The value that was ignored, shortened to [`Notice::MAX_SHOWN`] characters.
    pub value: String,
    /// Plain-language reason, including what is shown instead.
    pub reason: String,
}

impl Notice {
    /// The longest value a notice repeats (a huge value is cut with "…").
    pub const MAX_SHOWN: usize = 80;

    pub(crate) fn new(param: &str, value: &str, reason: impl Into<String>) -> Notice {
        let shorten = |s: &str| {
            if s.chars().count() > Notice::MAX_SHOWN {
                let mut t: String = s.chars().take(Notice::MAX_SHOWN).collect();
                t.push('…');
                t
            } else {
                s.to_string()
            }
        };
        Notice { param: shorten(param), value: shorten(value), reason: reason.into() }
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.value.is_empty() {
            write!(f, "{}: {}", self.param, self.reason)
        } else {
            write!(f, "{}={}: {}", self.param, self.value, self.reason)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_shortened_and_display_reads_well() {
        let n = Notice::new("org", &"X".repeat(500), "no such organisation");
        assert_eq!(n.value.chars().count(), Notice::MAX_SHOWN + 1);
        assert!(n.value.ends_with('…'));
        assert_eq!(Notice::new("org", "Q99", "unknown").to_string(), "org=Q99: unknown");
        assert_eq!(Notice::new("embed", "", "empty").to_string(), "embed: empty");
    }
}
