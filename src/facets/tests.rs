//! Unit tests of the classifier on the known traps, label mapping and topics.

use super::*;

fn article(title: &str, body: &str) -> Article {
    Article {
        title: title.into(),
        body: body.into(),
        ..Article::default()
    }
}

fn classify(mut a: Article) -> Article {
    Classifier::default().classify(&mut a);
    a
}

/// Classified by the hand-weighted rules alone (`method = "rules"`): for the
/// tests of mechanisms only the rules have (region words alone, the
/// `global_subject` setting): the place model does not reproduce them on
/// these two-sentence pages (a known gap, in the README's figures).
fn classify_by_rules(mut a: Article) -> Article {
    let tax = Taxonomy::parse("[settings]\nmethod = \"rules\"\n", Path::new("t.toml")).unwrap();
    Classifier::new(tax).unwrap().classify(&mut a);
    a
}

fn labelled(labels: &[&str], url: Option<&str>) -> Article {
    let mut a = article(
        "Talks resume",
        "Officials met on Tuesday to discuss the next steps.",
    );
    a.labels = labels.iter().map(|s| s.to_string()).collect();
    a.url = url.map(str::to_string);
    classify(a)
}

#[test]
fn embedded_taxonomy_loads() {
    let c = Classifier::default();
    assert_eq!(c.regions(), REGIONS);
    assert_eq!(c.topics().len(), 14);
    assert!(c.countries().len() > 240);
}

#[test]
fn georgia_the_state_is_not_the_country() {
    let a = classify(article(
        "Voters in Georgia head to the polls",
        "Republicans and Democrats in Atlanta, Georgia, fought over turnout. The Georgia secretary of state \
         certified the count in the US election on Friday.",
    ));
    assert!(!a.region.contains(&"Europe".to_string()), "{a:?}");
    let a = classify(article(
        "Georgia's ruling party claims victory",
        "Protesters gathered in Tbilisi after Georgia's election. Russia and the European Union traded accusations.",
    ));
    assert!(a.region.contains(&"Europe".to_string()), "{a:?}");
    assert!(a.country.contains(&"Europe/Georgia".to_string()), "{a:?}");
}

#[test]
fn niger_is_not_nigeria() {
    let a = classify(article(
        "Junta in Niger expels French troops",
        "Niamey ordered the soldiers out within a month.",
    ));
    assert_eq!(a.country.first().map(String::as_str), Some("Africa/Niger"));
    assert!(!a.country.contains(&"Africa/Nigeria".to_string()));
    let a = classify(article(
        "Nigeria's central bank raises rates",
        "Nigerian inflation hit a new high in Lagos.",
    ));
    assert_eq!(a.country, ["Africa/Nigeria"]);
}

#[test]
fn jordan_as_a_name_is_not_a_country() {
    let a = classify(article(
        "Michael Jordan buys a team",
        "Michael Jordan said on Monday the deal closed. Jordan Peterson spoke.",
    ));
    assert!(a.country.iter().all(|c| !c.ends_with("Jordan")), "{a:?}");
    let a = classify(article(
        "Refugees strain Jordan",
        "Jordan hosts many Syrians; Amman asked donors for aid.",
    ));
    assert!(
        a.country.contains(&"Middle East/Jordan".to_string()),
        "{a:?}"
    );
}

#[test]
fn congo_and_chad() {
    let a = classify(article(
        "Fighting near Goma",
        "Rebels advanced in eastern Congo as Kinshasa appealed for help.",
    ));
    assert_eq!(a.country, ["Africa/DR Congo"]);
    let a = classify(article(
        "Brazzaville votes",
        "The Republic of the Congo held elections in Brazzaville.",
    ));
    assert_eq!(a.country, ["Africa/Republic of the Congo"]);
    let a = classify(article(
        "Chad Smith joins the band",
        "Chad Smith played drums in Los Angeles.",
    ));
    assert!(a.country.iter().all(|c| !c.ends_with("Chad")), "{a:?}");
}

#[test]
fn american_means_the_us_only_when_it_dominates() {
    let a = classify(article(
        "American voters sour on tariffs",
        "Americans in Ohio and Texas told pollsters prices rose.",
    ));
    assert_eq!(a.region, ["North America"]);
    assert_eq!(a.country, ["North America/United States"]);
    // A passing US mention in an article about elsewhere adds no region.
    let a = classify(article(
        "Brazil's Lula courts China",
        "Brazil and China signed trade deals in Beijing.\n\nBrasilia wants investment.\n\nAn American analyst said little.",
    ));
    assert!(!a.region.contains(&"North America".to_string()), "{a:?}");
    assert!(a.region.contains(&"Latin America".to_string()));
}

