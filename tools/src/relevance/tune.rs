//! Tuning the ranking parameters on the tuning part of the queries: a
//! coordinate search (each parameter in turn over a small grid, the others
//! fixed, for a few rounds) maximising MRR@10. Deterministic: same corpus and
//! queries, same result. The validation part is never seen here: the caller
//! passes only the tuning queries.

use std::path::Path;

use polsearch::search::{Engine, RankParams};

use super::{run_polsearch, Metrics, Query};

/// One parameter of the search and the values it is tried at.
struct Axis {
    name: &'static str,
    values: &'static [f32],
    set: fn(&mut RankParams, f32),
}

const AXES: &[Axis] = &[
    Axis {
        name: "k1",
        values: &[0.6, 0.9, 1.2, 1.6, 2.0, 3.0, 4.0, 6.0],
        set: |p, v| p.k1 = v,
    },
    Axis {
        name: "title.weight",
        values: &[1.0, 2.0, 3.0, 4.0, 6.0, 8.0],
        set: |p, v| p.title.weight = v,
    },
    Axis {
        name: "title.b",
        values: &[0.0, 0.25, 0.5, 0.75, 1.0],
        set: |p, v| p.title.b = v,
    },
    Axis {
        name: "subtitle.weight",
        values: &[0.5, 1.0, 1.5, 2.0, 3.0],
        set: |p, v| p.subtitle.weight = v,
    },
    Axis {
        name: "body.b",
        values: &[0.3, 0.5, 0.75, 0.9, 1.0],
        set: |p, v| p.body.b = v,
    },
    Axis {
        name: "coverage",
        values: &[0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 10.0],
        set: |p, v| p.coverage = v,
    },
    Axis {
        name: "proximity",
        values: &[0.0, 0.1, 0.25, 0.5, 1.0, 2.0],
        set: |p, v| p.proximity = v,
    },
    Axis {
        name: "window",
        values: &[3.0, 5.0, 8.0, 12.0, 20.0],
        set: |p, v| p.window = v as u32,
    },
    Axis {
        name: "relax_share",
        values: &[0.003, 0.01, 0.02, 0.05],
        set: |p, v| p.relax_share = v,
    },
    Axis {
        name: "relax_below",
        values: &[1.0, 3.0, 10.0, 20.0, 30.0, 50.0, 100.0],
        set: |p, v| p.relax_below = v as usize,
    },
];

/// The objective: MRR@10 over the queries.
pub fn score(engine: &Engine, corpus: &Path, queries: &[Query], params: &RankParams) -> f64 {
    Metrics::of(&run_polsearch(engine, corpus, queries, params)).mrr
}

/// Coordinate search from `start` for `rounds` rounds (or until no parameter
/// moves); `log` receives one line per improvement. Ties keep the current value.
pub fn tune(
    engine: &Engine,
    corpus: &Path,
    queries: &[Query],
    start: RankParams,
    rounds: usize,
    log: &mut dyn FnMut(String),
) -> (RankParams, f64) {
    let mut best = start;
    let mut best_score = score(engine, corpus, queries, &best);
    log(format!("start: MRR@10 {best_score:.4}"));
    for round in 1..=rounds {
        let mut moved = false;
        for axis in AXES {
            for &v in axis.values {
                let mut p = best;
                (axis.set)(&mut p, v);
                if p == best {
                    continue;
                }
                let s = score(engine, corpus, queries, &p);
                if s > best_score + 1e-9 {
                    best = p;
                    best_score = s;
                    moved = true;
                    log(format!(
                        "round {round}: {} = {v} → MRR@10 {s:.4}",
                        axis.name
                    ));
                }
            }
        }
        if !moved {
            break;
        }
    }
    (best, best_score)
}
