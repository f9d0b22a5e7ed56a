//! The query language, filters, order, snippets, facets, similar and stats,
//! through the library on a small index of invented articles.

use std::path::{Path, PathBuf};

use polsearch::extract::Article;
use polsearch::search::{
    Engine, Filters, RankParams, SearchRequest, SearchResults, SimilarRequest, SimilarTarget, Sort,
};
use polsearch::Error;

use crate::util::TestDir;

struct Doc {
    path: &'static str,
    title: &'static str,
    site: &'static str,
    kind: &'static str,
    author: &'static str,
    date: Option<&'static str>,
    region: &'static str,
    country: Option<&'static str>,
    topic: &'static str,
    body: &'static str,
}

const DOCS: &[Doc] = &[
    Doc {
        path: "pages/wagner-mali.html",
        title: "Wagner's retreat from northern Mali",
        site: "crisisgroup.org",
        kind: "Analysis",
        author: "Jane Doe",
        date: Some("2023-11-14"),
        region: "Africa",
        country: Some("Africa/Mali"),
        topic: "War & Conflict",
        body: "Russian mercenaries of the Wagner group withdrew from bases near Kidal. Thousands of refugees crossed \
               into Mauritania as the fighting spread.\n\nDiplomats say security assistance from Moscow will change \
               shape but not end. The junta in Bamako insists the mercenaries were only instructors.",
    },
    Doc {
        path: "pages/sahel-refugees.txt",
        title: "Refugee flows across the Sahel",
        site: "www.example.org",
        kind: "Report",
        author: "Omar Diallo",
        date: Some("2023-06-02"),
        region: "Africa",
        country: Some("Africa/Niger"),
        topic: "Migration",
        body: "Humanitarian agencies counted more refugees in Niger than at any time since 2012. Camps near Tillaberi \
               are full, and the rainy season makes roads impassable for aid convoys.",
    },
    Doc {
        path: "pages/colombia-border.html",
        title: "Border talks between Colombia and Venezuela",
        site: "wola.org",
        kind: "Commentary",
        author: "Ana Ruiz",
        date: Some("2024-02-20"),
        region: "Latin America",
        country: Some("Latin America/Colombia"),
        topic: "Diplomacy",
        body: "Negotiators met in Cucuta to reopen the border crossings. Traders hope the talks will restore the \
               legal flow of goods, while armed groups profit from the informal trails.",
    },
    Doc {
        path: "pages/brussels-sanctions.html",
        title: "The sanctions debate in Brussels",
        site: "crisisgroup.org",
        kind: "Opinion",
        author: "Piotr Nowak",
        date: None,
        region: "Europe",
        country: None,
        topic: "Economy",
        body: "European Union ministers disagree on a new round of sanctions against Russia. Some capitals fear the \
               costs for their energy-intensive industries.",
    },
    Doc {
        path: "pages/wagner-after-prigozhin.html",
        title: "Wagner after Prigozhin: mercenaries stay in Mali",
        site: "www.example.org",
        kind: "Analysis",
        author: "John Doe-Smith",
        date: Some("2023-09-01"),
        region: "Africa",
        country: Some("Africa/Mali"),
        topic: "War & Conflict",
        body: "The death of Prigozhin did not end the work of the Wagner mercenaries in Mali. Their instructors \
               still guard the junta in Bamako, and the group keeps its gold mining concessions near Kidal.",
    },
];

/// Builds an index of [`DOCS`] at `dir/idx` straight from articles (no extraction).
pub fn fixture_index(dir: &Path) -> PathBuf {
    let idx = dir.join("idx");
    let index = polsearch::index::open_or_create(&idx).unwrap();
    let fields = polsearch::schema::Fields::new(&index.schema()).unwrap();
    let mut writer: tantivy::IndexWriter = index.writer(20_000_000).unwrap();
    for d in DOCS {
        let article = Article {
            title: d.title.into(),
            authors: vec![d.author.into()],
            date: d.date.map(|s| s.parse().unwrap()),
            site: Some(d.site.into()),
            url: Some(format!(
                "https://{}/{}",
                d.site,
                d.path.trim_start_matches("pages/")
            )),
            kind: Some(d.kind.into()),
            region: vec![d.region.into()],
            country: d.country.map(str::to_string).into_iter().collect(),
            topic: vec![d.topic.into()],
            body: d.body.into(),
            ..Article::default()
        };
        writer
            .add_document(polsearch::index::to_document(
                &fields,
                Path::new(d.path),
                &article,
            ))
            .unwrap();
    }
    writer.commit().unwrap();
    idx
}

struct Fixture {
    _dir: TestDir,
    engine: Engine,
}

fn fixture() -> Fixture {
    let dir = TestDir::new();
    let idx = fixture_index(dir.path());
    Fixture {
        engine: Engine::open(&idx).unwrap(),
        _dir: dir,
    }
}

fn request(query: &str) -> SearchRequest {
    SearchRequest {
        query: query.into(),
        limit: 10,
        ..SearchRequest::default()
    }
}

impl Fixture {
    fn run(&self, req: &SearchRequest) -> SearchResults {
        self.engine
            .search(req)
            .unwrap_or_else(|e| panic!("{:?}: {e}", req.query))
    }

    /// File names of the hits of `query`, sorted.
    fn names(&self, query: &str) -> Vec<String> {
        names(&self.run(&request(query)))
    }

    fn error(&self, query: &str) -> String {
        match self.engine.search(&request(query)) {
            Err(Error::Query(e)) => e.to_string(),
            Err(e) => panic!("{query}: expected a query error, got {e}"),
            Ok(r) => panic!("{query}: expected an error, got {} hits", r.total),
        }
    }

    fn filtered(&self, query: &str, filters: Filters) -> Vec<String> {
        names(&self.run(&SearchRequest {
            filters,
            ..request(query)
        }))
    }
}

