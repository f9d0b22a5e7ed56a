//! What a previous run left: one [`DocState`] per indexed page, read from the
//! index's fast fields, and one [`Record`] per duplicate or skipped page, kept in
//! the commit payload (tantivy stores it in `meta.json`, written atomically with
//! each commit). Both therefore always describe the last commit exactly, whatever
//! happened to the process after it. The payload also holds the names of the
//! taxonomy the index was built with ([`TaxonomyNames`]), for search.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Write;
use std::path::Path;
use std::sync::LazyLock;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};
use tantivy::{Index, ReloadPolicy, Searcher};

use crate::facets::taxonomy::Taxonomy;
use crate::schema::field;

/// Version of the payload format; a payload of another version is ignored
/// (the next run then re-reads the duplicate and skipped pages once).
const PAYLOAD_VERSION: u32 = 1;

/// What identifies a file's contents cheaply (`mtime`, `size`) and exactly (`file_hash`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FileMeta {
    /// Modification time in nanoseconds since the epoch (0 when unknown).
    pub mtime: i64,
    /// Size in bytes.
    pub size: u64,
    /// xxh3 of the bytes; 0 when the file was not read (empty or over the cap).
    pub file_hash: u64,
}

impl FileMeta {
    /// The `mtime` and `size` of file metadata, with no hash yet.
    pub fn of(md: &std::fs::Metadata) -> FileMeta {
        let mtime = md
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
        FileMeta {
            mtime,
            size: md.len(),
            file_hash: 0,
        }
    }

    /// True when `mtime` and `size` are the same (the file is taken as unchanged).
    pub fn same_stat(&self, other: &FileMeta) -> bool {
        self.mtime == other.mtime && self.size == other.size
    }
}

/// An indexed page as the index knows it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DocState {
    /// The file it was read from.
    pub meta: FileMeta,
    /// Hash of its normalised body.
    pub body_hash: u64,
    /// Hash of its normalised canonical URL (0: none).
    pub url_hash: u64,
}

/// A hasher for keys that are hashes already (xxh3 of a path, a body, a URL):
/// it passes the `u64` through.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // not called for u64 keys; fold anything else in, for correctness
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by a hash.
pub(crate) type ByHash<V> = HashMap<u64, V, BuildHasherDefault<PassThrough>>;

/// Paths held once: every path's bytes in one buffer, each named by a `u32` id
/// (in the order interned). The indexer's tables refer to pages by these ids,
/// so that a run holds one copy of each path however many tables know it.
#[derive(Debug, Default)]
pub(crate) struct PathTable {
    /// All paths, one after the other.
    bytes: String,
    /// Where each path ends in `bytes`.
    ends: Vec<usize>,
    /// xxh3 of a path → the first path interned with that hash.
    ids: ByHash<u32>,
    /// The rare paths whose hash an earlier path already holds.
    clashes: HashMap<Box<str>, u32>,
}

impl PathTable {
    /// How many paths it holds (ids are `0..len`).
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The path of `id`.
    pub fn path(&self, id: u32) -> &str {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }

    /// The id of `path`, when it was interned.
    pub fn get(&self, path: &str) -> Option<u32> {
        let id = *self.ids.get(&xxhash_rust::xxh3::xxh3_64(path.as_bytes()))?;
        if self.path(id) == path {
            return Some(id);
        }
        self.clashes.get(path).copied()
    }

    /// The id of `path`, interning it when new.
    pub fn intern(&mut self, path: &str) -> u32 {
        let hash = xxhash_rust::xxh3::xxh3_64(path.as_bytes());
        let next = u32::try_from(self.ends.len()).expect("fewer than 2^32 paths");
        match self.ids.get(&hash) {
            None => {
                self.ids.insert(hash, next);
            }
            Some(&id) if self.path(id) == path => return id,
            Some(_) => match self.clashes.get(path) {
                Some(&id) => return id,
                None => {
                    self.clashes.insert(path.into(), next);
                }
            },
        }
        self.bytes.push_str(path);
        self.ends.push(self.bytes.len());
        next
    }
}

/// A page that is not in the index, and why.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Record {
    /// The file as last read.
    #[serde(flatten)]
    pub meta: FileMeta,
    /// Duplicate or skipped.
    #[serde(flatten)]
    pub status: Status,
}

/// Why a page is not in the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub(crate) enum Status {
    /// The same article as the indexed page `of`.
    Duplicate {
        /// Path of the indexed page.
        of: String,
    },
    /// Skipped for `reason` (only outcomes that depend on the file's bytes alone
    /// are kept: empty, binary, no article text, extraction failures).
    Skipped {
        /// The reason shown to the user.
        reason: String,
    },
}

