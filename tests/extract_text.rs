//! Plain-text scrapes: invented pages with the usual boilerplate (teasers for
//! other articles, a newsletter footer, a navigation list, comments), hostile
//! input, and the body F1 over `../shared/data/extraction-dev/text`.

use polsearch::corpus::SourcePage;
use polsearch::extract::{extract, Article, Rules};

use crate::util::*;

fn article(text: &str) -> Article {
    extract(
        &SourcePage::from_bytes("page.txt", text.as_bytes().to_vec()),
        &Rules::default(),
    )
    .unwrap()
}

/// Menu, header, a four-paragraph article, a caption, two teasers for other
/// articles, then a newsletter footer, in the shape of a think-tank page.
const PAGE: &str = "\
Skip to content
Home
Regions
Europe
Asia
Donate

Harbour politics on the Baltic coast

Harbour politics on the Baltic coast

How a quiet port became the test of an alliance

Opinion | Europe

By Jane Example and Omar Sample

March 3, 2024

The port of Kallavik handles a modest share of the region's freight, yet in the past year it has become a symbol of how the alliance deals with pressure below the threshold of war. Ministers visit often, and every delay in the harbour is read as a signal.

Local officials say that the attention has brought money but also suspicion. Contracts for the new container terminal were awarded twice, and each award was contested by bidders who claimed that the process had been shaped by foreign lobbying.

The deeper question is whether small ports can carry the weight of strategy. They were built for fishing fleets and ferries, not for the logistics of a deterrent force, and the people who run them are not diplomats.

For now, the harbour master keeps a simple rule: ships are inspected in the order in which they arrive, whatever flag they fly.


Cranes at the port of Kallavik in 2023. (Photo: Example Agency/ CC BY 2.0)

Opinion | Europe
Tariffs return to the Pacific trade agenda
Top image credit: Stock photo via example.com

Tariffs return to the Pacific trade agenda

Asia

Negotiators from six economies met again this week to discuss a schedule of tariff cuts that had been shelved for almost a decade, and observers in the capital expect little progress before the elections.

The talks were described as frank, which in the language of trade diplomacy usually means that nobody agreed on anything of substance.

keep readingShow less
Glacier treaty talks stall again
Top image credit: Another stock photo via example.com

Glacier treaty talks stall again

Global

The mountain states have failed for a third time to agree on water quotas, and the mediators have started to speak openly about the risk that the process collapses before the summer melt arrives in the valleys.

keep readingShow less

LATEST

Newsletter

Subscribe now to our weekly round-up and never miss the analysis, opinion and news from our contributors and staff.

© 2024 Example Institute. All rights reserved.
";

#[test]
fn header_fields() {
    let a = article(PAGE);
    assert_eq!(a.title, "Harbour politics on the Baltic coast");
    assert_eq!(
        a.subtitle.as_deref(),
        Some("How a quiet port became the test of an alliance")
    );
    assert_eq!(a.kind.as_deref(), Some("Opinion"));
    assert_eq!(a.labels, ["Opinion | Europe"]);
    assert_eq!(a.authors, ["Jane Example", "Omar Sample"]);
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2024-03-03"));
}

/// Byline shapes other than `By A and B`: a label, a role after a comma, the
/// space after `By` lost in the scrape; a word that merely starts with `By` is none.
#[test]
fn byline_variants() {
    let byline = "By Jane Example and Omar Sample";
    for (line, want) in [
        ("Author: Jane Example", &["Jane Example"][..]),
        ("Text by Omar Sample", &["Omar Sample"]),
        ("By Jane Example, Staff Writer", &["Jane Example"]),
        ("ByJane Example", &["Jane Example"]),
        // "By" must be a word of its own
        ("Byzantine ports and their trade", &[]),
        // a name without "By" right above the date line is the byline, a desk name is not
        ("Jane Example", &["Jane Example"]),
        ("World News Desk", &[]),
    ] {
        let a = article(&PAGE.replace(byline, line));
        assert_eq!(a.authors, want, "{line}");
    }
}

#[test]
fn body_is_the_article_only() {
    let a = article(PAGE);
    assert!(a.body.starts_with("The port of Kallavik"), "{}", a.body);
    assert!(a.body.ends_with("whatever flag they fly."), "{}", a.body);
    assert_eq!(a.body.split("\n\n").count(), 4, "{}", a.body);
    for junk in [
        "Tariffs",
        "Glacier",
        "keep reading",
        "Negotiators",
        "Subscribe",
        "LATEST",
        "Donate",
        "Top image credit",
        "©",
    ] {
        assert!(!a.body.contains(junk), "body holds {junk:?}:\n{}", a.body);
    }
    assert_eq!(
        a.captions,
        ["Cranes at the port of Kallavik in 2023. (Photo: Example Agency/ CC BY 2.0)"]
    );
}