fn names(results: &SearchResults) -> Vec<String> {
    let mut v: Vec<String> = results
        .hits
        .iter()
        .map(|h| h.path.trim_start_matches("pages/").to_string())
        .collect();
    v.sort();
    v
}

const WAGNER: [&str; 2] = ["wagner-after-prigozhin.html", "wagner-mali.html"];

#[test]
fn words_are_anded_and_operators_work() {
    let f = fixture();
    assert_eq!(f.names("wagner"), WAGNER);
    assert_eq!(f.names("wagner gold"), ["wagner-after-prigozhin.html"]);
    assert_eq!(f.names("wagner AND gold"), ["wagner-after-prigozhin.html"]);
    assert_eq!(
        f.names("gold OR cucuta"),
        ["colombia-border.html", "wagner-after-prigozhin.html"]
    );
    assert_eq!(f.names("wagner -gold"), ["wagner-mali.html"]);
    assert_eq!(f.names("wagner NOT gold"), ["wagner-mali.html"]);
    assert_eq!(f.names("+wagner +gold"), ["wagner-after-prigozhin.html"]);
    assert_eq!(f.names("(gold OR mauritania) AND kidal"), WAGNER);
    assert_eq!(
        f.names("-wagner -refugees -sanctions"),
        ["colombia-border.html"]
    );
    // lowercase and/or are plain words, not operators
    assert_eq!(f.names("border and talks"), ["colombia-border.html"]);
}

/// The query that no fixture article matches in full: `wagner-mali` has 3 of
/// its 4 words, `wagner-after-prigozhin` 2 (wagner, gold), `sahel-refugees` 1.
const FOUR_WORDS: &str = "wagner gold mauritania refugees";

#[test]
fn natural_queries_relax_to_most_words_and_say_so() {
    let f = fixture();
    // every word when some article has them all: not relaxed
    let r = f.run(&request("wagner gold"));
    assert_eq!(names(&r), ["wagner-after-prigozhin.html"]);
    assert_eq!(r.relaxed, None);
    // none has all 4: the articles with the most of them (a 5-article index
    // relaxes only as far as one article)
    let r = f.run(&request(FOUR_WORDS));
    assert_eq!(names(&r), ["wagner-mali.html"]);
    let relaxed = r.relaxed.expect("relaxed");
    assert_eq!(
        (relaxed.words, relaxed.with_all_words, relaxed.min_words),
        (4, 0, 3)
    );
    assert_eq!(
        relaxed.notice,
        "no article has all 4 words; showing articles with 3 of them"
    );
    // relaxing further (to 5 articles, or one word): more words rank first
    let wide = RankParams {
        relax_share: 1.0,
        ..RankParams::default()
    };
    let r = f
        .engine
        .search_ranked(&request("wagner mauritania refugees niger"), &wide)
        .unwrap();
    let order: Vec<&str> = r.hits.iter().map(|h| h.path.as_str()).collect();
    assert_eq!(
        order,
        [
            "pages/wagner-mali.html",
            "pages/sahel-refugees.txt",
            "pages/wagner-after-prigozhin.html"
        ],
        "3 words, 2 words, 1 word"
    );
    assert_eq!(
        r.relaxed.map(|x| x.notice).as_deref(),
        Some("no article has all 4 words; showing articles with at least 1 of them")
    );
    // some have all the words, too few: "also showing"
    let r = f
        .engine
        .search_ranked(&request("wagner refugees"), &wide)
        .unwrap();
    assert_eq!(r.total, 3);
    assert_eq!(r.hits[0].path, "pages/wagner-mali.html");
    assert_eq!(
        r.relaxed.map(|x| x.notice).as_deref(),
        Some("only 1 article has all 2 words; also showing articles with 1 of them")
    );
    // stop words never block a match, and do not count as words
    assert_eq!(f.names("the gold"), f.names("gold"));
    assert_eq!(
        f.names("wagner of the gold"),
        ["wagner-after-prigozhin.html"]
    );
    let r = f.run(&request("the wagner gold mauritania of refugees"));
    assert_eq!(r.relaxed.map(|x| x.words), Some(4));
}

#[test]
fn strict_forms_stay_strict() {
    let f = fixture();
    for q in [
        "wagner AND gold AND mauritania AND refugees",
        "wagner gold AND mauritania refugees",
        "+wagner +gold +mauritania +refugees",
        "\"wagner gold\"",
        "title:wagner title:refugees",
        "title:(wagner refugees)",
        "(wagner gold mauritania refugees)",
        "wagner* gold* mauritania* refugees*",
        "wagner^2 gold^2 mauritania^2 refugees^2",
        "wagnr~1 +gold +mauritania",
    ] {
        let r = f.run(&request(q));
        assert_eq!((r.total, r.relaxed), (0, None), "{q}");
    }
    // beside natural words that relax, the strict part still holds
    for (q, want) in [
        ("+kidal gold mauritania", &WAGNER[..]),
        ("wagner* gold mauritania", &WAGNER[..]),
        ("\"gold mining\" wagner mauritania", &WAGNER[..1]),
        (
            "-kidal wagner refugees cucuta",
            &["colombia-border.html", "sahel-refugees.txt"][..],
        ),
    ] {
        let r = f.run(&request(q));
        assert_eq!(names(&r), want, "{q}");
        assert!(r.relaxed.is_some(), "{q}");
    }
    // OR matches as written
    let r = f.run(&request("mauritania OR cucuta"));
    assert_eq!(r.relaxed, None);
    assert_eq!(names(&r), ["colombia-border.html", "wagner-mali.html"]);
}

#[test]
fn phrases_with_and_without_slop() {
    let f = fixture();
    assert_eq!(f.names("\"security assistance\""), ["wagner-mali.html"]);
    assert!(f.names("\"security moscow\"").is_empty());
    assert_eq!(f.names("\"security moscow\"~3"), ["wagner-mali.html"]);
    assert_eq!(f.names("\"junta in bam\"*"), WAGNER);
}