/// The commit payload.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Payload {
    /// Format version.
    pub version: u32,
    /// The configuration tag of the run that wrote it ([`super::IndexConfig::tag`]).
    pub tag: String,
    /// True in the intermediate commits of a full rebuild: a run that finds it
    /// set rebuilds in full again (some pages may still hold old extractions).
    #[serde(default)]
    pub rebuilding: bool,
    /// In the intermediate commits of a rebuild of an index that held
    /// documents: the file ([`write_rebuilt`]) naming the indexed pages this
    /// rebuild has extracted so far. A run that finds it resumes the rebuild
    /// and re-reads only the other pages; without it, it rebuilds in full.
    #[serde(default)]
    pub rebuilt: Option<String>,
    /// Duplicate and skipped pages by path.
    pub records: BTreeMap<String, Record>,
}

/// The region, country and topic names of the taxonomy an index was built
/// with, kept in its commit payload unless they are the built-in taxonomy's
/// ([`TaxonomyNames::built_in`]). Search resolves `--region`, `--country`
/// and `--topic` (and its did-you-mean suggestions) against them as well as
/// against the facets the index holds, so that the names a user's taxonomy
/// file added are known there even when no article got them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TaxonomyNames {
    /// Region names, in display order.
    pub regions: Vec<String>,
    /// Countries, in the taxonomy's order (which decides between two countries
    /// sharing a name).
    pub countries: Vec<CountryNames>,
    /// Topic names, in display order.
    pub topics: Vec<String>,
    /// The synonyms of each region, in the order of `regions` (`MENA`,
    /// `Near East` for `Middle East`): the taxonomy's site labels.
    #[serde(default)]
    pub region_labels: Vec<Vec<String>>,
    /// The synonyms of each topic, in the order of `topics` (`Migration`,
    /// `Immigration` for `Migration & Borders`).
    #[serde(default)]
    pub topic_labels: Vec<Vec<String>>,
}

/// A country of a [`TaxonomyNames`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CountryNames {
    /// Facet path under its primary region (`Africa/Mali`).
    pub path: String,
    /// ISO 3166 alpha-2 code.
    pub code: String,
    /// Its name, aliases and ambiguous names (`Mali`, `Malian`, `Bamako`…).
    pub names: Vec<String>,
}

impl TaxonomyNames {
    /// The names of the built-in taxonomy.
    pub fn built_in() -> &'static TaxonomyNames {
        static BUILT_IN: LazyLock<TaxonomyNames> =
            LazyLock::new(|| TaxonomyNames::of(&Taxonomy::default()));
        &BUILT_IN
    }

    /// The names of `tax`.
    pub fn of(tax: &Taxonomy) -> TaxonomyNames {
        let countries = tax
            .countries
            .iter()
            .map(|c| {
                let mut names: Vec<String> = Vec::new();
                for n in c.name.iter().chain(&c.aliases).chain(&c.ambiguous) {
                    if !names.contains(n) {
                        names.push(n.clone());
                    }
                }
                CountryNames {
                    path: format!(
                        "{}/{}",
                        c.region.as_deref().unwrap_or_default(),
                        c.name.as_deref().unwrap_or_default()
                    ),
                    code: c.code.clone(),
                    names,
                }
            })
            .collect();
        TaxonomyNames {
            regions: tax.regions.iter().map(|r| r.name.clone()).collect(),
            countries,
            topics: tax.topics.iter().map(|t| t.name.clone()).collect(),
            region_labels: tax.regions.iter().map(|r| r.labels.clone()).collect(),
            topic_labels: tax.topics.iter().map(|t| t.labels.clone()).collect(),
        }
    }
}

impl Payload {
    /// Serialises the payload of a commit of a run with the taxonomy `tax`.
    /// `rebuilding`: an intermediate commit of a rebuild, with the file of the
    /// pages it extracted so far (`rebuilt`, see [`Payload::rebuilt`]) when
    /// the index held documents before it.
    pub fn to_json(
        tag: &str,
        rebuilding: bool,
        rebuilt: Option<&str>,
        records: &BTreeMap<String, Record>,
        tax: &Taxonomy,
    ) -> String {
        #[derive(Serialize)]
        struct Out<'a> {
            version: u32,
            tag: &'a str,
            rebuilding: bool,
            #[serde(skip_serializing_if = "Option::is_none")]
            rebuilt: Option<&'a str>,
            records: &'a BTreeMap<String, Record>,
            #[serde(skip_serializing_if = "Option::is_none")]
            taxonomy: Option<TaxonomyNames>,
        }
        // the built-in taxonomy's names are left out: they are what an index
        // without names stands for
        let names = TaxonomyNames::of(tax);
        let taxonomy = (&names != TaxonomyNames::built_in()).then_some(names);
        serde_json::to_string(&Out {
            version: PAYLOAD_VERSION,
            tag,
            rebuilding,
            rebuilt,
            records,
            taxonomy,
        })
        .unwrap_or_default()
    }
}

