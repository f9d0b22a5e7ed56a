//! Coverage over time: how many of the articles that match a search were
//! published in each year, month, ISO week or day, with the undated ones
//! counted apart. The counts come from the `date` fast field of every matching
//! document (a collector, no stored fields read), so they add up to the
//! search's total whatever the filters.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate};
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::{Engine, SearchRequest};
use crate::error::Result;
use crate::schema::field;

/// The length of a timeline's periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Granularity {
    /// Calendar years: `2024`.
    Year,
    /// Calendar months: `2024-03`.
    #[default]
    Month,
    /// ISO weeks (Monday first): `2024-W09`.
    Week,
    /// Days: `2024-03-02`.
    Day,
}

/// Most periods a timeline lists with the empty ones between filled in;
/// past this (decades of days) only the periods with articles are listed.
pub const MAX_FILLED: usize = 2000;

/// One period of a timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// The period: `2024`, `2024-03`, `2024-W09` or `2024-03-02`.
    pub period: String,
    /// Matching articles published in it.
    pub count: u64,
}

/// Matching articles per period, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    /// `year`, `month`, `week` or `day`.
    pub granularity: &'static str,
    /// The periods from the first to the last with an article, empty ones
    /// included (unless there are more than [`MAX_FILLED`]).
    pub buckets: Vec<Bucket>,
    /// Matching articles without a date.
    pub undated: u64,
}

impl Granularity {
    /// Its name, as in `--timeline NAME`.
    pub fn name(self) -> &'static str {
        match self {
            Granularity::Year => "year",
            Granularity::Month => "month",
            Granularity::Week => "week",
            Granularity::Day => "day",
        }
    }

    /// The first day of the period that holds `day`.
    fn start(self, day: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Year => day.with_ordinal(1).unwrap_or(day),
            Granularity::Month => day.with_day(1).unwrap_or(day),
            Granularity::Week => day - Duration::days(day.weekday().num_days_from_monday() as i64),
            Granularity::Day => day,
        }
    }

    /// The first day of the period after the one starting on `start`.
    fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Year => start.with_year(start.year() + 1).unwrap_or(NaiveDate::MAX),
            Granularity::Month => start
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(NaiveDate::MAX),
            Granularity::Week => start + Duration::days(7),
            Granularity::Day => start.succ_opt().unwrap_or(NaiveDate::MAX),
        }
    }

    /// The name of the period starting on `start`.
    fn label(self, start: NaiveDate) -> String {
        match self {
            Granularity::Year => format!("{}", start.year()),
            Granularity::Month => start.format("%Y-%m").to_string(),
            Granularity::Week => {
                let w = start.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Granularity::Day => start.format("%Y-%m-%d").to_string(),
        }
    }
}

impl Timeline {
    /// Groups publication days (with their counts) into periods.
    pub fn from_days(days: &BTreeMap<NaiveDate, u64>, undated: u64, g: Granularity) -> Timeline {
        let mut periods: BTreeMap<NaiveDate, u64> = BTreeMap::new();
        for (day, n) in days {
            *periods.entry(g.start(*day)).or_default() += n;
        }
        let mut buckets = Vec::new();
        if let (Some((&first, _)), Some((&last, _))) =
            (periods.first_key_value(), periods.last_key_value())
        {
            let mut filled = Vec::new();
            let mut at = first;
            while at <= last && filled.len() <= MAX_FILLED {
                filled.push(at);
                at = g.next(at);
            }
            let starts: Vec<NaiveDate> = if filled.len() > MAX_FILLED {
                periods.keys().copied().collect()
            } else {
                filled
            };
            buckets = starts
                .into_iter()
                .map(|s| Bucket {
                    period: g.label(s),
                    count: periods.get(&s).copied().unwrap_or(0),
                })
                .collect();
        }
        Timeline {
            granularity: g.name(),
            buckets,
            undated,
        }
    }
}

impl Engine {
    /// The timeline of the articles that `request` matches (its query and
    /// filters; its paging and order do not matter). With
    /// [`SearchRequest::collapse`], the copies of one article count once, at
    /// the earliest date among them.
    pub fn timeline(&self, request: &SearchRequest, g: Granularity) -> Result<Timeline> {
        let (text_query, _) = self.parse(&request.query)?;
        let mut filters = request.filters.clone();
        filters.regions.extend(request.regions.iter().cloned());
        filters.topics.extend(request.topics.iter().cloned());
        let query = self.with_filters(text_query, &filters, Vec::new())?;
        let (days, undated) = self
            .searcher()
            .search(
                &*query,
                &DayCounts {
                    collapse: request.collapse,
                },
            )
            .map_err(|e| self.ierr(e))?;
        let days = days
            .into_iter()
            .filter_map(|(d, n)| Some((DateTime::from_timestamp(d * 86_400, 0)?.date_naive(), n)))
            .collect();
        Ok(Timeline::from_days(&days, undated, g))
    }
}