#[test]
fn prefix_and_fuzzy_words() {
    let f = fixture();
    // tantivy's own query parser returns nothing for a single-term prefix
    assert_eq!(
        f.names("refug*"),
        ["sahel-refugees.txt", "wagner-mali.html"]
    );
    assert_eq!(
        f.names("REFUGEES*"),
        ["sahel-refugees.txt", "wagner-mali.html"]
    );
    assert_eq!(f.names("title:refug*"), ["sahel-refugees.txt"]);
    assert_eq!(f.names("wagnr~1"), WAGNER);
    assert_eq!(f.names("wagnr~"), WAGNER);
    assert!(f.names("wagnr~0").is_empty());
    assert_eq!(f.names("venezeula~2"), ["colombia-border.html"]);
}

#[test]
fn field_scopes() {
    let f = fixture();
    assert_eq!(f.names("title:mali"), WAGNER);
    assert!(f.names("title:kidal").is_empty());
    assert_eq!(f.names("body:kidal"), WAGNER);
    assert_eq!(f.names("author:doe"), WAGNER);
    assert_eq!(f.names("author:\"jane doe\""), ["wagner-mali.html"]);
    assert_eq!(
        f.names("site:CrisisGroup.org"),
        ["brussels-sanctions.html", "wagner-mali.html"]
    );
    assert_eq!(
        f.names("site:crisis*"),
        ["brussels-sanctions.html", "wagner-mali.html"]
    );
    assert_eq!(f.names("kind:analysis"), WAGNER);
    assert_eq!(f.names("kind:ANALYSIS -gold"), ["wagner-mali.html"]);
    assert_eq!(
        f.names("title:(refugee OR border)"),
        ["colombia-border.html", "sahel-refugees.txt"]
    );
}

#[test]
fn facet_scopes_resolve_case_insensitively() {
    let f = fixture();
    assert_eq!(f.names("region:africa").len(), 3);
    assert_eq!(f.names("region:Africa/Mali"), WAGNER);
    assert_eq!(f.names("country:mali"), WAGNER);
    assert_eq!(
        f.names("region:\"latin america\""),
        ["colombia-border.html"]
    );
    assert_eq!(
        f.names("topic:\"war & conflict\" -gold"),
        ["wagner-mali.html"]
    );
    assert!(f.error("region:afrca").contains("did you mean 'Africa'"));
}

#[test]
fn dates_and_ranges() {
    let f = fixture();
    assert_eq!(f.names("date:2023-11"), ["wagner-mali.html"]);
    assert_eq!(f.names("date:2023-11-14"), ["wagner-mali.html"]);
    assert_eq!(f.names("date:2023").len(), 3);
    assert_eq!(
        f.names("date:[2023-06 TO 2023-09]"),
        ["sahel-refugees.txt", "wagner-after-prigozhin.html"]
    );
    assert_eq!(f.names("date:{2023-06 TO 2023-09}"), Vec::<String>::new());
    assert_eq!(
        f.names("date:[2023-09-01 TO *]"),
        [
            "colombia-border.html",
            "wagner-after-prigozhin.html",
            "wagner-mali.html"
        ]
    );
    assert_eq!(f.names("date:>=2024"), ["colombia-border.html"]);
    assert_eq!(f.names("date:>2023-11-13 date:<2024"), ["wagner-mali.html"]);
    assert_eq!(f.names("date:<=2023-06"), ["sahel-refugees.txt"]);
    assert_eq!(f.names("date:[* TO *]").len(), 4, "every dated article");
}

#[test]
fn boosts_change_the_order() {
    let f = fixture();
    let first = |q: &str| f.run(&request(q)).hits[0].path.clone();
    assert_eq!(
        first("gold^5 OR refugees"),
        "pages/wagner-after-prigozhin.html"
    );
    assert_eq!(first("gold OR refugees^5"), first("refugees"));
    assert_eq!(
        first("(gold)^5 OR refugees"),
        "pages/wagner-after-prigozhin.html"
    );
}

#[test]
fn title_matches_rank_above_body_matches() {
    let f = fixture();
    // "refugee" is in the title of one page and only in the body of the other
    let r = f.run(&request("refugee"));
    assert_eq!(r.hits[0].path, "pages/sahel-refugees.txt");
    assert!(r.hits[0].score > r.hits[1].score);
}

#[test]
fn star_lists_everything() {
    let f = fixture();
    assert_eq!(f.names("*").len(), 5);
    let r = f.run(&SearchRequest {
        sort: Sort::Date,
        ..request("*")
    });
    let dates: Vec<_> = r.hits.iter().map(|h| h.date.clone()).collect();
    assert_eq!(
        dates,
        [
            Some("2024-02-20"),
            Some("2023-11-14"),
            Some("2023-09-01"),
            Some("2023-06-02"),
            None
        ]
        .map(|d| d.map(str::to_string))
    );
}

#[test]
fn malformed_queries_get_one_line_errors_with_a_column() {
    let f = fixture();
    let cases = [
        ("wagner \"mali", "unclosed '\"' at column 8"),
        ("(wagner OR mali", "unclosed '(' at column 1"),
        ("wagner)", "unmatched ')' at column 7"),
        ("wagner OR", "OR needs something on both sides"),
        (
            "AND wagner",
            "AND needs something on both sides at column 1",
        ),
        ("color:red", "unknown field 'color:'"),
        ("title: wagner", "nothing after the field name"),
        ("wagner~3", "too large"),
        ("r*", "too short"),
        ("date:2023-13", "bad date '2023-13'"),
        ("date:[2023 TO]", "bad range"),
        ("date:wagner*", "dates take no"),
        ("the", "only very common words"),
        ("the OR of", "only very common words"),
        ("", "the query is empty"),
        ("   ", "the query is empty"),
        ("!!! ???", "nothing to search for"),
        ("wagner^x", "bad boost"),
        ("*agner", "'*' goes at the end of a word"),
        ("wag*er", "'*' goes at the end of a word"),
    ];
    for (query, expected) in cases {
        let msg = f.error(query);
        assert!(
            msg.contains(expected),
            "{query:?}: {msg:?} lacks {expected:?}"
        );
        assert!(!msg.contains('\n'), "{query:?}: {msg:?}");
    }
    // a stop word next to a real word is fine, and phrases keep them
    assert_eq!(f.names("the gold"), ["wagner-after-prigozhin.html"]);
    assert_eq!(f.names("\"the junta\""), WAGNER);
}