/// The state of the index at its last commit.
pub(crate) struct Prior {
    /// The paths of the indexed pages: id `i` is the page of `docs[i]`.
    pub paths: PathTable,
    /// Indexed pages, by path id.
    pub docs: Vec<DocState>,
    /// The path ids found in more than one live document. That should never
    /// happen, but a delete lost in a merge racing a commit has been seen to
    /// leave a page's old version beside its new one; the run re-reads these
    /// pages, and re-indexing a page deletes every document of its path.
    pub doubled: Vec<u32>,
    /// The payload (empty when there was none, or of an older format).
    pub payload: Option<Payload>,
    /// A searcher on the last commit (to copy stored documents).
    pub searcher: Searcher,
}

/// Reads the state of `index` at its last commit.
pub(crate) fn load(index: &Index) -> tantivy::Result<Prior> {
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let mut paths = PathTable::default();
    let mut docs: Vec<DocState> = Vec::new();
    let mut doubled: Vec<u32> = Vec::new();
    // the path dictionary of a segment, reused: one buffer, not a string per term
    let (mut names, mut ends) = (Vec::<u8>::new(), Vec::<usize>::new());
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let Some(column) = ff.str(field::PATH)? else {
            continue;
        };
        let (dict, ords) = column.into_parts();
        names.clear();
        ends.clear();
        let mut stream = dict.stream()?;
        while stream.advance() {
            names.extend_from_slice(stream.key());
            ends.push(names.len());
        }
        let name = |o: usize| {
            let start = if o == 0 { 0 } else { ends[o - 1] };
            String::from_utf8_lossy(&names[start..ends[o]])
        };
        let mtime = ff.i64(field::MTIME)?;
        let size = ff.u64(field::SIZE)?;
        let file_hash = ff.u64(field::FILE_HASH)?;
        let body_hash = ff.u64(field::BODY_HASH)?;
        let url_hash = ff.u64(field::URL_HASH)?;
        for doc in segment.doc_ids_alive() {
            let Some(o) = ords
                .first(doc)
                .map(|o| o as usize)
                .filter(|&o| o < ends.len())
            else {
                continue;
            };
            let state = DocState {
                meta: FileMeta {
                    mtime: mtime.first(doc).unwrap_or(0),
                    size: size.first(doc).unwrap_or(0),
                    file_hash: file_hash.first(doc).unwrap_or(0),
                },
                body_hash: body_hash.first(doc).unwrap_or(0),
                url_hash: url_hash.first(doc).unwrap_or(0),
            };
            let id = paths.intern(&name(o)) as usize;
            if id == docs.len() {
                docs.push(state);
            } else {
                docs[id] = state; // the same path alive twice: see `doubled`
                doubled.push(id as u32);
            }
        }
    }
    let payload = load_payload::<Payload>(index)?.filter(|p| p.version == PAYLOAD_VERSION);
    doubled.sort_unstable();
    doubled.dedup();
    Ok(Prior {
        paths,
        docs,
        doubled,
        payload,
        searcher,
    })
}

/// The payload of the last commit of `index` read as a `T` (None when there is
/// none or it does not parse).
fn load_payload<T: serde::de::DeserializeOwned>(index: &Index) -> tantivy::Result<Option<T>> {
    Ok(index
        .load_metas()?
        .payload
        .and_then(|p| serde_json::from_str::<T>(&p).ok()))
}

/// The taxonomy names kept in the last commit of `index`; None for an index
/// built with the built-in taxonomy, or written before polsearch kept them
/// (or without a payload of this version).
pub fn taxonomy_names(index: &Index) -> tantivy::Result<Option<TaxonomyNames>> {
    /// The part of the payload that search needs.
    #[derive(Deserialize)]
    struct Names {
        version: u32,
        #[serde(default)]
        taxonomy: Option<TaxonomyNames>,
    }
    Ok(load_payload::<Names>(index)?
        .filter(|p| p.version == PAYLOAD_VERSION)
        .and_then(|p| p.taxonomy))
}

