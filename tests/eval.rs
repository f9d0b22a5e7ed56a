//! `polsearch eval` on the shared extraction-dev gold set (HTML pages): the
//! extraction-quality targets of issue 7, the fundus expected parses (through
//! `polsearch-tools`), and the command's output.

use crate::util::*;
use polsearch::corpus::PageFormat;
use polsearch::extract::Rules;

#[test]
fn html_extraction_meets_the_targets_on_extraction_dev() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("data/extraction-dev");
    let r = polsearch::eval::evaluate(&dir, PageFormat::Html, &Rules::default()).unwrap();
    let worst: Vec<String> = r
        .results
        .iter()
        .take(8)
        .map(|p| format!("{} {:.3}", p.id, p.score.f1))
        .collect();
    eprintln!(
        "F1 {:.4} P {:.4} R {:.4}; below 0.80: {}; title {:.3} authors {:.3} date {:.3}; worst {worst:?}",
        r.mean.f1,
        r.mean.precision,
        r.mean.recall,
        r.below_080,
        r.title.ratio(),
        r.authors.ratio(),
        r.date.ratio()
    );
    assert_eq!(r.pages, 120);
    // issue 7 target: F1 >= 0.955 (dom_smoothie 0.947 on the same pages)
    assert!(
        r.mean.f1 >= 0.955,
        "mean F1 {:.4} below the 0.955 target",
        r.mean.f1
    );
    // the issue's other targets: <= 3 pages below 0.80, title >= 0.95,
    // authors >= 0.85, publication day >= 0.90
    assert!(r.below_080 <= 3, "{} pages below F1 0.80", r.below_080);
    assert!(
        r.title.ratio() >= TITLE_FLOOR,
        "title accuracy {:.3}",
        r.title.ratio()
    );
    assert!(
        r.authors.ratio() >= AUTHORS_FLOOR,
        "author accuracy {:.3}",
        r.authors.ratio()
    );
    assert!(
        r.date.ratio() >= DATE_FLOOR,
        "date accuracy {:.3}",
        r.date.ratio()
    );
}

/// The fundus pages of the real corpus, scored against their expected parses
/// (a second gold set, other sites): floors just under what we reach.
#[test]
fn fundus_expected_parses_agree() {
    let Some(shared) = shared() else { return };
    let r =
        polsearch_tools::fundus::evaluate(&shared.join("corpus/real"), &Rules::default()).unwrap();
    eprintln!(
        "fundus: {} pages, F1 {:.4}, title {}/{}, authors {}/{}, date {}/{}",
        r.pages,
        r.mean.f1,
        r.title.right,
        r.title.total,
        r.authors.right,
        r.authors.total,
        r.date.right,
        r.date.total
    );
    assert!(r.pages >= 70, "{} fundus pages matched", r.pages);
    // measured: F1 0.949, authors 68/74, date 75/75 (titles differ by design:
    // fundus keeps the SEO headline, we the one printed on the page)
    assert!(r.mean.f1 >= 0.94, "fundus body F1 {:.4}", r.mean.f1);
    assert!(
        r.authors.ratio() >= 0.90,
        "fundus authors {:.3}",
        r.authors.ratio()
    );
    assert!(r.date.ratio() >= 0.97, "fundus dates {:.3}", r.date.ratio());
}

const TITLE_FLOOR: f64 = 0.95;
const AUTHORS_FLOOR: f64 = 0.85;
const DATE_FLOOR: f64 = 0.90;

