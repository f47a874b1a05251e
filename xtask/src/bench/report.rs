//! The benchmark's result: rows of figures, each with a unit and maybe a target, printed as
//! markdown tables.

use std::fmt::Write;

/// What a number counts; decides how it is printed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Unit {
    Seconds,
    Bytes,
    /// Kibibytes, as /proc and getrusage report memory.
    KiB,
    Count,
    PerSecond,
    /// Throughput in 10^6 bytes per second, as transfer tools print it.
    MegabytesPerSecond,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quantity {
    pub value: f64,
    pub unit: Unit,
}

impl Quantity {
    pub fn seconds(value: f64) -> Self {
        Self {
            value,
            unit: Unit::Seconds,
        }
    }

    pub fn bytes(value: u64) -> Self {
        Self {
            value: value as f64,
            unit: Unit::Bytes,
        }
    }

    pub fn kib(value: u64) -> Self {
        Self {
            value: value as f64,
            unit: Unit::KiB,
        }
    }

    pub fn count(value: f64) -> Self {
        Self {
            value,
            unit: Unit::Count,
        }
    }

    pub fn per_second(value: f64) -> Self {
        Self {
            value,
            unit: Unit::PerSecond,
        }
    }

    pub fn megabytes_per_second(value: f64) -> Self {
        Self {
            value,
            unit: Unit::MegabytesPerSecond,
        }
    }
}

/// What a figure must reach to count as met.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Target {
    /// ours / theirs ≤ 1 / n.
    AtMostFraction(f64),
    /// ours / theirs ≥ n.
    AtLeastTimes(f64),
    /// ours alone, below this.
    Below(Quantity),
}

impl Target {
    fn describe(self) -> String {
        match self {
            Target::AtMostFraction(n) => format!("≤ 1/{}", trim(n)),
            Target::AtLeastTimes(n) => format!("≥ {}×", trim(n)),
            Target::Below(limit) => format!("< {}", format_quantity(limit)),
        }
    }

    /// `None` when the figures needed are missing.
    fn is_met(self, ours: Option<Quantity>, theirs: Option<Quantity>) -> Option<bool> {
        let ours = ours?.value;
        match self {
            Target::AtMostFraction(n) => Some(ours <= theirs?.value / n),
            Target::AtLeastTimes(n) => Some(ours >= theirs?.value * n),
            Target::Below(limit) => Some(ours < limit.value),
        }
    }
}

/// One line of a comparison table.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub figure: String,
    pub ours: Option<Quantity>,
    pub theirs: Option<Quantity>,
    pub target: Option<Target>,
}

impl Row {
    pub fn new(figure: impl Into<String>, ours: Quantity, theirs: Option<Quantity>) -> Self {
        Self {
            figure: figure.into(),
            ours: Some(ours),
            theirs,
            target: None,
        }
    }

    pub fn with_target(mut self, target: Target) -> Self {
        self.target = Some(target);
        self
    }

    /// Whether the row's target is met; `None` for rows without one or without figures.
    pub fn met(&self) -> Option<bool> {
        self.target?.is_met(self.ours, self.theirs)
    }
}

/// Which comparison a row belongs to; each becomes one table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Table {
    Sdk,
    Botocore,
    Codegen,
}

impl Table {
    fn title(self) -> &'static str {
        match self {
            Table::Sdk => {
                "awsgen against the official SDK (aws-sdk-amplify, aws-sdk-dynamodb, aws-sdk-ec2, aws-sdk-s3)"
            }
            Table::Botocore => "awsgen-amplify against botocore 1.44.5 (context, no targets)",
            Table::Codegen => "Code generation",
        }
    }

    fn theirs(self) -> Option<&'static str> {
        match self {
            Table::Sdk => Some("official SDK"),
            Table::Botocore => Some("botocore"),
            Table::Codegen => None,
        }
    }
}

#[derive(Debug, Default)]
pub struct Report {
    rows: Vec<(Table, Row)>,
    /// Lines said once under the tables: versions, methods, refusals, failures.
    pub notes: Vec<String>,
    /// Extra markdown sections (title, body), such as the refusals of the model sweep.
    pub sections: Vec<(String, String)>,
}