#[test]
fn filters_narrow_the_results() {
    let f = fixture();
    let by = |filters: Filters| f.filtered("*", filters);
    assert_eq!(
        by(Filters {
            regions: vec!["africa".into()],
            ..Filters::default()
        })
        .len(),
        3
    );
    assert_eq!(
        by(Filters {
            regions: vec!["Africa/Mali".into()],
            ..Filters::default()
        }),
        WAGNER
    );
    assert_eq!(
        by(Filters {
            regions: vec!["mali".into()],
            ..Filters::default()
        }),
        WAGNER
    );
    assert_eq!(
        by(Filters {
            countries: vec!["Niger".into()],
            ..Filters::default()
        }),
        ["sahel-refugees.txt"]
    );
    assert_eq!(
        by(Filters {
            regions: vec!["Europe".into(), "Latin America".into()],
            ..Filters::default()
        }),
        ["brussels-sanctions.html", "colombia-border.html"]
    );
    assert_eq!(
        by(Filters {
            topics: vec!["/migration".into()],
            ..Filters::default()
        }),
        ["sahel-refugees.txt"]
    );
    assert_eq!(
        by(Filters {
            sites: vec!["crisisgroup".into()],
            ..Filters::default()
        }),
        ["brussels-sanctions.html", "wagner-mali.html"]
    );
    assert_eq!(
        by(Filters {
            sites: vec!["example.org".into()],
            ..Filters::default()
        })
        .len(),
        2
    );
    assert!(
        by(Filters {
            sites: vec!["group".into()],
            ..Filters::default()
        })
        .is_empty(),
        "parts are whole labels"
    );
    assert_eq!(
        by(Filters {
            authors: vec!["Doe".into()],
            ..Filters::default()
        }),
        WAGNER
    );
    assert_eq!(
        by(Filters {
            authors: vec!["jane doe".into()],
            ..Filters::default()
        }),
        ["wagner-mali.html"]
    );
    assert_eq!(
        by(Filters {
            kinds: vec!["REPORT".into()],
            ..Filters::default()
        }),
        ["sahel-refugees.txt"]
    );
    assert_eq!(
        by(Filters {
            since: Some("2023-11".into()),
            ..Filters::default()
        }),
        ["colombia-border.html", "wagner-mali.html"]
    );
    assert_eq!(
        by(Filters {
            until: Some("2023-09".into()),
            ..Filters::default()
        }),
        ["sahel-refugees.txt", "wagner-after-prigozhin.html"]
    );
    assert_eq!(
        by(Filters {
            since: Some("2023-07".into()),
            until: Some("2023-11-14".into()),
            ..Filters::default()
        }),
        WAGNER
    );
    // a region of the taxonomy that the index lacks matches nothing; a typo is an error
    assert!(by(Filters {
        regions: vec!["Middle East".into()],
        ..Filters::default()
    })
    .is_empty());
    let err = f.engine.search(&SearchRequest {
        filters: Filters {
            regions: vec!["Afrca".into()],
            ..Filters::default()
        },
        ..request("*")
    });
    assert!(
        matches!(&err, Err(e @ Error::Facet(_)) if e.to_string().contains("unknown region 'Afrca'")),
        "{err:?}"
    );
    let err = f.engine.search(&SearchRequest {
        filters: Filters {
            since: Some("2023-1".into()),
            ..Filters::default()
        },
        ..request("*")
    });
    assert!(
        matches!(&err, Err(e @ Error::Option { .. }) if e.to_string().starts_with("--since: bad date")),
        "{err:?}"
    );
}

#[test]
fn legacy_region_and_topic_fields_still_filter() {
    let f = fixture();
    let r = f.run(&SearchRequest {
        regions: vec!["Africa".into()],
        topics: vec!["Migration".into()],
        ..request("*")
    });
    assert_eq!(names(&r), ["sahel-refugees.txt"]);
}

#[test]
fn paging_with_offset_and_limit() {
    let f = fixture();
    let page = |offset, limit| {
        let r = f.run(&SearchRequest {
            offset,
            limit,
            sort: Sort::Date,
            ..request("*")
        });
        assert_eq!(r.total, 5);
        r.hits.into_iter().map(|h| h.path).collect::<Vec<_>>()
    };
    let all = page(0, 10);
    assert_eq!(page(0, 2), all[..2]);
    assert_eq!(page(2, 2), all[2..4]);
    assert_eq!(page(4, 2), all[4..]);
    assert!(page(5, 2).is_empty());
    assert!(page(0, 0).is_empty(), "limit 0 only counts");
}

