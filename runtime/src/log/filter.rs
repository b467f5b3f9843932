//! Which events are logged: a default level plus per-target levels, read from
//! `AWS_LAMBDA_LOG_LEVEL`, else `RUST_LOG`, else `INFO`.

use std::fmt;

use tracing::level_filters::LevelFilter;
use tracing::Level;

/// A level filter with `RUST_LOG`-style target directives (`my_crate=debug,warn`).
///
/// A target directive applies to every target that starts with it; the longest matching
/// directive wins; targets no directive matches get the default level (`OFF` when the spec
/// names no bare level, as with tracing-subscriber's `Targets`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Filter {
    default: LevelFilter,
    /// `(target prefix, level)`, longest prefix first.
    targets: Vec<(String, LevelFilter)>,
}

/// A `RUST_LOG` spec that could not be read: names the directive and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SpecError {
    directive: String,
    reason: &'static str,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "directive {:?}: {}", self.directive, self.reason)
    }
}

impl Filter {
    /// Everything at `level` and more severe, whatever the target.
    pub(crate) fn level(level: LevelFilter) -> Self {
        Filter {
            default: level,
            targets: Vec::new(),
        }
    }

    /// The filter from `AWS_LAMBDA_LOG_LEVEL`, else `RUST_LOG`, else `INFO`; a `RUST_LOG` that
    /// cannot be read is reported on stderr and ignored.
    pub(crate) fn from_env() -> Self {
        Self::from_settings(
            std::env::var("AWS_LAMBDA_LOG_LEVEL").ok().as_deref(),
            std::env::var("RUST_LOG").ok().as_deref(),
        )
    }

    /// [`Filter::from_env`] on given values, for tests.
    pub(crate) fn from_settings(lambda_level: Option<&str>, rust_log: Option<&str>) -> Self {
        let level = match lambda_level
            .map(|l| l.trim().to_ascii_uppercase())
            .as_deref()
        {
            Some("TRACE") => Some(LevelFilter::TRACE),
            Some("DEBUG") => Some(LevelFilter::DEBUG),
            Some("INFO") => Some(LevelFilter::INFO),
            Some("WARN") => Some(LevelFilter::WARN),
            Some("ERROR" | "FATAL") => Some(LevelFilter::ERROR),
            _ => None,
        };
        if let Some(level) = level {
            return Filter::level(level);
        }
        match rust_log.map(str::trim).filter(|s| !s.is_empty()) {
            Some(spec) => Filter::parse(spec).unwrap_or_else(|e| {
                eprintln!("typed-lambda: ignoring RUST_LOG {spec:?}: {e}");
                Filter::level(LevelFilter::INFO)
            }),
            None => Filter::level(LevelFilter::INFO),
        }
    }

    /// Reads a `RUST_LOG`-style spec: comma-separated `level`, `target=level` or `target`
    /// (all levels of that target). Levels are `off`, `error`, `warn`, `info`, `debug`,
    /// `trace` (any case) or `0`–`5`. Span filters (`[span]`, `{field}`) are not supported.
    pub(crate) fn parse(spec: &str) -> Result<Self, SpecError> {
        let mut default = None;
        let mut targets: Vec<(String, LevelFilter)> = Vec::new();
        for directive in spec.split(',').map(str::trim).filter(|d| !d.is_empty()) {
            let error = |reason| SpecError {
                directive: directive.to_owned(),
                reason,
            };
            if directive.contains(['[', ']', '{', '}']) {
                return Err(error("span and field filters are not supported"));
            }
            match directive.split_once('=') {
                Some((target, level)) => {
                    let target = target.trim();
                    if target.is_empty() {
                        return Err(error("empty target before `=`"));
                    }
                    let level = parse_level(level.trim()).ok_or_else(|| {
                        error("not a level (off, error, warn, info, debug, trace)")
                    })?;
                    targets.retain(|(t, _)| t != target);
                    targets.push((target.to_owned(), level));
                }
                None => match parse_level(directive) {
                    Some(level) => default = Some(level),
                    None => {
                        targets.retain(|(t, _)| t != directive);
                        targets.push((directive.to_owned(), LevelFilter::TRACE));
                    }
                },
            }
        }
        // Longest prefix first, so that the first match is the most specific one.
        targets.sort_by_key(|(target, _)| std::cmp::Reverse(target.len()));
        Ok(Filter {
            default: default.unwrap_or(LevelFilter::OFF),
            targets,
        })
    }

    /// Whether an event or span of `target` at `level` passes.
    pub(crate) fn enabled(&self, target: &str, level: &Level) -> bool {
        self.level_for(target) >= *level
    }

    fn level_for(&self, target: &str) -> LevelFilter {
        self.targets
            .iter()
            .find(|(prefix, _)| target.starts_with(prefix.as_str()))
            .map_or(self.default, |(_, level)| *level)
    }

    /// The most verbose level any target may log at.
    pub(crate) fn max_level(&self) -> LevelFilter {
        self.targets
            .iter()
            .map(|(_, level)| *level)
            .fold(self.default, std::cmp::max)
    }

