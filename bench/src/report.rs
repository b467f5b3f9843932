//! Tables: one per scenario, rows of measurements, then the targets and whether they are met.

use std::fmt::Write as _;

/// One scenario's printed result.
#[derive(Debug, Default)]
pub struct Table {
    title: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    targets: Vec<Target>,
    notes: Vec<String>,
}

/// A target of the issue and how this run did against it.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// What is promised, e.g. `S3 decode ≥ 1.8× aws_lambda_events`.
    pub what: String,
    /// What was measured, e.g. `2.1×`.
    pub measured: String,
    /// Met, missed, or not measured in this run (`None`).
    pub met: Option<bool>,
}

impl Table {
    /// A table titled `title` with these column names.
    pub fn new(title: &str, header: &[&str]) -> Self {
        Table {
            title: title.to_owned(),
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            ..Table::default()
        }
    }

    /// Adds a row (as many cells as there are columns).
    pub fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(
            cells.len(),
            self.header.len(),
            "row width in {}",
            self.title
        );
        self.rows.push(cells);
    }

    /// Adds a target line.
    pub fn target(
        &mut self,
        what: impl Into<String>,
        measured: impl Into<String>,
        met: Option<bool>,
    ) {
        self.targets.push(Target {
            what: what.into(),
            measured: measured.into(),
            met,
        });
    }

    /// Adds a free-text note under the table.
    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    /// The targets recorded so far.
    pub fn targets(&self) -> &[Target] {
        &self.targets
    }

    /// The table as Markdown (so that it pastes into `bench/RESULTS.md` as is).
    pub fn render(&self) -> String {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let line = |cells: &[String]| {
            let mut s = String::from("|");
            for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
                let pad = w - cell.chars().count();
                if i == 0 {
                    let _ = write!(s, " {cell}{} |", " ".repeat(pad));
                } else {
                    let _ = write!(s, " {}{cell} |", " ".repeat(pad));
                }
            }
            s.push('\n');
            s
        };
        let mut out = format!("### {}\n\n", self.title);
        out += &line(&self.header);
        let rule: Vec<String> = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i == 0 {
                    "-".repeat(*w)
                } else {
                    format!("{}:", "-".repeat(w.saturating_sub(1)))
                }
            })
            .collect();
        out += &line(&rule);
        for row in &self.rows {
            out += &line(row);
        }
        if !self.targets.is_empty() {
            out.push('\n');
            for t in &self.targets {
                let verdict = match t.met {
                    Some(true) => "MET",
                    Some(false) => "MISSED",
                    None => "not measured",
                };
                let _ = writeln!(out, "- {verdict}: {} (measured {})", t.what, t.measured);
            }
        }
        if !self.notes.is_empty() {
            out.push('\n');
            for n in &self.notes {
                let _ = writeln!(out, "{n}");
            }
        }
        out
    }
}

/// `1234567.8` → `1.23M`, `4321.0` → `4.32k`.
pub fn per_sec(x: f64) -> String {
    if x >= 1e6 {
        format!("{:.2}M", x / 1e6)
    } else if x >= 1e3 {
        format!("{:.2}k", x / 1e3)
    } else {
        format!("{x:.1}")
    }
}

/// A ratio as `1.85×`, or `–` when undefined.
pub fn ratio(a: f64, b: f64) -> String {
    if b > 0.0 && a.is_finite() {
        format!("{:.2}×", a / b)
    } else {
        "–".to_owned()
    }
}

/// Bytes as `1.73 MB` (10^6, as the issue counts).
pub fn megabytes(bytes: u64) -> String {
    format!("{:.2} MB", bytes as f64 / 1e6)
}

/// The median of `xs` (sorted in place); `NaN` when empty.
pub fn median(xs: &mut [f64]) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    xs.sort_by(f64::total_cmp);
    let mid = xs.len() / 2;
    if xs.len() % 2 == 1 {
        xs[mid]
    } else {
        (xs[mid - 1] + xs[mid]) / 2.0
    }
}

/// The `p`-th percentile (0–100) of sorted `xs`, nearest rank.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_percentiles() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
        assert!(median(&mut []).is_nan());
        let sorted: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&sorted, 50.0), 50.0);
        assert_eq!(percentile(&sorted, 99.0), 99.0);
        assert_eq!(percentile(&sorted, 100.0), 100.0);
        assert_eq!(percentile(&[7.0], 99.0), 7.0);
    }

    #[test]
    fn numbers_are_formatted_for_reading() {
        assert_eq!(per_sec(1_840_000.0), "1.84M");
        assert_eq!(per_sec(8_700.0), "8.70k");
        assert_eq!(per_sec(50.0), "50.0");
        assert_eq!(ratio(3.0, 2.0), "1.50×");
        assert_eq!(ratio(3.0, 0.0), "–");
        assert_eq!(megabytes(1_730_000), "1.73 MB");
    }

    #[test]
    fn table_renders_markdown_with_verdicts() {
        let mut t = Table::new("decode", &["event", "ours"]);
        t.row(vec!["s3".into(), "1.00M".into()]);
        t.target("s3 ≥ 1.8×", "2.00×", Some(true));
        t.target("sns ≥ 1.8×", "1.20×", Some(false));
        let text = t.render();
        assert!(
            text.starts_with(
                "### decode\n\n| event |  ours |\n| ----- | ----: |\n| s3    | 1.00M |\n"
            ),
            "{text}"
        );
        assert!(text.contains("- MET: s3 ≥ 1.8× (measured 2.00×)"));
        assert!(text.contains("- MISSED: sns ≥ 1.8× (measured 1.20×)"));
    }
}