#[test]
fn hits_carry_fields_and_snippets_highlight_matches() {
    let f = fixture();
    let r = f.run(&request("refug* mauritania"));
    assert_eq!(r.total, 1);
    let hit = &r.hits[0];
    assert_eq!(hit.title, "Wagner's retreat from northern Mali");
    assert_eq!(
        hit.url.as_deref(),
        Some("https://crisisgroup.org/wagner-mali.html")
    );
    assert_eq!(hit.date.as_deref(), Some("2023-11-14"));
    assert_eq!(hit.site.as_deref(), Some("crisisgroup.org"));
    assert_eq!(hit.kind.as_deref(), Some("Analysis"));
    assert_eq!(hit.authors, ["Jane Doe"]);
    assert_eq!(hit.region, ["Africa"]);
    assert_eq!(hit.country, ["Mali"]);
    assert_eq!(hit.topic, ["War & Conflict"]);
    let marked: Vec<&str> = hit
        .highlights
        .iter()
        .map(|&(s, e)| &hit.snippet[s..e])
        .collect();
    assert_eq!(marked, ["refugees", "Mauritania"], "{}", hit.snippet);
    assert!(!hit.snippet.contains('\n'));
    // fuzzy matches are highlighted too
    let r = f.run(&request("kidl~1 gold"));
    let hit = &r.hits[0];
    let marked: Vec<&str> = hit
        .highlights
        .iter()
        .map(|&(s, e)| &hit.snippet[s..e])
        .collect();
    assert!(
        marked.contains(&"Kidal") && marked.contains(&"gold"),
        "{marked:?}"
    );
    // a title-only match still gets the beginning of the body
    let r = f.run(&request("title:brussels"));
    assert!(
        r.hits[0].snippet.starts_with("European Union ministers"),
        "{}",
        r.hits[0].snippet
    );
    assert!(r.hits[0].highlights.is_empty());
}

#[test]
fn facet_counts_cover_every_match() {
    let f = fixture();
    let r = f.run(&SearchRequest {
        limit: 1,
        ..request("*")
    });
    assert_eq!(r.hits.len(), 1);
    let counts = |m: &std::collections::BTreeMap<String, u64>| {
        m.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    assert_eq!(
        counts(&r.facets.region),
        "Africa=3,Europe=1,Latin America=1"
    );
    assert_eq!(counts(&r.facets.country), "Colombia=1,Mali=2,Niger=1");
    assert_eq!(
        counts(&r.facets.topic),
        "Diplomacy=1,Economy=1,Migration=1,War & Conflict=2"
    );
    let r = f.run(&request("wagner"));
    assert_eq!(counts(&r.facets.region), "Africa=2");
}

#[test]
fn similar_finds_the_related_article_and_not_itself() {
    let f = fixture();
    let similar = |target: SimilarTarget| {
        f.engine
            .similar(&SimilarRequest {
                target,
                filters: Filters::default(),
                limit: 10,
                offset: 0,
                sort: Sort::Relevance,
                collapse: true,
            })
            .unwrap()
    };
    for key in [
        "pages/wagner-mali.html",
        "wagner-mali.html",
        "./pages/wagner-mali.html",
        "https://crisisgroup.org/wagner-mali.html",
    ] {
        let r = similar(SimilarTarget::Indexed(key.into()));
        assert_eq!(r.hits[0].path, "pages/wagner-after-prigozhin.html", "{key}");
        assert!(
            r.hits.iter().all(|h| h.path != "pages/wagner-mali.html"),
            "{key}"
        );
    }
    // an article that is not indexed
    let article = Article {
        title: "Mercenaries and juntas".into(),
        body: "Wagner mercenaries guard the junta in Bamako and gold mines near Kidal.".into(),
        ..Article::default()
    };
    let r = similar(SimilarTarget::Article(Box::new(article)));
    assert_eq!(names(&r), WAGNER);
    let err = f.engine.similar(&SimilarRequest {
        target: SimilarTarget::Indexed("nowhere.html".into()),
        filters: Filters::default(),
        limit: 10,
        offset: 0,
        sort: Sort::Relevance,
        collapse: true,
    });
    assert!(matches!(&err, Err(Error::NotIndexed { .. })), "{err:?}");
    // filters apply
    let r = f
        .engine
        .similar(&SimilarRequest {
            target: SimilarTarget::Indexed("wagner-mali.html".into()),
            filters: Filters {
                countries: vec!["Niger".into()],
                ..Filters::default()
            },
            limit: 10,
            offset: 0,
            sort: Sort::Relevance,
            collapse: true,
        })
        .unwrap();
    assert!(r.hits.iter().all(|h| h.country == ["Niger"]));
}

#[test]
fn stats_and_facet_listing() {
    let f = fixture();
    let s = f.engine.stats().unwrap();
    assert_eq!(s.documents, 5);
    assert_eq!(s.first_date.as_deref(), Some("2023-06-02"));
    assert_eq!(s.last_date.as_deref(), Some("2024-02-20"));
    assert_eq!(s.undated, 1);
    assert_eq!(s.sites.get("crisisgroup.org"), Some(&2));
    assert_eq!(s.sites.len(), 3);
    assert_eq!(s.kinds.get("analysis"), Some(&2));
    assert!(s.segments >= 1 && s.size_bytes > 0);
    let l = f.engine.facet_listing(false).unwrap();
    assert_eq!(l.region.get("Africa"), Some(&3));
    assert_eq!(l.country.get("Africa/Mali"), Some(&2));
    assert_eq!(l.country.get("Latin America/Colombia"), Some(&1));
    assert_eq!(l.topic.get("War & Conflict"), Some(&2));
}

#[test]
fn search_index_entry_point_matches_the_engine() {
    let t = TestDir::new();
    let idx = fixture_index(t.path());
    let index = polsearch::index::open(&idx).unwrap();
    let r = polsearch::search::search_index(&index, &request("wagner")).unwrap();
    assert_eq!(r.total, 2);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
    #[test]
    fn any_query_text_gives_results_or_an_error_never_a_panic(q in "[a-z\"()*~^:\\[\\]{}+!&| -]{0,24}|.{0,12}") {
        thread_local! { static F: Fixture = fixture(); }
        F.with(|f| {
            if let Err(e) = f.engine.search(&request(&q)) {
                let msg = e.to_string();
                proptest::prop_assert!(!msg.contains('\n'), "{}", msg);
            }
            Ok(())
        })?;
    }
}

// ---- the demo corpus (corpus/, rows in corpus/MANIFEST.tsv) ----
//
// Probe words occur in exactly one page's article body (tests/corpus.rs checks
// that), so each query form is pinned to the page it must find. These hold
// with any extractor that keeps the article body.

/// One MANIFEST row: page path, title, date, regions, topics, body probe words.
struct DemoRow {
    path: String,
    /// The page whose copies (`copy_of`, a reprint) are one article with it:
    /// the page that the row reprints, else the row's own path.
    canon: String,
    title: String,
    date: String,
    regions: Vec<String>,
    topics: Vec<String>,
    probes: Vec<String>,
}

fn demo_rows() -> Vec<DemoRow> {
    let text = std::fs::read_to_string(crate::util::root().join("corpus/MANIFEST.tsv")).unwrap();
    let split = |f: &str| {
        f.split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    };
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            DemoRow {
                path: f[0].to_string(),
                canon: Some(f[11])
                    .filter(|c| !c.is_empty())
                    .unwrap_or(f[0])
                    .to_string(),
                title: f[4].to_string(),
                date: f[5].to_string(),
                regions: split(f[6]),
                topics: split(f[8]),
                probes: split(f[9]),
            }
        })
        .collect()
}