#[test]
fn latin_american_is_a_region_word_not_the_us() {
    let a = classify_by_rules(article(
        "Latin American leaders meet",
        "Latin American presidents gathered to discuss the Southern Cone.",
    ));
    assert_eq!(a.region, ["Latin America"]);
}

#[test]
fn seed_like_africa_article_with_passing_mentions() {
    let body = "The Wagner Group has been active in Mali since 2021, when the junta in Bamako invited it.\n\n\
        Across the Sahel, from Burkina Faso to the Central African Republic and Sudan, Russian mercenaries \
        have replaced French troops.\n\n\
        Malian officials say the fighters protect the capital. Analysts in Mali doubt it.\n\n\
        Russia denies directing the group. France withdrew its forces in 2022, and the United States \
        has voiced concern; Ukraine has accused Wagner of war crimes.\n\n\
        Whether peace can return to Mali depends on talks with armed groups in the north of Mali.";
    let mut a = article("Wagner, Mali, and prospects for peace in Africa", body);
    a.labels = vec!["Analysis | Africa".into()];
    let a = classify(a);
    assert_eq!(a.region, ["Africa"]);
    assert_eq!(a.country.first().map(String::as_str), Some("Africa/Mali"));
    assert!(a.country.iter().all(|c| c.starts_with("Africa/")), "{a:?}");
    // Same page without its label: the gazetteer alone still says Africa only.
    let mut b = article("Wagner, Mali, and prospects for peace in Africa", body);
    b.labels.clear();
    let b = classify(b);
    assert_eq!(b.region, ["Africa"], "{b:?}");
}

#[test]
fn site_labels_map_through_synonyms() {
    assert_eq!(labelled(&["MENA"], None).region, ["Middle East"]);
    assert_eq!(
        labelled(&["Report / Middle East & North Africa"], None).region,
        ["Middle East"]
    );
    assert_eq!(labelled(&["Sub-Saharan Africa"], None).region, ["Africa"]);
    assert_eq!(labelled(&["Indo-Pacific"], None).region, ["Asia-Pacific"]);
    assert_eq!(labelled(&["US & Canada"], None).region, ["North America"]);
    assert_eq!(
        labelled(&["Analysis | Global Crises"], None).region,
        ["Global"]
    );
    assert_eq!(
        labelled(
            &[],
            Some("https://www.example.com/world/africa/some-story-slug")
        )
        .region,
        ["Africa"]
    );
    assert_eq!(
        labelled(
            &[],
            Some("https://example.org/middle-east-north-africa/gulf/yemen")
        )
        .region,
        ["Middle East"]
    );
    // "World" only when the text gives nothing.
    assert_eq!(labelled(&["World"], None).region, ["Global"]);
    assert!(labelled(&["Analysis"], None).region.is_empty());
}

#[test]
fn labels_win_over_text_and_keep_consistent_countries() {
    let mut a = article(
        "Trade talks with Mexico",
        "Mexico and the United States discussed steel tariffs in Mexico City. Mexico's economy \
         minister said Mexican mills would cut exports. Canada watched.",
    );
    a.labels = vec!["North America".into()];
    let a = classify(a);
    assert_eq!(a.region, ["North America"]);
    assert!(
        a.country.contains(&"North America/Mexico".to_string()),
        "{a:?}"
    );
}

#[test]
fn resolve_region_for_filters() {
    let c = Classifier::default();
    assert_eq!(c.resolve_region("africa").as_deref(), Some("Africa"));
    assert_eq!(
        c.resolve_region("latin america").as_deref(),
        Some("Latin America")
    );
    assert_eq!(c.resolve_region("MENA").as_deref(), Some("Middle East"));
    assert_eq!(c.resolve_region("Mali").as_deref(), Some("Africa/Mali"));
    assert_eq!(
        c.resolve_region("africa/mali").as_deref(),
        Some("Africa/Mali")
    );
    assert_eq!(
        c.resolve_region("North America/Mexico").as_deref(),
        Some("North America/Mexico")
    );
    assert_eq!(c.resolve_region("Atlantis"), None);
    assert_eq!(c.country_path("Malian").as_deref(), Some("Africa/Mali"));
    assert_eq!(c.country_path("ML").as_deref(), Some("Africa/Mali"));
    assert_eq!(
        c.country_paths("Mexico"),
        ["Latin America/Mexico", "North America/Mexico"]
    );
    assert_eq!(c.resolve_topic("courts").as_deref(), Some("Law & Courts"));
}