#[test]
fn eval_command_prints_scores_worst_pages_and_json() {
    let t = TestDir::new();
    let para = "Officials from both countries met in Nairobi on Tuesday, and after long talks, \
                they agreed to reopen the border crossings and to share customs data.";
    t.write(
        "gold/html/a.html",
        format!(
            "<html><head><title>Border deal</title></head><body><nav><a href=/>Home</a></nav>\
             <article><h1>Border deal</h1><p>{para}</p><p>{para}</p></article>\
             <div class=related><h2>Related</h2><a href=/b>Other story</a></div></body></html>"
        ),
    );
    t.write("gold/gold/a.txt", format!("{para}\n\n{para}\n"));
    t.write(
        "gold/gold/a.json",
        r#"{"title": "Border deal", "author": null, "date": null}"#,
    );
    let out = polsearch(t.path())
        .args(["eval", "gold", "--worst", "1"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("F1 1.0000"), "{text}");
    assert!(text.contains("title    1/1"), "{text}");
    assert!(text.contains("pages/s"), "{text}");
    assert!(text.contains("  a "), "worst page listed: {text}");
    let v = t.json(&["eval", "gold", "--json"]);
    assert_eq!(v["pages"], 1);
    assert_eq!(v["results"][0]["id"], "a");
    assert!(v["mean"]["f1"].as_f64().unwrap() > 0.99);
}

#[test]
fn eval_of_a_missing_folder_is_a_one_line_error() {
    let t = TestDir::new();
    let out = polsearch(t.path())
        .args(["eval", "nowhere"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("nowhere"), "{err}");
}

/// Word F1 floors per page type of the wcxb-dev validation part (domains the
/// project's split rule puts in validation, `polsearch_tools::split`:
/// `sha1("polsearch-split-v1:" + domain) % 100 < 30`; never tuned on), HTML
/// pages, on [`validation_sample`]; just under what the default extractor
/// reaches there (see the measured figures beside each floor).
const HTML_TYPE_FLOORS: &[(&str, f64)] = &[
    ("article", 0.90),       // measured 0.917
    ("collection", 0.51),    // 0.532
    ("documentation", 0.80), // 0.813
    ("forum", 0.65),         // 0.667
    ("listing", 0.70),       // 0.719
    ("product", 0.47),       // 0.485
    ("service", 0.79),       // 0.806
];

/// Every second page (by id) of the validation gold folder built from
/// `../shared` by `polsearch_tools::wcxb::ensure`: a fixed half, so that the
/// test stays within a few seconds in debug builds (`polsearch eval
/// target/gold-sets/wcxb-valid` scores the whole part).
fn validation_sample(format: PageFormat) -> Option<polsearch::eval::EvalReport> {
    let shared = shared()?;
    let sets = polsearch_tools::wcxb::ensure(&shared).unwrap();
    let dir = polsearch_tools::wcxb::set_dir(&sets, polsearch_tools::split::Split::Validation);
    let (pages, golds) = polsearch::eval::read_golds(&dir, format).unwrap();
    let sample = golds.into_iter().step_by(2).collect();
    Some(polsearch::eval::evaluate_golds(pages, sample, &Rules::default()).unwrap())
}

/// The share of gold `without` (boilerplate) snippets that may end up in
/// the bodies of the article pages of [`validation_sample`], HTML: just over
/// what the default extractor leaks there (measured beside it).
const ARTICLE_LEAK_CEILING: f64 = 0.025; // measured 0.022 (10/459)

fn assert_type_floors(r: &polsearch::eval::EvalReport, floors: &[(&str, f64)], what: &str) {
    for (t, tr) in &r.by_type {
        eprintln!(
            "{what} {t}: {} pages, F1 {:.4}, leak {}/{}",
            tr.pages, tr.mean.f1, tr.without.found, tr.without.total
        );
    }
    for &(t, floor) in floors {
        let tr = &r.by_type[t];
        assert!(tr.pages >= 8, "{what} {t}: only {} pages", tr.pages);
        assert!(
            tr.mean.f1 >= floor,
            "{what} {t}: F1 {:.4} below the floor {floor}",
            tr.mean.f1
        );
    }
}

#[test]
fn page_types_meet_their_floors_on_the_validation_split() {
    let Some(html) = validation_sample(PageFormat::Html) else {
        return;
    };
    assert!(html.pages >= 200, "{} validation pages", html.pages);
    assert_type_floors(&html, HTML_TYPE_FLOORS, "html");
    let leak = html.by_type["article"].without.share();
    assert!(
        leak <= ARTICLE_LEAK_CEILING,
        "html article: {leak:.4} of the boilerplate snippets kept, over {ARTICLE_LEAK_CEILING}"
    );
}
