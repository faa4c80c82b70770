//! `--statistics`: how many findings each rule made, most first.

use serde::Serialize;

use super::Summary;
use super::json::{JsonProblem, problem};
use crate::diagnostic::{Diagnostic, Notice, Problem};
use crate::rules::RuleSet;
use crate::source::SourceDb;

/// The findings of one rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    /// How many diagnostics the rule made.
    pub count: usize,
    /// The rule id, `<pack>/<name>`.
    pub rule: String,
    /// The rule's summary; empty for findings of factlint itself (suppression comments).
    pub summary: String,
}

/// The count of each rule with at least one finding, by count (most first), then by id.
pub fn statistics(diagnostics: &[Diagnostic], rules: &RuleSet) -> Vec<RuleCount> {
    let mut counts: Vec<RuleCount> = Vec::new();
    for d in diagnostics {
        match counts.iter_mut().find(|c| c.rule == d.rule) {
            Some(c) => c.count += 1,
            None => counts.push(RuleCount {
                count: 1,
                rule: d.rule.clone(),
                summary: rules
                    .rules
                    .iter()
                    .find(|r| r.id == d.rule)
                    .map(|r| r.summary.clone())
                    .unwrap_or_default(),
            }),
        }
    }
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule.cmp(&b.rule)));
    counts
}

/// Aligned columns, count, rule and summary, then the summary line.
pub fn statistics_human(counts: &[RuleCount], summary: &Summary) -> String {
    let count_width = counts.iter().map(|c| c.count.to_string().len()).max().unwrap_or(0);
    let rule_width = counts.iter().map(|c| c.rule.len()).max().unwrap_or(0);
    let mut out = String::new();
    for c in counts {
        let line = format!("{:>count_width$}  {:<rule_width$}  {}", c.count, c.rule, c.summary);
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(&summary.line());
    out.push('\n');
    out
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    statistics: &'a [RuleCount],
    summary: &'a Summary,
    problems: Vec<JsonProblem<'a>>,
    notices: &'a [Notice],
}

/// `{"version": 1, "statistics": [{"count", "rule", "summary"}], "summary", "problems",
/// "notices"}`, pretty-printed (`docs/json-output.md`).
pub fn statistics_json(
    db: &SourceDb,
    counts: &[RuleCount],
    summary: &Summary,
    problems: &[Problem],
    notices: &[Notice],
) -> String {
    let doc = Document {
        version: 1,
        statistics: counts,
        summary,
        problems: problems.iter().map(|p| problem(db, p)).collect(),
        notices,
    };
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_right_aligned_and_rules_left_aligned() {
        let count = |n: usize, rule: &str| RuleCount {
            count: n,
            rule: rule.into(),
            summary: format!("{rule} summary"),
        };
        let counts = [count(12, "hygiene/glued-words"), count(3, "dates/weekday-mismatch")];
        let summary = Summary {
            errors: 3,
            warnings: 12,
            infos: 0,
            files: 2,
        };
        assert_eq!(
            statistics_human(&counts, &summary),
            "12  hygiene/glued-words     hygiene/glued-words summary\n \
             3  dates/weekday-mismatch  dates/weekday-mismatch summary\n\
             3 errors, 12 warnings in 2 files\n"
        );
    }
}
