//! Lambda's log line formats: tab-separated text and JSON, one line per event.

use std::fmt::{self, Write as _};
use std::time::{SystemTime, UNIX_EPOCH};

use tracing::field::{Field, Visit};
use tracing::{Event, Level};

/// Text or JSON lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Format {
    /// `timestamp\trequest id\tLEVEL\tmessage key=value`.
    #[default]
    Text,
    /// `{"timestamp":..,"level":..,"requestId":..,"message":..,"target":..,<fields>}`.
    Json,
}

impl Format {
    /// JSON when `AWS_LAMBDA_LOG_FORMAT` is `JSON` (any case), text otherwise.
    pub(crate) fn from_env() -> Self {
        let json = std::env::var("AWS_LAMBDA_LOG_FORMAT")
            .is_ok_and(|f| f.trim().eq_ignore_ascii_case("json"));
        if json {
            Format::Json
        } else {
            Format::Text
        }
    }

    /// Appends the line for `event` (with its final newline) to `out`. `target` is the
    /// event's target (the real one for `log` facade records), `request_id` that of the
    /// enclosing invocation span, if any.
    pub(crate) fn write_line(
        self,
        out: &mut String,
        event: &Event<'_>,
        target: &str,
        request_id: Option<&str>,
    ) {
        let level = level_name(event.metadata().level());
        match self {
            Format::Text => {
                write_timestamp(out, SystemTime::now());
                out.push('\t');
                out.push_str(request_id.unwrap_or("-"));
                out.push('\t');
                out.push_str(level);
                out.push('\t');
                let mut fields = TextFields {
                    message: out.len(),
                    rest: String::new(),
                    out,
                };
                event.record(&mut fields);
                let rest = fields.rest;
                out.push_str(&rest);
            }
            Format::Json => {
                out.push_str("{\"timestamp\":\"");
                write_timestamp(out, SystemTime::now());
                out.push_str("\",\"level\":\"");
                out.push_str(level);
                out.push('"');
                if let Some(id) = request_id {
                    out.push_str(",\"requestId\":");
                    push_json_str(out, id);
                }
                let mut fields = JsonFields {
                    message: None,
                    rest: String::new(),
                    seen: Vec::new(),
                };
                event.record(&mut fields);
                out.push_str(",\"message\":");
                out.push_str(fields.message.as_deref().unwrap_or("null"));
                out.push_str(",\"target\":");
                push_json_str(out, target);
                out.push_str(&fields.rest);
                out.push('}');
            }
        }
        out.push('\n');
    }
}

pub(crate) fn level_name(level: &Level) -> &'static str {
    match *level {
        Level::TRACE => "TRACE",
        Level::DEBUG => "DEBUG",
        Level::INFO => "INFO",
        Level::WARN => "WARN",
        Level::ERROR => "ERROR",
    }
}

/// `log` facade records carry bookkeeping fields (`log.target`, `log.file`, ...) that are not
/// printed.
fn is_log_bookkeeping(field: &Field) -> bool {
    field.name().starts_with("log.")
}

/// Text: the message goes straight to the line, the other fields after it as ` key=value`
/// (values in `Debug` form, strings quoted).
struct TextFields<'a> {
    out: &'a mut String,
    /// Where the message starts in `out` (only used to keep a single message).
    message: usize,
    rest: String,
}

impl Visit for TextFields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.out.truncate(self.message);
            self.out.push_str(value);
        } else if !is_log_bookkeeping(field) {
            let _ = write!(self.rest, " {}={value:?}", field.name());
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            self.out.truncate(self.message);
            let _ = write!(self.out, "{value:?}");
        } else if !is_log_bookkeeping(field) {
            let _ = write!(self.rest, " {}={value:?}", field.name());
        }
    }
}

/// Keys of a JSON line that an event's fields cannot replace.
const JSON_KEYS: [&str; 5] = ["timestamp", "level", "requestId", "message", "target"];

/// JSON: the message as its own value, the other fields as `,"key":value` (numbers and
/// booleans as such, everything else as a string). The first of several fields with one name
/// wins; fields named like the line's own keys are dropped.
struct JsonFields {
    message: Option<String>,
    rest: String,
    seen: Vec<&'static str>,
}

impl JsonFields {
    /// Where the JSON value of `field` goes, or `None` if it is not printed.
    fn slot(&mut self, field: &Field) -> Option<&mut String> {
        let name = field.name();
        if name == "message" {
            return Some(self.message.insert(String::new()));
        }
        if is_log_bookkeeping(field) || JSON_KEYS.contains(&name) || self.seen.contains(&name) {
            return None;
        }
        self.seen.push(name);
        self.rest.push(',');
        push_json_str(&mut self.rest, name);
        self.rest.push(':');
        Some(&mut self.rest)
    }
}

