//! The JSON API beside the page: `/api/search` (the page's parameters, the
//! object `search --json` prints, with `timeline` when asked), `/api/facets`
//! (`facets --json`) and `/api/show/{id}` (`show --json`). Errors are JSON
//! too: `{"error": …, "line": …, "column": …}` with a 400 for a request that
//! cannot run, 404 for an unknown article, 503 when the server is busy.

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use polsearch::search::Granularity;

use super::params::Params;
use super::{AppState, Failure};

/// `GET /api/search?q=…&region=…&since=…&sort=date&limit=20&offset=20&timeline=month`.
pub async fn search(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let params = match Params::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(bad) => return Failure::Bad(bad.0, None).into_json(),
    };
    let granularity = match params.timeline.as_deref() {
        None => None,
        Some("year") => Some(Granularity::Year),
        Some("month") => Some(Granularity::Month),
        Some("week") => Some(Granularity::Week),
        Some("day") => Some(Granularity::Day),
        Some(other) => {
            return Failure::Bad(
                format!("timeline: '{other}' (use year, month, week or day)"),
                None,
            )
            .into_json()
        }
    };
    let request = params.request();
    // serialized as `search --json` does: the results as they are, or with
    // `timeline` added to them as a JSON value
    let done = state
        .blocking(move |engine| {
            let results = engine.search(&request)?;
            let Some(g) = granularity else {
                return serde_json::to_string(&results).map_err(internal);
            };
            let mut value = serde_json::to_value(&results).map_err(internal)?;
            value["timeline"] =
                serde_json::to_value(engine.timeline(&request, g)?).map_err(internal)?;
            serde_json::to_string(&value).map_err(internal)
        })
        .await;
    match done {
        Ok(text) => ([(header::CONTENT_TYPE, "application/json")], text).into_response(),
        Err(f) => f.into_json(),
    }
}

/// `GET /api/facets`: every region, country and topic with its count.
pub async fn facets(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    if raw.as_deref().is_some_and(|r| !r.is_empty()) {
        return Failure::Bad("/api/facets takes no parameters".into(), None).into_json();
    }
    match state
        .blocking(|engine| {
            let listing = engine.facet_listing(false)?;
            serde_json::to_value(&listing).map_err(internal)
        })
        .await
    {
        Ok(value) => Json(value).into_response(),
        Err(f) => f.into_json(),
    }
}

/// `GET /api/show/{id}`: one article's stored fields, body and markup.
pub async fn show(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match super::article(&state, id).await {
        Ok(doc) => match serde_json::to_value(&doc) {
            Ok(value) => Json(value).into_response(),
            Err(e) => internal(e).into_json(),
        },
        Err(f) => f.into_json(),
    }
}

/// Any API path that does not exist.
pub async fn not_found() -> Response {
    Failure::NotFound("no such API endpoint (/api/search, /api/facets, /api/show/{id})".into())
        .into_json()
}

fn internal(e: impl std::fmt::Display) -> Failure {
    Failure::Internal(e.to_string())
}

impl Failure {
    /// The failure as a JSON response.
    pub fn into_json(self) -> Response {
        let status = self.status();
        let mut body = serde_json::json!({ "error": self.message() });
        if let Failure::Bad(_, Some((line, column))) = &self {
            body["line"] = (*line).into();
            body["column"] = (*column).into();
        }
        (status, Json(body)).into_response()
    }

    /// Its HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            Failure::Bad(..) => StatusCode::BAD_REQUEST,
            Failure::NotFound(_) => StatusCode::NOT_FOUND,
            Failure::Busy => StatusCode::SERVICE_UNAVAILABLE,
            Failure::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}