#[test]
fn topics_are_scored_over_title_and_body() {
    let a = classify(article(
        "Sanctions on Russian oil fail to bite",
        "New sanctions and a price cap on Russian crude were meant to cut export revenue. \
         Tariffs and export controls followed, yet the economy grew and oil exports rose.",
    ));
    assert_eq!(
        a.topic.first().map(String::as_str),
        Some("Sanctions, Trade & Economy"),
        "{a:?}"
    );
    assert!(a.topic.contains(&"Energy & Climate".to_string()), "{a:?}");
}

#[test]
fn site_tags_give_topics() {
    let mut a = article("A day in court", "The hearing lasted an hour.");
    a.labels = vec!["Courts".into(), "Immigration".into()];
    let a = classify(a);
    assert!(a.topic.contains(&"Law & Courts".to_string()));
    assert!(a.topic.contains(&"Migration & Borders".to_string()));
}

#[test]
fn off_topic_page_has_no_topic_and_no_region() {
    let a = classify(article(
        "Three rosé wines to sip this summer",
        "Rosé is great, but there are also fun rosé-adjacent bottles lately. Chill them well, pour a glass \
         and enjoy the fruit, the acidity and the colour with grilled fish or a salad on the patio.",
    ));
    assert!(a.topic.is_empty(), "{a:?}");
    assert!(a.region.is_empty(), "{a:?}");
}