/// The learned body (`[text] body = "learned"`) leaves the teaser cards above
/// each `keep reading` out as the rules do, their prose paragraphs too.
#[test]
fn learned_body_leaves_teaser_cards_out() {
    let mut rules = Rules::default();
    rules.text.body = polsearch::extract::text::BodyMethod::Learned;
    let a = extract(
        &SourcePage::from_bytes("page.txt", PAGE.as_bytes().to_vec()),
        &rules,
    )
    .unwrap();
    assert!(a.body.starts_with("The port of Kallavik"), "{}", a.body);
    for junk in [
        "Tariffs",
        "Negotiators",
        "frank",
        "Glacier",
        "mountain states",
        "keep reading",
        "LATEST",
    ] {
        assert!(!a.body.contains(junk), "body holds {junk:?}:\n{}", a.body);
    }
}

#[test]
fn url_line_gives_url_site_and_date() {
    let page = "https://www.example.org/2024/05/17/grain-corridor/\n\nThe grain corridor holds\n\nShips have kept sailing through the corridor for a year now, and insurers have cut the premiums they charge for the voyage by half since the spring.\n\nTraders say the route is now routine, although every attack on a port reminds them how quickly that could change.\n";
    let a = article(page);
    assert_eq!(
        a.url.as_deref(),
        Some("https://www.example.org/2024/05/17/grain-corridor/")
    );
    assert_eq!(a.site.as_deref(), Some("example.org"));
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2024-05-17"));
    assert_eq!(a.title, "The grain corridor holds");
    assert!(!a.body.contains("https://"), "{}", a.body);
}

#[test]
fn related_list_and_comments_end_the_article() {
    let page = "\
News
World

Rivers run low across the plains

The drought that began in the spring has now reached the lower valleys, where farmers report that wells which never failed in living memory have run dry for the first time this century.

Hydrologists at the regional institute expect the rivers to recover only slowly, since the snowpack in the mountains was the thinnest on record and the autumn rains came late again.

The government has promised emergency payments, but the farmers' unions say that the money will arrive after the sowing season, when it is of little use to anyone who has already sold their herds.

Related articles

Dry summers and the future of wheat in the region, a long read on what changes for the farmers of the valley

Why the old canals matter again, in which an engineer explains the history of the irrigation network and its decline

12 Comments on \u{201c}Rivers run low across the plains\u{201d}

Jo Reader
June 2, 2024 at 9:00 am

I have lived here for forty years and I have never seen the river so low, it is really a very worrying thing for all of us who farm here.

Sam Writer
June 2, 2024 at 9:30 am

The payments will be too late again, as they were in the last drought, and the unions are right to say so, because nobody listens to them.
";
    let a = article(page);
    assert_eq!(a.title, "Rivers run low across the plains");
    assert_eq!(a.body.split("\n\n").count(), 3, "{}", a.body);
    for junk in ["Related", "canals", "forty years", "unions are right"] {
        assert!(!a.body.contains(junk), "body holds {junk:?}:\n{}", a.body);
    }
}

/// Parts of an article that do not read as paragraphs of prose: the lead cut
/// off by an inline box of links, a section heading above a table, a quoted
/// social post with its attribution line, a closing list of sentences, and a
/// sentence that merely ends with a news agency's name.
#[test]
fn article_parts_that_are_not_paragraphs_stay() {
    let page = "\
Home
World

Ferry strike closes the island routes

A walkout that the operator did not see coming

By Ana Example

The ferry crews of the southern islands walked out on Monday morning, leaving thousands of commuters stranded on the quays and the fish markets without their first deliveries of the week.

Related articles

Island fares rise again
Port workers vote on pay

Union leaders said the strike would last until the operator agreed to restore the night shift allowance, which was cut last spring as part of a plan to save money on the longest routes.

The operator said the talks had been constructive and that it hoped to reach a deal within days, a claim that the negotiators on the other side described as wishful thinking, according to a statement seen by Reuters.

Timetable

Route Days Departures
North Mon-Fri 6
South Daily 4

The minister for transport, who had stayed silent through the first day of the dispute, posted a short message in support of the commuters on Monday evening, hours after the last boat of the day had been cancelled.

ferries. must. sail.

\u{2014} Jo Minister (@jominister) June 3, 2024

The unions answered within the hour that support without money was of little use to the crews, who have not had a rise in six years, and that the minister knew where to find them if the government wanted the boats to run again.

Talks resumed on Tuesday in the harbour office, with a mediator from the labour ministry, but both sides left after two hours without a statement, and the operator cancelled the morning sailings for the rest of the week.
The crews ask for three things:
Restore the night shift allowance that was cut last spring without any consultation.
Hire enough deckhands for every crossing so that no crew works a double shift.
Publish the safety inspections of the older vessels, which have not been shown to anyone.

\u{2014} Jo Critic (@jocritic) June 3, 2024

Leave a comment
";
    let a = article(page);
    assert_eq!(a.title, "Ferry strike closes the island routes");
    for part in [
        "walked out on Monday morning",
        "according to a statement seen by Reuters",
        "Timetable",
        "ferries. must. sail.",
        "(@jominister)",
        "Hire enough deckhands",
        "Publish the safety inspections",
        "(@jocritic)",
    ] {
        assert!(a.body.contains(part), "body lacks {part:?}:\n{}", a.body);
    }
    for junk in ["Related articles", "Island fares", "Leave a comment"] {
        assert!(!a.body.contains(junk), "body holds {junk:?}:\n{}", a.body);
    }
}