/// Counts matching documents (or groups of copies, with `collapse`) per
/// publication day (days since the epoch) and the undated ones.
struct DayCounts {
    collapse: bool,
}

/// A day for an undated document, after every real one.
const UNDATED: i64 = i64::MAX;

/// [`DayCounts`] on one segment.
struct SegmentDays {
    dates: Option<Column<tantivy::DateTime>>,
    /// With `collapse`, the group column.
    groups: Option<Column<u64>>,
    days: BTreeMap<i64, u64>,
    undated: u64,
    /// With `collapse`: (group, day or [`UNDATED`]) of each document.
    members: Vec<(u64, i64)>,
}

impl Collector for DayCounts {
    type Fruit = (BTreeMap<i64, u64>, u64);
    type Child = SegmentDays;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentDays> {
        Ok(SegmentDays {
            // a segment of undated articles only has no date column
            dates: segment.fast_fields().date(field::DATE).ok(),
            groups: if self.collapse {
                segment.fast_fields().u64(field::DUP_GROUP).ok()
            } else {
                None
            },
            days: BTreeMap::new(),
            undated: 0,
            members: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFruit>) -> tantivy::Result<Self::Fruit> {
        let mut days = BTreeMap::new();
        let mut undated = 0;
        // a group counts once, at its earliest day
        let mut first: std::collections::HashMap<u64, i64> = std::collections::HashMap::new();
        for (_, _, members) in &fruits {
            for &(g, d) in members {
                let e = first.entry(g).or_insert(d);
                *e = (*e).min(d);
            }
        }
        for d in first.into_values() {
            match d {
                UNDATED => undated += 1,
                d => *days.entry(d).or_default() += 1,
            }
        }
        for (d, u, _) in fruits {
            for (k, n) in d {
                *days.entry(k).or_default() += n;
            }
            undated += u;
        }
        Ok((days, undated))
    }
}

/// One segment's day counts, undated count and (with `collapse`) documents.
type SegmentFruit = (BTreeMap<i64, u64>, u64, Vec<(u64, i64)>);

impl SegmentCollector for SegmentDays {
    type Fruit = SegmentFruit;

    fn collect(&mut self, doc: DocId, _: Score) {
        let date = self.dates.as_ref().and_then(|c| c.first(doc));
        if let Some(groups) = &self.groups {
            // a document without a group (none is written so) is its own
            let group = groups.first(doc).unwrap_or(u64::from(doc) | 1 << 63);
            let day = date.map_or(UNDATED, |d| d.into_timestamp_secs().div_euclid(86_400));
            self.members.push((group, day));
            return;
        }
        match date {
            Some(d) => {
                *self
                    .days
                    .entry(d.into_timestamp_secs().div_euclid(86_400))
                    .or_default() += 1
            }
            None => self.undated += 1,
        }
    }

    fn harvest(self) -> Self::Fruit {
        (self.days, self.undated, self.members)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_are_filled_between_the_first_and_the_last() {
        let days: BTreeMap<NaiveDate, u64> = [
            (day("2023-11-30"), 2),
            (day("2024-02-01"), 1),
            (day("2024-02-29"), 3),
        ]
        .into();
        let t = Timeline::from_days(&days, 4, Granularity::Month);
        let got: Vec<(&str, u64)> = t
            .buckets
            .iter()
            .map(|b| (b.period.as_str(), b.count))
            .collect();
        assert_eq!(
            got,
            vec![
                ("2023-11", 2),
                ("2023-12", 0),
                ("2024-01", 0),
                ("2024-02", 4)
            ]
        );
        assert_eq!(t.undated, 4);
        let t = Timeline::from_days(&days, 0, Granularity::Year);
        assert_eq!(t.buckets.len(), 2);
        assert_eq!(
            t.buckets[1],
            Bucket {
                period: "2024".into(),
                count: 4
            }
        );
    }

    #[test]
    fn weeks_are_iso_weeks() {
        // 2024-12-30 is a Monday in ISO week 2025-W01; 2024-12-29 is in 2024-W52
        let days: BTreeMap<NaiveDate, u64> =
            [(day("2024-12-29"), 1), (day("2025-01-02"), 1)].into();
        let t = Timeline::from_days(&days, 0, Granularity::Week);
        let got: Vec<&str> = t.buckets.iter().map(|b| b.period.as_str()).collect();
        assert_eq!(got, vec!["2024-W52", "2025-W01"]);
    }

    #[test]
    fn decades_of_days_list_only_the_dated_ones() {
        let days: BTreeMap<NaiveDate, u64> =
            [(day("1990-01-01"), 1), (day("2024-01-01"), 1)].into();
        let t = Timeline::from_days(&days, 0, Granularity::Day);
        assert_eq!(t.buckets.len(), 2);
    }
}