impl Report {
    pub fn push(&mut self, table: Table, row: Row) {
        self.rows.push((table, row));
    }

    /// A row of ours against theirs, without a target.
    pub fn compare(&mut self, table: Table, figure: &str, ours: Quantity, theirs: Quantity) {
        self.push(table, Row::new(figure, ours, Some(theirs)));
    }

    pub fn rows(&self, table: Table) -> impl Iterator<Item = &Row> {
        self.rows
            .iter()
            .filter(move |(t, _)| *t == table)
            .map(|(_, row)| row)
    }

    /// Every row that has a target and misses it.
    pub fn missed(&self) -> Vec<&Row> {
        self.rows
            .iter()
            .map(|(_, row)| row)
            .filter(|row| row.met() == Some(false))
            .collect()
    }

    pub fn to_markdown(&self, heading: &str) -> String {
        let mut out = format!("{heading}\n");
        for table in [Table::Sdk, Table::Botocore, Table::Codegen] {
            let rows: Vec<&Row> = self.rows(table).collect();
            if rows.is_empty() {
                continue;
            }
            write!(out, "\n### {}\n\n", table.title()).unwrap();
            out += &format_table(table.theirs(), &rows);
        }
        for (title, body) in &self.sections {
            write!(out, "\n### {title}\n\n{body}").unwrap();
            if !body.ends_with('\n') {
                out.push('\n');
            }
        }
        if !self.notes.is_empty() {
            out += "\n### Notes\n\n";
            for note in &self.notes {
                writeln!(out, "- {note}").unwrap();
            }
        }
        out
    }
}

fn format_table(theirs: Option<&str>, rows: &[&Row]) -> String {
    let mut out = String::new();
    match theirs {
        Some(name) => {
            writeln!(
                out,
                "| figure | awsgen | {name} | ratio | target | met? |\n|---|---:|---:|---:|---|---|"
            )
            .unwrap();
        }
        None => out += "| figure | awsgen | target | met? |\n|---|---:|---|---|\n",
    }
    for row in rows {
        let ours = row.ours.map_or("—".to_owned(), format_quantity);
        let target = row.target.map_or("—".to_owned(), Target::describe);
        let met = match row.met() {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "—",
        };
        match theirs {
            Some(_) => {
                let their = row.theirs.map_or("—".to_owned(), format_quantity);
                let ratio = match (row.ours, row.theirs) {
                    (Some(a), Some(b)) => format_ratio(a.value, b.value),
                    _ => "—".to_owned(),
                };
                writeln!(
                    out,
                    "| {} | {ours} | {their} | {ratio} | {target} | {met} |",
                    row.figure
                )
                .unwrap();
            }
            None => writeln!(out, "| {} | {ours} | {target} | {met} |", row.figure).unwrap(),
        }
    }
    out
}

/// ours / theirs, written as `1/n` below one so that "a quarter" reads as such.
pub fn format_ratio(ours: f64, theirs: f64) -> String {
    if theirs == 0.0 || ours == 0.0 {
        return "—".to_owned();
    }
    let ratio = ours / theirs;
    if ratio < 1.0 {
        format!("1/{}", significant(1.0 / ratio))
    } else {
        format!("{}×", significant(ratio))
    }
}

pub fn format_quantity(quantity: Quantity) -> String {
    let value = quantity.value;
    match quantity.unit {
        Unit::Seconds => {
            if value >= 1.0 {
                format!("{} s", significant(value))
            } else if value >= 1e-3 {
                format!("{} ms", significant(value * 1e3))
            } else if value >= 1e-6 {
                format!("{} µs", significant(value * 1e6))
            } else {
                format!("{} ns", significant(value * 1e9))
            }
        }
        Unit::Bytes => {
            if value >= 1024.0 * 1024.0 {
                format!("{} MiB", significant(value / (1024.0 * 1024.0)))
            } else if value >= 1024.0 {
                format!("{} KiB", significant(value / 1024.0))
            } else {
                format!("{} B", trim(value))
            }
        }
        Unit::KiB => format_quantity(Quantity {
            value: value * 1024.0,
            unit: Unit::Bytes,
        }),
        Unit::Count => significant(value),
        Unit::PerSecond => format!("{}/s", significant(value)),
        Unit::MegabytesPerSecond => format!("{} MB/s", significant(value)),
    }
}