#[test]
fn user_taxonomy_extends_and_replaces() {
    let dir = std::env::temp_dir().join(format!("polsearch-tax-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ext = dir.join("ext.toml");
    std::fs::write(
        &ext,
        "[[region]]\nname = \"Arctic\"\nlabels = [\"High North\"]\nterms = [\"Arctic\"]\n\
         [[country]]\ncode = \"ML\"\naliases = [\"Gao\"]\n\
         [[topic]]\nname = \"Health\"\nkeywords = [\"vaccine\", \"immunisation\"]\n",
    )
    .unwrap();
    let c = Classifier::with_file(&ext).unwrap();
    assert!(c.regions().contains(&"Arctic"));
    let mut a = article(
        "Vaccine drive in Gao",
        "A vaccine campaign reached Gao, and immunisation rates rose.",
    );
    c.classify(&mut a);
    assert_eq!(a.country, ["Africa/Mali"]);
    assert_eq!(a.topic, ["Health"]);
    let rep = dir.join("rep.toml");
    std::fs::write(&rep, "replace = true\n[[region]]\nname = \"Somewhere\"\n[[topic]]\nname = \"Only\"\nkeywords = [\"thing\"]\n").unwrap();
    let c = Classifier::with_file(&rep).unwrap();
    assert_eq!(c.regions(), ["Somewhere"]);
    assert_eq!(c.topics(), ["Only"]);
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "[[country]]\ncode = \"XX\"\n").unwrap();
    let err = Classifier::with_file(&bad).unwrap_err().to_string();
    assert!(err.contains("bad.toml") && err.contains("XX"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_topic_can_imply_a_region() {
    let a = classify(article(
        "Senate Republicans stall the defense bill",
        "Republicans in the Senate and Democrats in the House of Representatives traded blame as the \
         congressional impasse dragged on; the White House urged Congress to act.",
    ));
    assert!(
        a.topic.contains(&"U.S. Politics & Congress".to_string()),
        "{a:?}"
    );
    assert_eq!(a.region, ["North America"], "{a:?}");
}

#[test]
fn many_tags_are_capped_to_max_topics() {
    let mut a = article(
        "Budget row",
        "Parliament argued about the defence budget and the election.",
    );
    a.labels = [
        "Defense",
        "Elections",
        "Courts",
        "Immigration",
        "Climate",
        "Cybersecurity",
    ]
    .map(String::from)
    .to_vec();
    let a = classify(a);
    assert_eq!(a.topic.len(), 3, "{a:?}");
    assert!(a.topic.contains(&"Military & Defense".to_string()), "{a:?}");
}

#[test]
fn multilateral_negotiations_are_global_not_their_venues() {
    let a = classify_by_rules(article(
        "Talks on a plastics treaty stall at the UN",
        "Delegates from 170 governments met in Nairobi and later in Ottawa for the United Nations \
         negotiations on a legally binding treaty on plastic pollution.\n\n\
         The General Assembly mandate asks member states to agree by next year. Producers led by \
         Saudi Arabia resist caps on production.\n\n\
         A further session is planned in Busan before the text goes to the General Assembly.",
    ));
    assert_eq!(a.region, ["Global"], "{:?} {:?}", a.region, a.country);
    // A regional story that mentions the UN in passing keeps its region.
    let b = classify(article(
        "Mali's junta hardens its line on the north",
        "Mali's military rulers told the last foreign forces to leave Bamako and Gao by December. \
         Malian officials said the force had failed.\n\n\
         In Timbuktu and Kidal, residents fear a return of fighting between Malian troops and rebels. \
         A United Nations report counted the dead.",
    ));
    assert_eq!(b.region, ["Africa"], "{:?}", b.region);
}

#[test]
fn a_hand_built_taxonomy_naming_a_missing_region_is_an_error() {
    let mut tax = crate::facets::taxonomy::Taxonomy::default();
    tax.countries[0].region = Some("Atlantis".into());
    let err = Classifier::new(tax.clone()).unwrap_err().to_string();
    assert!(err.contains("unknown region `Atlantis`"), "{err}");
    tax.countries[0].region = None;
    let err = Classifier::new(tax).unwrap_err().to_string();
    assert!(err.contains("has no region"), "{err}");
}

#[test]
fn places_and_topics_choose_their_methods_apart() {
    let p = Path::new("t.toml");
    let d = Taxonomy::default().settings;
    assert_eq!(
        (d.place_method(), d.topic_method()),
        (Method::Model, Method::Rules)
    );
    // `method` alone sets both, over the defaults' per-facet methods
    for (m, want) in [("rules", Method::Rules), ("model", Method::Model)] {
        let s = Taxonomy::parse(&format!("[settings]\nmethod = \"{m}\"\n"), p)
            .unwrap()
            .settings;
        assert_eq!((s.place_method(), s.topic_method()), (want, want), "{m}");
    }
    let s = Taxonomy::parse(
        "[settings]\nmethod = \"model\"\ntopic_method = \"rules\"\n",
        p,
    )
    .unwrap()
    .settings;
    assert_eq!(
        (s.place_method(), s.topic_method()),
        (Method::Model, Method::Rules)
    );
    let s = Taxonomy::parse("[settings]\ntopic_method = \"model\"\n", p)
        .unwrap()
        .settings;
    assert_eq!(
        (s.place_method(), s.topic_method()),
        (Method::Model, Method::Model)
    );
    let s = Taxonomy::parse("[settings]\nplace_method = \"rules\"\n", p)
        .unwrap()
        .settings;
    assert_eq!(
        (s.place_method(), s.topic_method()),
        (Method::Rules, Method::Rules)
    );
    // a file that replaces the built-in gazetteer has its places chosen by
    // the rules unless it asks for the models
    let region = "\n[[region]]\nname = \"Sahel\"\nterms = [\"Bamako\"]\n";
    for (head, want) in [
        ("replace = true\n", Method::Rules),
        (
            "replace = true\n[settings]\nmethod = \"model\"\n",
            Method::Model,
        ),
        (
            "replace = true\n[settings]\nplace_method = \"model\"\n",
            Method::Model,
        ),
    ] {
        let s = Taxonomy::parse(&format!("{head}{region}"), p)
            .unwrap()
            .settings;
        assert_eq!(s.place_method(), want, "{head}");
    }
    assert!(Taxonomy::parse("[settings]\nplace_method = \"guess\"\n", p).is_err());
}

#[test]
fn a_mixed_decision_takes_places_from_one_method_and_topics_from_the_other() {
    let a = article(
        "Oil price talks in Caracas",
        "CARACAS — Venezuela's oil minister said on Monday that talks with Colombia on oil \
         exports and sanctions would resume in Caracas. Venezuelan officials said the oil deal \
         and the sanctions relief were close; the minister said exports of crude oil would rise.",
    );
    let with =
        |text: &str| Classifier::new(Taxonomy::parse(text, Path::new("t.toml")).unwrap()).unwrap();
    let rules = with("[settings]\nmethod = \"rules\"\n").decision(&a);
    let model = with("[settings]\nmethod = \"model\"\n").decision(&a);
    let mixed =
        with("[settings]\nplace_method = \"model\"\ntopic_method = \"rules\"\n").decision(&a);
    assert_eq!(mixed.regions, model.regions);
    assert_eq!(mixed.countries, model.countries);
    assert_eq!(mixed.topics, rules.topics);
    let mixed =
        with("[settings]\nplace_method = \"rules\"\ntopic_method = \"model\"\n").decision(&a);
    assert_eq!(mixed.regions, rules.regions);
    assert_eq!(mixed.countries, rules.countries);
    assert_eq!(mixed.topics, model.topics);
    assert!(!rules.topics.is_empty() && !model.regions.is_empty());
}

/// The embedded models were trained on the embedded tables: the fingerprint
/// each model file records is that of today's `taxonomy.toml`,
/// `countries.csv`, `places-i18n.tsv` and feature names. When a table
/// changes, the models' features change under them and the thresholds
/// training chose no longer hold: retrain.
#[test]
fn embedded_models_match_the_tables_they_were_trained_on() {
    let m = models::FacetModels::embedded().unwrap();
    assert_eq!(
        m.fingerprint,
        taxonomy::tables_fingerprint(),
        "the facet tables changed since the models were trained; retrain with: \
         cargo run --release -p polsearch-tools -- train-facets (then re-measure with eval-facets)"
    );
    for t in [
        m.thresholds.region,
        m.thresholds.country,
        m.thresholds.topic,
    ] {
        assert!(t > 0.0 && t < 1.0, "threshold {t}");
    }
}

/// A taxonomy's `*_threshold` settings override the thresholds the model
/// files record; without them the models' apply.
#[test]
fn thresholds_come_from_the_model_files_unless_set() {
    let c = Classifier::default();
    let m = c.models().thresholds;
    assert_eq!(c.thresholds(&c.taxonomy().settings), m);
    let tax = Taxonomy::parse("[settings]\ntopic_threshold = 0.9\n", Path::new("t.toml")).unwrap();
    let t = Classifier::new(tax).unwrap();
    let got = t.thresholds(&t.taxonomy().settings);
    assert_eq!(
        (got.region, got.country, got.topic),
        (m.region, m.country, 0.9)
    );
}

/// A topic's `weak` keywords (everyday words) need one of its other
/// keywords on the page: a how-to page full of "software" and "AI" gets no
/// topic, a story on a ransomware attack still counts them; the same words
/// as plain keywords give the how-to page the topic.
#[test]
fn weak_topic_keywords_need_co_evidence() {
    let classifier = |keywords: &str, weak: &str| {
        let text = format!(
            "replace = true\n[settings]\nmethod = \"rules\"\n[[region]]\nname = \"Somewhere\"\n\
             [[topic]]\nname = \"Tech\"\nkeywords = [{keywords}]\nweak = [{weak}]\n"
        );
        Classifier::new(Taxonomy::parse(&text, Path::new("t.toml")).unwrap()).unwrap()
    };
    let weak = classifier("\"ransomware\"", "\"software\", \"AI\"");
    let how_to = "Pick the software that fits your team. Good software saves time; AI \
                  features in the software draft emails. Compare the software plans, try the AI \
                  assistant, and choose the software your staff will use every day.";
    let mut a = article("How to choose project software", how_to);
    weak.classify(&mut a);
    assert!(a.topic.is_empty(), "{a:?}");
    let story = format!("{how_to} A ransomware gang hit the vendor last week.");
    let mut b = article("Ransomware gang hits project software vendor", &story);
    weak.classify(&mut b);
    assert_eq!(b.topic, ["Tech"], "{b:?}");
    let ev = weak.topic_evidence(&b);
    assert_eq!(ev.len(), 1, "{ev:?}");
    let software = ev[0].keywords.iter().find(|(k, _)| k == "software");
    assert_eq!(software.map(|(_, n)| n[3] + n[2] + n[0]), Some(6), "{ev:?}");
    let plain = classifier("\"ransomware\", \"software\", \"AI\"", "");
    let mut a = article("How to choose project software", how_to);
    plain.classify(&mut a);
    assert_eq!(a.topic, ["Tech"], "{a:?}");
    // On a page that names another topic, a weak word in the title counts:
    // the title names the page's subject.
    let text = "replace = true\n[settings]\nmethod = \"rules\"\n[[region]]\nname = \"Somewhere\"\n\
                [[topic]]\nname = \"Tech\"\nkeywords = [\"ransomware\"]\nweak = [\"AI\"]\n\
                [[topic]]\nname = \"Defence\"\nkeywords = [\"army\", \"missile\"]\n";
    let two = Classifier::new(Taxonomy::parse(text, Path::new("t.toml")).unwrap()).unwrap();
    let body = "Armies test AI targeting. The army wants AI on every missile; AI rules lag.";
    let mut c = article("Who governs military AI?", body);
    two.classify(&mut c);
    assert!(c.topic.contains(&"Tech".to_string()), "{c:?}");
    let mut d = article("Army budget talks", body);
    two.classify(&mut d);
    assert!(!d.topic.contains(&"Tech".to_string()), "{d:?}");
}
