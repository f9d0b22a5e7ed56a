//! Each candidate crate extracts every `<name>.pdf` of a folder; its words are
//! scored against `<name>.pdftotext.txt` (lowercased `\w+` tokens, multiset
//! overlap, the same measure as `polsearch eval`). Prints one row per PDF and
//! crate: recall, precision, time; and writes the texts to `target/pdf-compare/`.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::Instant;

fn words(text: &str) -> HashMap<String, usize> {
    let re = regex::Regex::new(r"\w+").unwrap();
    let mut bag = HashMap::new();
    for m in re.find_iter(text) {
        *bag.entry(m.as_str().to_lowercase()).or_insert(0) += 1;
    }
    bag
}

fn overlap(got: &HashMap<String, usize>, want: &HashMap<String, usize>) -> (f64, f64) {
    let common: usize = got.iter().map(|(w, n)| (*n).min(*want.get(w).unwrap_or(&0))).sum();
    let g: usize = got.values().sum();
    let w: usize = want.values().sum();
    (common as f64 / w.max(1) as f64, common as f64 / g.max(1) as f64)
}

fn extract(bytes: &[u8]) -> Result<String, String> {
    pdf_extract::extract_text_from_mem(bytes).map_err(|e| e.to_string())
}

fn lopdf(bytes: &[u8]) -> Result<String, String> {
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| e.to_string())?;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).map_err(|e| e.to_string())
}

type Candidate = (&'static str, fn(&[u8]) -> Result<String, String>);

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "../shared/corpus/pdf".into());
    let candidates: [Candidate; 2] = [
        ("pdf-extract", extract),
        ("lopdf", lopdf),
    ];
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    names.sort();
    std::fs::create_dir_all("target/pdf-compare").unwrap();
    println!("{:<40} {:<12} {:>6} {:>6} {:>8}  ligatures(fi/fl)", "pdf", "crate", "recall", "prec", "seconds");
    let mut sums: HashMap<&str, (f64, f64, f64)> = HashMap::new();
    for path in &names {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let reference = std::fs::read_to_string(Path::new(&dir).join(format!("{stem}.pdftotext.txt"))).unwrap();
        let want = words(&reference);
        let bytes = std::fs::read(path).unwrap();
        for (name, run) in candidates {
            let start = Instant::now();
            let got = catch_unwind(AssertUnwindSafe(|| run(&bytes)));
            let secs = start.elapsed().as_secs_f64();
            let text = match got {
                Ok(Ok(t)) => t,
                Ok(Err(e)) => format!("<error {e}>"),
                Err(_) => "<panic>".into(),
            };
            std::fs::write(format!("target/pdf-compare/{stem}.{name}.txt"), &text).unwrap();
            let (r, p) = overlap(&words(&text), &want);
            let lig = text.chars().filter(|c| ('\u{FB00}'..='\u{FB06}').contains(c)).count();
            println!("{stem:<40} {name:<12} {r:>6.3} {p:>6.3} {secs:>8.3}  {lig}");
            let s = sums.entry(name).or_default();
            s.0 += r;
            s.1 += p;
            s.2 += secs;
        }
    }
    for (name, _) in candidates {
        let (r, p, t) = sums[name];
        let n = names.len() as f64;
        println!("{:<40} {name:<12} {:>6.3} {:>6.3} {t:>8.3}", "MEAN (time: total)", r / n, p / n);
    }
}