#[test]
fn navigation_lists_are_not_body() {
    // a long menu whose entries look like blurbs, one line each, no blank lines
    let mut page = String::from("Menu\n");
    for i in 0..30 {
        page.push_str(&format!(
            "Story number {i} is about the weather and the markets, and it goes on for a while.\n"
        ));
    }
    page.push_str("\nThe harvest report\n\nThe harvest in the northern districts was the best in a decade, according to the figures published on Monday by the ministry of agriculture, and prices have fallen accordingly.\n\nTraders expect exports to rise in the second half of the year if the ports stay open and the rail network holds up under the extra load.\n");
    let a = article(&page);
    assert_eq!(a.title, "The harvest report");
    assert!(
        a.body.starts_with("The harvest in the northern districts"),
        "{}",
        a.body
    );
    assert!(!a.body.contains("Story number"), "{}", a.body);
}

#[test]
fn user_rules_extend_the_defaults() {
    let t = TestDir::new();
    let rules = t.write(
        "rules.toml",
        "[text]\ndrop_patterns = ['(?i)^for now, the harbour master']\n",
    );
    let rules = Rules::with_file(&rules).unwrap();
    let a = extract(
        &SourcePage::from_bytes("p.txt", PAGE.as_bytes().to_vec()),
        &rules,
    )
    .unwrap();
    assert!(!a.body.contains("harbour master"), "{}", a.body);
    assert!(a.body.contains("The port of Kallavik"));
    let bad = t.write("bad.toml", "[text]\nteaser_end = ['(unclosed']\n");
    let err = Rules::with_file(&bad).unwrap_err().to_string();
    assert!(
        err.contains("bad.toml") && err.contains("teaser_end"),
        "{err}"
    );
}

#[test]
fn hostile_input_never_panics() {
    let inputs: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"\n\n\n   \n".to_vec(),
        b"\x1b[31mRed title\x1b[0m\n\n\x07Body\x01 with \x1b]0;evil\x07 controls, and enough words to be a sentence of prose here.\n".to_vec(),
        "\u{202e}reversed\r\nline\rmac\u{2028}sep\n".as_bytes().to_vec(),
        // one 6 MB line: the per-line path is linear, so this proves what a
        // 50 MB line would without costing a minute in a debug build on CI
        vec![b'a'; 6 * 1024 * 1024],
        "word ".repeat(200_000).into_bytes(),
        (0..=255u8).cycle().take(10_000).collect(),
        "x\n".repeat(100_000).into_bytes(),
    ];
    for bytes in inputs {
        let page = SourcePage::from_bytes("p.txt", bytes);
        if let Ok(a) = extract(&page, &Rules::default()) {
            assert!(!a.title.contains('\u{1b}') && !a.body.contains('\u{1b}'));
        }
    }
}

/// Mean body F1 over the plain-text scrapes of the extraction-dev set.
#[test]
fn f1_on_extraction_dev_text() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("data/extraction-dev");
    let rules = Rules::default();
    let mut paths: Vec<_> = std::fs::read_dir(dir.join("text"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 100,
        "extraction-dev/text has {} pages",
        paths.len()
    );
    let (mut f1, mut p, mut r) = (0.0, 0.0, 0.0);
    let (mut titled, mut titles_right) = (0, 0);
    // titles compared on their words (quotes and case do not matter)
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    for path in &paths {
        let id = path.file_stem().unwrap().to_str().unwrap();
        let gold = std::fs::read_to_string(dir.join("gold").join(format!("{id}.txt"))).unwrap();
        let a = extract(&SourcePage::read(path).unwrap(), &rules).unwrap();
        let s = polsearch::eval::score(&a.body, &gold);
        let meta: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("gold").join(format!("{id}.json"))).unwrap(),
        )
        .unwrap();
        if let Some(title) = meta["title"].as_str() {
            titled += 1;
            titles_right += usize::from(words(title) == words(&a.title));
        }
        f1 += s.f1;
        p += s.precision;
        r += s.recall;
    }
    let n = paths.len() as f64;
    let (f1, p, r) = (f1 / n, p / n, r / n);
    eprintln!("extraction-dev text: F1 {f1:.4} P {p:.4} R {r:.4} over {n} pages; titles right {titles_right}/{titled}");
    assert!(f1 >= F1_FLOOR, "mean F1 {f1:.4} below {F1_FLOOR}");
    assert!(
        titles_right >= TITLES_FLOOR,
        "titles right {titles_right}/{titled}, floor {TITLES_FLOOR}"
    );
}

/// Just under the measured mean F1 (0.9512; the issue 7 target is 0.93).
const F1_FLOOR: f64 = 0.945;
/// Just under the measured count of right titles (34 of 40 gold titles).
const TITLES_FLOOR: usize = 33;