/// Three significant digits, without a trailing `.0`; whole numbers of 1000 and more as
/// they are.
fn significant(value: f64) -> String {
    if value >= 1000.0 {
        return format!("{}", value.round() as u64);
    }
    let decimals = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    trim_zeros(format!("{value:.decimals$}"))
}

fn trim(value: f64) -> String {
    trim_zeros(format!("{value:.2}"))
}

fn trim_zeros(text: String) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_below_one_is_a_fraction_and_above_one_a_multiple() {
        assert_eq!(format_ratio(25.0, 100.0), "1/4");
        assert_eq!(format_ratio(3.0, 10.0), "1/3.33");
        assert_eq!(format_ratio(500.0, 100.0), "5×");
        assert_eq!(format_ratio(1.0, 0.0), "—");
    }

    #[test]
    fn quantities_pick_a_readable_unit() {
        assert_eq!(format_quantity(Quantity::seconds(12.345)), "12.3 s");
        assert_eq!(format_quantity(Quantity::seconds(0.0421)), "42.1 ms");
        assert_eq!(format_quantity(Quantity::seconds(5.5e-6)), "5.5 µs");
        assert_eq!(format_quantity(Quantity::bytes(3 * 1024 * 1024)), "3 MiB");
        assert_eq!(format_quantity(Quantity::kib(512)), "512 KiB");
        assert_eq!(format_quantity(Quantity::count(115.0)), "115");
        assert_eq!(format_quantity(Quantity::count(123456.0)), "123456");
        assert_eq!(format_quantity(Quantity::per_second(9876.4)), "9876/s");
        assert_eq!(
            format_quantity(Quantity::megabytes_per_second(412.34)),
            "412 MB/s"
        );
    }

    #[test]
    fn targets_compare_ours_with_theirs() {
        let quarter = Row::new(
            "cold",
            Quantity::seconds(20.0),
            Some(Quantity::seconds(100.0)),
        )
        .with_target(Target::AtMostFraction(4.0));
        assert_eq!(quarter.met(), Some(true));
        let third = Row::new("deps", Quantity::count(40.0), Some(Quantity::count(100.0)))
            .with_target(Target::AtMostFraction(3.0));
        assert_eq!(third.met(), Some(false));
        let twice = Row::new(
            "rps",
            Quantity::per_second(2000.0),
            Some(Quantity::per_second(1000.0)),
        )
        .with_target(Target::AtLeastTimes(2.0));
        assert_eq!(twice.met(), Some(true));
        let absolute = Row::new("codegen", Quantity::seconds(0.06), None)
            .with_target(Target::Below(Quantity::seconds(0.05)));
        assert_eq!(absolute.met(), Some(false));
        let missing =
            Row::new("x", Quantity::count(1.0), None).with_target(Target::AtMostFraction(3.0));
        assert_eq!(missing.met(), None);
    }

    #[test]
    fn markdown_has_one_table_per_comparison_and_marks_misses() {
        let mut report = Report::default();
        report.push(
            Table::Sdk,
            Row::new(
                "crates",
                Quantity::count(20.0),
                Some(Quantity::count(115.0)),
            )
            .with_target(Target::AtMostFraction(3.0)),
        );
        report.push(
            Table::Codegen,
            Row::new("generate", Quantity::seconds(0.08), None)
                .with_target(Target::Below(Quantity::seconds(0.05))),
        );
        report.notes.push("measured on a loaded machine".to_owned());
        let text = report.to_markdown("## Results");
        assert!(text.starts_with("## Results\n"), "{text}");
        assert!(
            text.contains("| crates | 20 | 115 | 1/5.75 | ≤ 1/3 | yes |"),
            "{text}"
        );
        assert!(
            text.contains("| generate | 80 ms | < 50 ms | **no** |"),
            "{text}"
        );
        assert!(!text.contains("botocore"), "{text}");
        assert!(text.contains("- measured on a loaded machine"), "{text}");
        assert_eq!(report.missed().len(), 1);
    }
}