    /// The default level (targets no directive names).
    #[cfg_attr(not(feature = "tracing-subscriber"), allow(dead_code))]
    pub(crate) fn default_level(&self) -> LevelFilter {
        self.default
    }

    /// The per-target directives, longest target first.
    #[cfg_attr(not(feature = "tracing-subscriber"), allow(dead_code))]
    pub(crate) fn targets(&self) -> &[(String, LevelFilter)] {
        &self.targets
    }
}

fn parse_level(s: &str) -> Option<LevelFilter> {
    Some(match s.to_ascii_lowercase().as_str() {
        "off" | "0" => LevelFilter::OFF,
        "error" | "1" => LevelFilter::ERROR,
        "warn" | "2" => LevelFilter::WARN,
        "info" | "3" => LevelFilter::INFO,
        "debug" | "4" => LevelFilter::DEBUG,
        "trace" | "5" => LevelFilter::TRACE,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lambda_level_wins_over_rust_log() {
        let f = Filter::from_settings(Some("ERROR"), Some("trace"));
        assert!(f.enabled("x", &Level::ERROR));
        assert!(!f.enabled("x", &Level::WARN));
        let f = Filter::from_settings(Some(" debug "), None);
        assert!(f.enabled("x", &Level::DEBUG) && !f.enabled("x", &Level::TRACE));
    }

    #[test]
    fn fatal_means_error() {
        let f = Filter::from_settings(Some("FATAL"), None);
        assert!(f.enabled("x", &Level::ERROR) && !f.enabled("x", &Level::WARN));
    }

    #[test]
    fn unknown_lambda_level_falls_back_to_rust_log_then_info() {
        let f = Filter::from_settings(Some("nonsense"), Some("debug"));
        assert_eq!(f, Filter::level(LevelFilter::DEBUG));
        let f = Filter::from_settings(Some("nonsense"), None);
        assert!(f.enabled("x", &Level::INFO) && !f.enabled("x", &Level::DEBUG));
        let f = Filter::from_settings(None, Some("  "));
        assert_eq!(f, Filter::level(LevelFilter::INFO));
    }

    #[test]
    fn rust_log_targets_and_default() {
        let f = Filter::from_settings(None, Some("warn,my_crate=trace"));
        assert!(f.enabled("my_crate::db", &Level::TRACE));
        assert!(f.enabled("other", &Level::WARN));
        assert!(!f.enabled("other", &Level::INFO));
        assert_eq!(f.max_level(), LevelFilter::TRACE);
    }

    #[test]
    fn longest_target_wins_whatever_the_order() {
        let f = Filter::parse("a::b=error,a=debug,info").unwrap();
        assert!(f.enabled("a::c", &Level::DEBUG));
        assert!(!f.enabled("a::b::c", &Level::WARN));
        assert!(f.enabled("a::b::c", &Level::ERROR));
        assert!(!f.enabled("z", &Level::DEBUG));
        // A later directive for the same target replaces the earlier one.
        let f = Filter::parse("a=error,a=trace").unwrap();
        assert!(f.enabled("a", &Level::TRACE));
    }

    #[test]
    fn targets_only_turns_everything_else_off() {
        let f = Filter::parse("my_crate=debug").unwrap();
        assert!(f.enabled("my_crate", &Level::DEBUG));
        assert!(!f.enabled("typed_lambda::runtime", &Level::ERROR));
        let f = Filter::parse("my_crate").unwrap();
        assert!(f.enabled("my_crate::x", &Level::TRACE));
        assert!(!f.enabled("other", &Level::ERROR));
    }

    #[test]
    fn levels_any_case_and_numbers_and_off() {
        assert_eq!(
            Filter::parse("WARN").unwrap(),
            Filter::level(LevelFilter::WARN)
        );
        assert_eq!(
            Filter::parse("4").unwrap(),
            Filter::level(LevelFilter::DEBUG)
        );
        let f = Filter::parse("off").unwrap();
        assert!(!f.enabled("x", &Level::ERROR));
        assert_eq!(f.max_level(), LevelFilter::OFF);
        let f = Filter::parse(" info , noisy=off ,").unwrap();
        assert!(f.enabled("quiet", &Level::INFO));
        assert!(!f.enabled("noisy::x", &Level::ERROR));
    }

    #[test]
    fn bad_specs_name_the_directive() {
        let e = Filter::parse("info,my_crate=verbose").unwrap_err();
        assert_eq!(
            e.to_string(),
            "directive \"my_crate=verbose\": not a level (off, error, warn, info, debug, trace)"
        );
        let e = Filter::parse("=debug").unwrap_err();
        assert!(e.to_string().contains("empty target"), "{e}");
        let e = Filter::parse("x[span]=debug").unwrap_err();
        assert!(e.to_string().contains("span and field filters"), "{e}");
    }

    #[test]
    fn a_bad_rust_log_is_ignored_for_info() {
        let f = Filter::from_settings(None, Some("my_crate=verbose"));
        assert_eq!(f, Filter::level(LevelFilter::INFO));
    }
}
