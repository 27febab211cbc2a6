//! A government's report over its departments (organizations under a parent): the tables of the
//! parts summed cell by cell. The sum of valid tables is valid (each rule is linear), and the
//! result is checked again by [`super::check`] like any report.
//!
//! A Table 2 figure unknown in any part is unknown in the sum: a total that silently leaves a
//! department out would look complete and be wrong.

use super::table2::{DecisionFigures, DocumentFigures, FeeFigures, Money, ProcurementFigures};
use super::{Report, Table2};
use crate::application::review::Table4;
use crate::application::year::{Counts, Table3};

fn add_counts(a: &mut Counts, b: &Counts) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

fn opt<T: std::ops::Add<Output = T>>(a: Option<T>, b: Option<T>) -> Option<T> {
    Some(a? + b?)
}

fn money(a: Option<Money>, b: Option<Money>) -> Option<Money> {
    Some(Money {
        fen: a?.fen + b?.fen,
    })
}

fn docs(a: DocumentFigures, b: DocumentFigures) -> DocumentFigures {
    DocumentFigures {
        issued: opt(a.issued, b.issued),
        repealed: opt(a.repealed, b.repealed),
        in_force: opt(a.in_force, b.in_force),
        published: opt(a.published, b.published),
        published_total: opt(a.published_total, b.published_total),
    }
}

fn decisions(a: DecisionFigures, b: DecisionFigures) -> DecisionFigures {
    DecisionFigures {
        decisions: opt(a.decisions, b.decisions),
        prev_items: opt(a.prev_items, b.prev_items),
        change: opt(a.change, b.change),
    }
}

/// Table 2 of the parts summed.
pub fn sum_table2(a: &Table2, b: &Table2) -> Table2 {
    Table2 {
        rules: docs(a.rules, b.rules),
        normative_documents: docs(a.normative_documents, b.normative_documents),
        licensing: decisions(a.licensing, b.licensing),
        other_services: decisions(a.other_services, b.other_services),
        penalties: decisions(a.penalties, b.penalties),
        coercion: decisions(a.coercion, b.coercion),
        fees: FeeFigures {
            amount: money(a.fees.amount, b.fees.amount),
            prev_items: opt(a.fees.prev_items, b.fees.prev_items),
            change: opt(a.fees.change, b.fees.change),
        },
        procurement: ProcurementFigures {
            projects: opt(a.procurement.projects, b.procurement.projects),
            amount: money(a.procurement.amount, b.procurement.amount),
        },
    }
}

fn sum_table3(a: &Table3, b: &Table3) -> Table3 {
    let mut out = a.clone();
    add_counts(&mut out.new_received, &b.new_received);
    add_counts(&mut out.carried_over_from_prev, &b.carried_over_from_prev);
    add_counts(&mut out.total_handled, &b.total_handled);
    add_counts(&mut out.carried_to_next, &b.carried_to_next);
    for (o, c) in &b.handled {
        add_counts(out.handled.entry(*o).or_default(), c);
    }
    out
}

fn sum_table4(a: &Table4, b: &Table4) -> Table4 {
    let mut out = a.clone();
    for (x, y) in out.cells.iter_mut().zip(&b.cells) {
        *x += y;
    }
    out
}

/// The reports of the parts (the government's own first, then its departments) summed into one.
/// All parts must be of the same year; `None` for an empty list. Last year's Table 3 is summed
/// only when every part has one.
pub fn sum(parts: &[Report]) -> Option<Report> {
    let (first, rest) = parts.split_first()?;
    let mut out = first.clone();
    for p in rest {
        debug_assert_eq!(p.year, out.year);
        out.table2 = sum_table2(&out.table2, &p.table2);
        out.table3 = sum_table3(&out.table3, &p.table3);
        out.table4 = sum_table4(&out.table4, &p.table4);
        out.previous_table3 = match (&out.previous_table3, &p.previous_table3) {
            (Some(a), Some(b)) => Some(sum_table3(a, b)),
            _ => None,
        };
    }
    Some(out)
}