/// Prefix and suffix of the files of [`write_rebuilt`] in the index folder.
const REBUILT_PREFIX: &str = "polsearch-rebuilt-";
const REBUILT_SUFFIX: &str = ".u64";

/// The hash by which a rebuilt file names a path (xxh3; two paths of one
/// index sharing a hash, about 1 in 10^7 at 10M paths, would leave one of
/// them with its old extraction until its file changes).
pub(crate) fn path_hash(path: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(path.as_bytes())
}

/// Writes the sorted path hashes of the pages a rebuild has extracted so far
/// to `dir/polsearch-rebuilt-OPSTAMP.u64` (little-endian `u64`s), atomically:
/// a temporary file, synced, then renamed. Called between tantivy's
/// `prepare_commit` (which gives `opstamp`) and its commit, whose payload
/// names the file; a file no commit names is removed by the next commit
/// ([`remove_rebuilt`]). Returns the file's name.
pub(crate) fn write_rebuilt(
    dir: &Path,
    opstamp: u64,
    mut hashes: Vec<u64>,
) -> std::io::Result<String> {
    hashes.sort_unstable();
    hashes.dedup();
    let name = format!("{REBUILT_PREFIX}{opstamp}{REBUILT_SUFFIX}");
    let tmp = dir.join(format!(".{name}.tmp"));
    let mut bytes = Vec::with_capacity(hashes.len() * 8);
    for h in &hashes {
        bytes.extend_from_slice(&h.to_le_bytes());
    }
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, dir.join(&name))?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all(); // best effort: the rename reaches the disk with the commit
    }
    Ok(name)
}

/// Reads a file of [`write_rebuilt`]: the sorted path hashes, or None when
/// the name is not one of ours or the file is missing or damaged (the caller
/// then rebuilds in full).
pub(crate) fn read_rebuilt(dir: &Path, name: &str) -> Option<Vec<u64>> {
    let is_ours = name.starts_with(REBUILT_PREFIX)
        && name.ends_with(REBUILT_SUFFIX)
        && !name.contains(['/', '\\']);
    if !is_ours {
        return None;
    }
    let bytes = std::fs::read(dir.join(name)).ok()?;
    if bytes.len() % 8 != 0 {
        return None;
    }
    let hashes: Vec<u64> = bytes
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
        .collect();
    hashes.is_sorted().then_some(hashes)
}

/// Removes the rebuilt files (and their temporaries) of `dir` except `keep`.
pub(crate) fn remove_rebuilt(dir: &Path, keep: Option<&str>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let bare = name.trim_start_matches('.').trim_end_matches(".tmp");
        let ours = bare.starts_with(REBUILT_PREFIX) && bare.ends_with(REBUILT_SUFFIX);
        if ours && Some(name.as_ref()) != keep {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_table_holds_each_path_once_under_one_id() {
        let mut t = PathTable::default();
        let paths = [
            "corpus/a.html",
            "corpus/b.html",
            "",
            "corpus/ä/ß.txt",
            "corpus/a.htm",
        ];
        let ids: Vec<u32> = paths.iter().map(|p| t.intern(p)).collect();
        assert_eq!(ids, [0, 1, 2, 3, 4]);
        assert_eq!(t.intern("corpus/b.html"), 1);
        assert_eq!(t.len(), paths.len());
        for (p, id) in paths.iter().zip(&ids) {
            assert_eq!(t.path(*id), *p);
            assert_eq!(t.get(p), Some(*id));
        }
        assert_eq!(t.get("corpus/c.html"), None);
        assert_eq!(t.get("corpus/a.html "), None);
    }

    #[test]
    fn taxonomy_names_are_kept_unless_built_in() {
        let records = BTreeMap::new();
        let json = Payload::to_json("t", false, None, &records, &Taxonomy::default());
        assert!(!json.contains("\"taxonomy\""), "{json}");
        let path = std::path::Path::new("tax.toml");
        let tax = Taxonomy::parse("[[region]]\nname = \"Arctic\"\n", path).unwrap();
        let json = Payload::to_json("t", false, None, &records, &tax);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let names: TaxonomyNames = serde_json::from_value(v["taxonomy"].clone()).unwrap();
        assert_eq!(names, TaxonomyNames::of(&tax));
        assert_eq!(names.regions.last().map(String::as_str), Some("Arctic"));
        let mali = names.countries.iter().find(|c| c.code == "ML").unwrap();
        assert_eq!(mali.path, "Africa/Mali");
        assert!(mali.names.iter().any(|n| n == "Malian"), "{mali:?}");
    }
}