impl Visit for JsonFields {
    fn record_f64(&mut self, field: &Field, value: f64) {
        if let Some(out) = self.slot(field) {
            match serde_json::Number::from_f64(value) {
                Some(number) => push_number(out, &number),
                None => out.push_str("null"),
            }
        }
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        if let Some(out) = self.slot(field) {
            let _ = write!(out, "{value}");
        }
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        if let Some(out) = self.slot(field) {
            let _ = write!(out, "{value}");
        }
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        if let Some(out) = self.slot(field) {
            out.push_str(if value { "true" } else { "false" });
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if let Some(out) = self.slot(field) {
            push_json_str(out, value);
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if let Some(out) = self.slot(field) {
            out.push('"');
            let _ = write!(JsonEscape(out), "{value:?}");
            out.push('"');
        }
    }
}

/// Appends a finite number as serde_json prints it (`1.5e+300`, as the JSON lines printed it
/// when they were built with serde_json).
fn push_number(out: &mut String, number: &serde_json::Number) {
    let _ = write!(out, "{number}");
}

/// Appends `s` as a JSON string (quoted, escaped).
pub(crate) fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    let _ = JsonEscape(out).write_str(s);
    out.push('"');
}

/// Escapes what is written through it for the inside of a JSON string: `"`, `\` and control
/// characters (`\n`, `\r`, `\t`, `\b`, `\f`, others as `\u00XX`).
struct JsonEscape<'a>(&'a mut String);

impl fmt::Write for JsonEscape<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut plain = 0;
        for (i, c) in s.char_indices() {
            let escaped = match c {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\u{8}' => "\\b",
                '\u{c}' => "\\f",
                c if c < ' ' => "",
                _ => continue,
            };
            self.0.push_str(&s[plain..i]);
            if escaped.is_empty() {
                let _ = write!(self.0, "\\u{:04x}", c as u32);
            } else {
                self.0.push_str(escaped);
            }
            plain = i + c.len_utf8();
        }
        self.0.push_str(&s[plain..]);
        Ok(())
    }
}

/// Appends `time` as RFC 3339 UTC with microseconds: `2026-11-25T09:18:49.123456Z`.
pub(crate) fn write_timestamp(out: &mut String, time: SystemTime) {
    // Times before 1970 do not occur on Lambda; they print as the epoch.
    let since_epoch = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since_epoch.as_secs();
    let (year, month, day) = civil_from_days(secs / 86_400);
    let in_day = secs % 86_400;
    let _ = write!(
        out,
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:06}Z",
        in_day / 3600,
        in_day / 60 % 60,
        in_day % 60,
        since_epoch.subsec_micros()
    );
}

/// The proleptic Gregorian date `days` days after 1970-01-01.
///
/// Counts in 400-year eras (146 097 days each) of years that start on March 1st, so that the
/// leap day is the last day of its year and month lengths follow a fixed pattern.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    // Shift the origin from 1970-01-01 to 0000-03-01 (719 468 days earlier).
    let days = days + 719_468;
    let era = days / 146_097;
    let day_of_era = days % 146_097; // [0, 146096]
                                     // Years of 365 days, minus the leap days of every 4th, plus back every 100th, minus every
                                     // 400th year (the era's last day belongs to its 400th year).
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    // Months from March: lengths 31 30 31 30 31 31 30 31 30 31 31 (28|29), 153 days per 5.
    let month_from_march = (5 * day_of_year + 2) / 153; // [0, 11]
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = era * 400 + year_of_era + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(secs: u64, micros: u32) -> String {
        let mut s = String::new();
        write_timestamp(
            &mut s,
            UNIX_EPOCH + Duration::new(secs, micros * 1000 + 999),
        );
        s
    }

    #[test]
    fn timestamps_are_rfc3339_utc_with_microseconds() {
        assert_eq!(at(0, 0), "1970-01-01T00:00:00.000000Z");
        // `date -u -d @1795598329 +%FT%T`: 2026-11-25T09:18:49
        assert_eq!(at(1_795_598_329, 123_456), "2026-11-25T09:18:49.123456Z");
        // Leap days, the day after, century rules (2000 is leap, 2100 is not).
        assert_eq!(at(951_782_400, 0), "2000-02-29T00:00:00.000000Z");
        assert_eq!(at(951_868_800, 7), "2000-03-01T00:00:00.000007Z");
        assert_eq!(at(1_709_164_799, 999_999), "2024-02-28T23:59:59.999999Z");
        assert_eq!(at(1_709_251_199, 0), "2024-02-29T23:59:59.000000Z");
        assert_eq!(at(4_107_542_400, 0), "2100-03-01T00:00:00.000000Z");
        assert_eq!(at(4_107_456_000, 0), "2100-02-28T00:00:00.000000Z");
        assert_eq!(at(1_767_225_599, 0), "2025-12-31T23:59:59.000000Z");
        assert_eq!(at(1_767_225_600, 0), "2026-01-01T00:00:00.000000Z");
    }

    #[test]
    fn civil_dates_agree_with_a_day_by_day_count() {
        // Walk day by day from 1970 to 2400 with a calendar kept by hand.
        let (mut y, mut m, mut d) = (1970, 1, 1);
        for days in 0..(430 * 366) {
            assert_eq!(civil_from_days(days), (y, m, d), "day {days}");
            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
            let month_len = match m {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            d += 1;
            if d > month_len {
                d = 1;
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
            }
        }
    }

    #[test]
    fn json_strings_escape_quotes_backslashes_and_control_characters() {
        let mut s = String::new();
        push_json_str(&mut s, "a \"q\" \\ b\nc\rd\te\u{8}\u{c}\u{1}\u{1f} é ✓");
        assert_eq!(s, r#""a \"q\" \\ b\nc\rd\te\b\f\u0001\u001f é ✓""#);
        let back: String = serde_json::from_str(&s).unwrap();
        assert_eq!(back, "a \"q\" \\ b\nc\rd\te\u{8}\u{c}\u{1}\u{1f} é ✓");
    }
}