/// The demo corpus indexed by the real pipeline into a temp dir.
fn demo_engine() -> (TestDir, Engine) {
    let t = TestDir::new();
    let idx = t.path().join("idx");
    let config =
        polsearch::index::IndexConfig::new(vec![crate::util::root().join("corpus")], idx.clone());
    polsearch::index::build(&config, &|_| {}).unwrap();
    let engine = Engine::open(&idx).unwrap();
    (t, engine)
}

/// A hit's page as a MANIFEST path, a reprint as the page it copies
/// ([`DemoRow::canon`]), so that a probe word of a reprinted page finds one article.
fn canon_path(hit: &str) -> String {
    let path = hit
        .replace('\\', "/")
        .split("corpus/")
        .last()
        .unwrap()
        .to_string();
    let text = std::fs::read_to_string(crate::util::root().join("corpus/MANIFEST.tsv")).unwrap();
    text.lines()
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .find(|f| f[0] == path && f.len() > 11 && !f[11].is_empty())
        .map_or(path, |f| f[11].to_string())
}

fn demo_request(query: &str) -> SearchRequest {
    SearchRequest {
        query: query.into(),
        limit: 100,
        ..SearchRequest::default()
    }
}

/// The articles (as MANIFEST paths, copies as one) of all hits of `query`, in rank order.
fn demo_hits(engine: &Engine, query: &str) -> Vec<String> {
    let r = engine.search(&demo_request(query));
    let r = r.unwrap_or_else(|e| panic!("{query}: {e}"));
    assert_eq!(r.total, r.hits.len(), "{query}");
    let mut out: Vec<String> = Vec::new();
    for h in &r.hits {
        let page = canon_path(&h.path);
        if !out.contains(&page) {
            out.push(page);
        }
    }
    out
}

