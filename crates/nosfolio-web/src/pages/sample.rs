//! The IQA sample: assessment decisions drawn across the caseload, as
//! `nosfolio sample` draws them.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use nosfolio_core::{Portion, SamplePlan, SampleUnit, sample_units};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{App, blocking, encode, relative};
use crate::guard::refusal;

/// What the sample's address says.
#[derive(Debug, Default, Deserialize)]
pub(super) struct SampleAsk {
    /// The share of decisions to sample, in per cent.
    portion: Option<String>,
    /// The seed of the draw: the same seed draws the same sample.
    seed: Option<String>,
}

/// The share sampled when none is asked for.
const DEFAULT_PERCENT: f64 = 25.0;

/// The sample page: a form for the share and the seed, and the decisions
/// drawn, each with why and a link to the evidence.
pub(super) async fn sample(State(app): State<Arc<App>>, Query(ask): Query<SampleAsk>) -> Response {
    blocking(move || {
        let mut problems = Vec::new();
        let percent = match ask
            .portion
            .as_deref()
            .map(|p| p.trim().trim_end_matches('%'))
        {
            None | Some("") => DEFAULT_PERCENT,
            Some(text) => text.parse::<f64>().unwrap_or_else(|_| {
                problems.push(format!("“{text}” is not a percentage like 25."));
                DEFAULT_PERCENT
            }),
        };
        let portion = Portion::new(percent / 100.0).or_else(|| {
            problems.push(format!("{percent}% is not more than 0% and at most 100%."));
            Portion::new(DEFAULT_PERCENT / 100.0)
        });
        let Some(portion) = portion else {
            return refusal(StatusCode::INTERNAL_SERVER_ERROR, "No share to sample.");
        };
        let seed = match ask.seed.as_deref().map(str::trim) {
            None | Some("") => 1,
            Some(text) => text.parse::<u64>().unwrap_or_else(|_| {
                problems.push(format!("“{text}” is not a whole number to draw with."));
                1
            }),
        };
        let folders = if app.caseload.is_empty() {
            vec![app.root.clone()]
        } else {
            app.caseload.clone()
        };
        let mut population: Vec<SampleUnit> = Vec::new();
        for dir in &folders {
            let p = relative(&app.root, dir);
            match app.open(dir) {
                Ok(portfolio) => {
                    let candidate = portfolio
                        .manifest
                        .as_ref()
                        .map(|m| m.candidate.as_str())
                        .unwrap_or_default();
                    population.extend(sample_units(
                        if p.is_empty() { "." } else { &p },
                        candidate,
                        &portfolio.standards,
                        &portfolio.evidence,
                        &portfolio.decisions,
                    ));
                }
                Err(refused) => problems.push(format!("{p}: not sampled: {}", refused.why)),
            }
        }
        let plan = SamplePlan::draw(population, portion, seed);
        let picks: Vec<Value> = plan
            .sample
            .iter()
            .map(|pick| {
                let unit = &pick.unit;
                let mut link = format!("/piece?path={}", encode(&unit.evidence));
                if !app.caseload.is_empty() {
                    link.push_str(&format!("&p={}", encode(&unit.portfolio)));
                }
                json!({
                    "portfolio": unit.portfolio,
                    "candidate": unit.candidate,
                    "evidence": unit.evidence,
                    "private": unit.private,
                    "item": unit.item,
                    "decision": unit.decision.to_string(),
                    "assessor": unit.assessor,
                    "date": unit.date,
                    "why": pick.reason.to_string(),
                    "link": link,
                })
            })
            .collect();
        let context = json!({
            "page": "sample",
            "caseload": !app.caseload.is_empty(),
            "q": "",
            "qa": "",
            "percent": if percent.fract() == 0.0 { format!("{percent:.0}") } else { percent.to_string() },
            "seed": seed,
            "decisions": plan.decisions,
            "target": plan.target,
            "picks": picks,
            "problems": problems,
        });
        app.render("sample.html", &context).into_response()
    })
    .await
}