/// Pages (as MANIFEST paths) of the hits of `r`.
fn demo_paths(r: &SearchResults) -> Vec<String> {
    r.hits
        .iter()
        .map(|h| {
            h.path
                .replace('\\', "/")
                .split("corpus/")
                .last()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn demo_corpus_word_prefix_fuzzy_and_case() {
    let (_t, engine) = demo_engine();
    let rows = demo_rows();
    assert!(rows.len() >= 30);
    for row in &rows {
        let word = &row.probes[0];
        assert_eq!(demo_hits(&engine, word), [row.canon.as_str()], "{word}");
        assert_eq!(
            demo_hits(&engine, &word.to_uppercase()),
            [row.canon.as_str()],
            "{word} in capitals"
        );
        let chars: Vec<char> = word.chars().collect();
        if chars.len() >= 6 {
            let prefix: String = chars[..chars.len() - 2].iter().collect();
            assert!(
                demo_hits(&engine, &format!("{prefix}*")).contains(&row.canon),
                "{prefix}*"
            );
            // one letter changed in the middle
            let mut typo = chars.clone();
            let mid = chars.len() / 2;
            typo[mid] = if chars[mid] == 'x' { 'z' } else { 'x' };
            let typo: String = typo.into_iter().collect();
            assert!(
                demo_hits(&engine, &format!("{typo}~1")).contains(&row.canon),
                "{typo}~1"
            );
            assert!(
                !demo_hits(&engine, &typo).contains(&row.canon),
                "{typo} without ~ must not match"
            );
        }
    }
    // accents are folded: "Nariño" is found as "narino"
    let colombia = rows
        .iter()
        .find(|r| r.probes.iter().any(|p| p == "Nariño"))
        .unwrap();
    assert_eq!(demo_hits(&engine, "narino"), [colombia.canon.as_str()]);
}

#[test]
fn demo_corpus_boolean_forms() {
    let (_t, engine) = demo_engine();
    let rows = demo_rows();
    for pair in rows.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let (pa, pb) = (&a.probes[0], &b.probes[0]);
        let mut both = vec![a.canon.clone(), b.canon.clone()];
        both.sort();
        both.dedup();
        let mut got = demo_hits(&engine, &format!("{pa} OR {pb}"));
        got.sort();
        assert_eq!(got, both, "{pa} OR {pb}");
        // no article has both words: a natural query relaxes to either and
        // says so, while the explicit AND stays strict
        let relaxed = engine.search(&demo_request(&format!("{pa} {pb}"))).unwrap();
        let mut got: Vec<String> = demo_paths(&relaxed).iter().map(|p| canon_path(p)).collect();
        got.sort();
        got.dedup();
        assert_eq!(got, both, "{pa} {pb}");
        assert_eq!(
            relaxed.relaxed.map(|r| r.notice).as_deref(),
            Some("no article has all 2 words; showing articles with 1 of them"),
            "{pa} {pb}"
        );
        assert!(
            demo_hits(&engine, &format!("{pa} AND {pb}")).is_empty(),
            "{pa} AND {pb}"
        );
        assert_eq!(
            demo_hits(&engine, &format!("({pa} OR {pb}) -{}", b.probes[1])),
            [a.canon.as_str()]
        );
        assert_eq!(
            demo_hits(&engine, &format!("({pa} OR {pb}) NOT {}", a.probes[1])),
            [b.canon.as_str()]
        );
        assert_eq!(
            demo_hits(&engine, &format!("+{pa} +{}", a.probes[1])),
            [a.canon.as_str()]
        );
        assert_eq!(
            demo_hits(&engine, &format!("body:{pa}")),
            [a.canon.as_str()]
        );
    }
}

#[test]
fn demo_corpus_similar_stays_in_the_region() {
    let (_t, engine) = demo_engine();
    let rows = demo_rows();
    let wagner = rows
        .iter()
        .find(|r| r.path.ends_with("wagner-leaves-mali-africa-corps.html"))
        .unwrap();
    let r = engine
        .similar(&SimilarRequest {
            target: SimilarTarget::Indexed(wagner.path.clone()),
            filters: Filters::default(),
            limit: 2,
            offset: 0,
            sort: Sort::Relevance,
            collapse: true,
        })
        .unwrap();
    assert_eq!(r.hits.len(), 2);
    for hit in &r.hits {
        let row = rows
            .iter()
            .find(|row| hit.path.ends_with(&row.path))
            .unwrap();
        assert!(
            row.regions.iter().any(|x| x == "Africa"),
            "{} is not about Africa",
            row.path
        );
        assert_ne!(row.path, wagner.path);
    }
}

/// Acceptance test for fields and filters on the demo corpus: needs the real
/// extractors and classifier (title, date, region, topic from the page).
#[test]
fn demo_corpus_fields_and_filters_follow_the_manifest() {
    let (_t, engine) = demo_engine();
    let rows = demo_rows();
    let with = |query: &str, filters: Filters| -> Vec<String> {
        let r = engine
            .search(&SearchRequest {
                query: query.into(),
                limit: 100,
                filters,
                ..SearchRequest::default()
            })
            .unwrap_or_else(|e| panic!("{query}: {e}"));
        let mut out: Vec<String> = Vec::new();
        for h in &r.hits {
            let page = canon_path(&h.path);
            if !out.contains(&page) {
                out.push(page);
            }
        }
        out
    };
    let (mut topic_found, mut topic_listed) = (0usize, 0usize);
    let (mut region_found, mut region_listed) = (0usize, 0usize);
    for row in &rows {
        let probe = &row.probes[0];
        let title = row.title.replace('"', " ");
        assert!(
            demo_hits(&engine, &format!("title:\"{title}\"")).contains(&row.canon),
            "title of {}",
            row.path
        );
        // A scrape whose text carries no date at all (no year of the MANIFEST
        // date anywhere in the file) cannot be found by date.
        let source = std::fs::read_to_string(crate::util::root().join("corpus").join(&row.path))
            .unwrap_or_default();
        if source.contains(&row.date[..4]) {
            assert_eq!(
                demo_hits(&engine, &format!("{probe} date:{}", row.date)),
                [row.canon.as_str()],
                "{}",
                row.date
            );
            let day = Filters {
                since: Some(row.date.clone()),
                until: Some(row.date.clone()),
                ..Filters::default()
            };
            assert_eq!(
                with(probe, day),
                [row.canon.as_str()],
                "--since/--until {}",
                row.date
            );
        }
        // Same for regions: the main (first) region must filter the page in;
        // a secondary region (the US as a party to a Middle East deal, Mexico
        // as Latin America on a page its site labels North America) counts
        // towards the agreement floor below.
        for (i, region) in row.regions.iter().enumerate() {
            let f = Filters {
                regions: vec![region.to_lowercase()],
                ..Filters::default()
            };
            let found = with(probe, f) == [row.canon.as_str()];
            if i == 0 {
                assert!(found, "--region {region} (main region) misses {}", row.path);
            }
            region_found += usize::from(found);
            region_listed += 1;
        }
        // The MANIFEST's first topic is the page's main subject: `--topic` must
        // find the page by it. Its further topics are judgement calls (and the
        // classifier keeps at most three), so they only count towards the
        // overall agreement floor below.
        for (i, topic) in row.topics.iter().enumerate() {
            let f = Filters {
                topics: vec![topic.clone()],
                ..Filters::default()
            };
            let found = with(probe, f) == [row.canon.as_str()];
            if i == 0 {
                assert!(found, "--topic {topic} (main topic) misses {}", row.path);
            }
            topic_found += usize::from(found);
            topic_listed += 1;
        }
    }
    // Recall of the MANIFEST regions through `--region`: 36 of 38 when this
    // floor was set.
    let agreement = region_found as f64 / region_listed as f64;
    assert!(
        agreement >= 0.9,
        "--region finds only {region_found} of {region_listed} MANIFEST page regions"
    );
    // Recall of the MANIFEST topics through `--topic`: 0.61 when this floor was set.
    let agreement = topic_found as f64 / topic_listed as f64;
    assert!(
        agreement >= 0.55,
        "--topic finds only {topic_found} of {topic_listed} MANIFEST page topics"
    );
    // newest first, as the MANIFEST dates say
    let r = engine
        .search(&SearchRequest {
            query: "*".into(),
            limit: 100,
            sort: Sort::Date,
            ..SearchRequest::default()
        })
        .unwrap();
    let dates: Vec<String> = r
        .hits
        .iter()
        .map(|h| h.date.clone().unwrap_or_default())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    assert_eq!(
        r.hits[0].date.as_deref(),
        rows.iter().map(|r| r.date.as_str()).max()
    );
}

/// The taxonomy file of the user-taxonomy tests: a new region with a country,
/// a new country under a built-in region, and a new topic; no page has any.
const USER_TAXONOMY: &str = r#"
[[region]]
name = "Arctic"
labels = ["High North"]
terms = ["Svalbard"]

[[country]]
code = "QN"
name = "Nordland Isles"
region = "Arctic"
aliases = ["Nordland Isles", "Nordlanders"]

[[country]]
code = "XK"
name = "Kosovo"
region = "Europe"
aliases = ["Kosovo", "Pristina"]

[[topic]]
name = "Polar Shipping"
keywords = ["icebreaker"]
"#;

/// Runs `polsearch search ARGS --index idx` in `t`: exit code and stderr.
fn search_cli(t: &TestDir, args: &[&str]) -> (i32, String) {
    let out = crate::util::polsearch(t.path())
        .arg("search")
        .args(args)
        .args(["--index", "idx", "--json"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().unwrap_or(-1), err)
}

/// Indexes two African pages with `taxonomy` (a file's text) into `t/idx`.
fn index_with_taxonomy(t: &TestDir, taxonomy: &str) {
    t.write("tax.toml", taxonomy);
    t.write(
        "pages/mali.txt",
        "Wagner in Mali\n\nWagner in Mali\n\nAnalysis | Africa\n\nThe junta in Bamako keeps its Russian instructors near Kidal.\n",
    );
    t.write(
        "pages/niger.txt",
        "Refugees in Niger\n\nRefugees in Niger\n\nReport | Africa\n\nCamps near Niamey are full as refugees arrive from Mali.\n",
    );
    let out = crate::util::polsearch(t.path())
        .args(["index", "pages", "--index", "idx", "--taxonomy", "tax.toml"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn search_knows_the_names_of_the_taxonomy_the_index_was_built_with() {
    let t = TestDir::new();
    index_with_taxonomy(&t, USER_TAXONOMY);
    // names of the user's taxonomy that no page has: accepted, no hits (exit 1)
    for args in [
        ["*", "--region", "Arctic"],
        ["*", "--region", "arctic/nordland isles"],
        ["*", "--country", "Nordland Isles"],
        ["*", "--country", "nordlanders"],
        ["*", "--country", "XK"],
        ["*", "--region", "pristina"],
        ["*", "--topic", "polar shipping"],
        ["region:arctic", "--limit", "1"],
        ["topic:\"Polar Shipping\"", "--limit", "1"],
    ] {
        let (code, err) = search_cli(&t, &args);
        assert_eq!(code, 1, "{args:?}: {err}");
    }
    // typos of them get a suggestion
    for (args, suggestion) in [
        (["*", "--region", "Arctik"], "did you mean 'Arctic'?"),
        (
            ["*", "--country", "Nordland Isle"],
            "did you mean 'Arctic/Nordland Isles'?",
        ),
        (
            ["*", "--topic", "polar shiping"],
            "did you mean 'Polar Shipping'?",
        ),
        (["region:arctik", "--limit", "1"], "did you mean 'Arctic'?"),
    ] {
        let (code, err) = search_cli(&t, &args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(suggestion), "{args:?}: {err}");
    }
    // the built-in names are still there, and the pages are found
    assert_eq!(search_cli(&t, &["*", "--region", "africa"]).0, 0);
    assert_eq!(search_cli(&t, &["*", "--region", "Middle East"]).0, 1);
}

#[test]
fn a_replacing_taxonomy_leaves_out_the_built_in_names() {
    let t = TestDir::new();
    index_with_taxonomy(
        &t,
        "replace = true\n\n[[region]]\nname = \"Sahel\"\nterms = [\"Bamako\", \"Niamey\"]\n",
    );
    assert_eq!(search_cli(&t, &["*", "--region", "sahel"]).0, 0);
    for region in ["Middle East", "Mali"] {
        let (code, err) = search_cli(&t, &["*", "--region", region]);
        assert_eq!(code, 2, "{region}: {err}");
        assert!(err.contains(&format!("unknown region '{region}'")), "{err}");
    }
}

#[test]
fn the_binary_prints_the_relaxed_matching_notice_in_text_and_json() {
    let t = TestDir::new();
    t.write(
        "pages/mali.txt",
        "Wagner in Mali\n\nWagner in Mali\n\nAnalysis | Africa\n\nThe junta in Bamako keeps its Russian instructors near Kidal, and refugees cross into Mauritania.\n",
    );
    t.write(
        "pages/niger.txt",
        "Refugees in Niger\n\nRefugees in Niger\n\nReport | Africa\n\nCamps near Niamey are full as refugees arrive from Mali.\n",
    );
    let out = crate::util::polsearch(t.path())
        .args(["index", "pages", "--index", "idx"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let notice = "no article has all 4 words; showing articles with 3 of them";
    let query = "wagner gold mauritania refugees";
    let out = crate::util::polsearch(t.path())
        .args(["search", query, "--index", "idx"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(notice), "{text}");
    assert_eq!(lines.next(), Some("1 matching article"), "{text}");
    assert!(text.contains("Wagner in Mali"), "{text}");
    let json = t.json(&["search", query, "--index", "idx", "--json"]);
    assert_eq!(json["total"], 1);
    assert_eq!(
        json["relaxed"],
        serde_json::json!({"words": 4, "with_all_words": 0, "min_words": 3, "notice": notice})
    );
    // every word found (or a strict form): no notice, `relaxed` is null
    let json = t.json(&["search", "wagner mauritania", "--index", "idx", "--json"]);
    assert_eq!(
        (json["total"].as_u64(), json["relaxed"].is_null()),
        (Some(1), true)
    );
    let json = t.json(&["search", "+wagner +gold", "--index", "idx", "--json"]);
    assert_eq!(
        (json["total"].as_u64(), json["relaxed"].is_null()),
        (Some(0), true)
    );
    let out = crate::util::polsearch(t.path())
        .args(["search", "wagner mauritania", "--index", "idx"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("1 matching article\n"), "{text}");
}
