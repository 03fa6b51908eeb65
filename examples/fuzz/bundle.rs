//! Fuzz target `bundle`: the bundle reader, `zhenggai::bundle::verify_bundle`.
//!
//! The seeds are real bundles, exported once at start from a small demo store with a little
//! evidence: the file as `export_bundle` writes it, and the same entries rewritten as a
//! streamed zip (data descriptors), with zip64 extra fields and with aligned entries (padding
//! extra fields). Every seed must verify as it is.
//!
//! A case is one of three kinds of mutation:
//! - raw bytes (`mutate::bytes`);
//! - the zip structure, taken apart into its records and written back with one to three
//!   fields changed: local against central names, sizes, crc, methods, flags, extra fields,
//!   data descriptors, entry comments, the end record's counts and offsets, bytes hidden
//!   between or around the entries, the order of the directory;
//! - one entry, unzipped and zipped again: a field of `manifest.json` or of
//!   `data/snapshot.json` (then, half the time, the manifest made consistent and signed again
//!   with the unit's minisign key, and three times in four with its SM2 key too, so that the
//!   case gets past the signatures), a line of the `.minisig` or of `unit.pub`, the bytes of
//!   `manifest.json.sm2sig`, a line of `unit.sm2.pem`, a name, a missing or an extra entry.
//!
//! A case is run by writing it to a temporary file and verifying that. An accepted case must
//! carry a manifest that a seed carries (the mutation then touched nothing the signature
//! covers) or that this target signed itself; anything else would be a forgery, and the case
//! panics so that the harness saves it. Accepted cases are tallied by what their mutation
//! changed in `target/fuzz-findings/bundle-accepted.txt` (with the refusals by reason), and
//! the first few of each kind are kept under `target/fuzz-findings/bundle-accepted/` (the
//! seeds under `bundle-seeds/`), to be listed and tested with other zip tools (`unzip`,
//! `7zz`, `bsdtar`, Python's `zipfile`), for instance:
//!
//! ```text
//! for f in target/fuzz-findings/bundle-accepted/*.zip; do
//!     unzip -tq "$f" >/dev/null && 7zz t "$f" >/dev/null && bsdtar -tf - <"$f" >/dev/null ||
//!         echo "$f"
//! done
//! ```
//!
//! Documented run, 2026-12-04, two cores shared with other builds (load about 3.8):
//! `cargo run --release --example fuzz -- bundle 100000` made 100,000 cases: 9,910 accepted,
//! 90,090 refused, 0 panics, 0 hangs (10 s bound per case), slowest case 41 ms, 168.5 s in
//! all, peak memory 121 MB. Of the accepted: 5,962 changed zip metadata only (entry and
//! directory order, compression, times, versions, allowed flags, extra fields, data
//! descriptors), 1,043 the key file's comment line or text after its key line, 570 the
//! signature's untrusted comment or text after its last line (both ignored by `minisign -V`
//! too), 1,152 carried a manifest this target had signed again, 1,183 were mutations that
//! changed nothing. Every accepted sample (495) extracted to the same files with unzip 6.0,
//! 7-Zip 26.02, bsdtar 3.6 (seeking and streaming) and Python's zipfile.
//!
//! Run after 国密 came, 2026-12-06, on an idle machine: 30,000 cases, 2,656 accepted, 27,344
//! refused, 0 panics, 0 hangs, slowest case 174 ms, 60 s in all, peak memory 78 MB. No case
//! whose `unit.sm2.pem` or `manifest.json.sm2sig` content had changed was accepted, nor any
//! manifest signed again with the minisign key alone (it would have panicked as a forgery).
//!
//! Findings, each kept in `tests/bundle_hostile.rs`: a global signature line cut short or
//! preceded by an empty line made the minisign crate panic (10 times in 30,000 cases before
//! the fix); and cross-checking accepted cases showed a Unix folder or device mode, an
//! MS-DOS folder or volume label attribute, a version needed above 4.6, local flags other
//! than central ones, flag bit 5 and a Unicode path field on a streamed entry each made one
//! of those tools see other files than this program.

use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::{Display, Write as _};
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};
use zhenggai::bundle::{
    MANIFEST, Manifest, PUBLIC_KEY, SIGNATURE, SM2_PUBLIC_KEY, SM2_SIGNATURE, SNAPSHOT,
    verify_bundle,
};
use zhenggai::guomi::sm3_hex;
use zhenggai::store::Store;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::mutate::{self, Rng};
use crate::{Target, Verdict};

/// The bundle reader under test. Its seeds and signing key are made on first use, so that
/// fuzzing another target does not pay for them.
pub struct BundleTarget {
    state: OnceCell<State>,
}

impl BundleTarget {
    /// A target whose seeds are built when first asked for.
    pub fn new() -> Self {
        Self {
            state: OnceCell::new(),
        }
    }

    fn state(&self) -> &State {
        self.state.get_or_init(|| match State::build() {
            Ok(state) => state,
            Err(err) => {
                eprintln!("bundle: could not build the seed bundles: {err}");
                std::process::exit(2);
            }
        })
    }
}

impl Target for BundleTarget {
    fn name(&self) -> &'static str {
        "bundle"
    }

    fn seeds(&self) -> Vec<Vec<u8>> {
        self.state()
            .seeds
            .iter()
            .map(|seed| seed.bytes.clone())
            .collect()
    }

    fn mutate(&self, rng: &mut Rng, seed: &[u8], seeds: &[Vec<u8>]) -> Vec<u8> {
        let state = self.state();
        let Some(index) = state.seeds.iter().position(|known| known.bytes == seed) else {
            return mutate::bytes(rng, seed, seeds);
        };
        let (label, bytes) = match rng.below(10) {
            0..=2 => ("bytes".to_owned(), mutate::bytes(rng, seed, seeds)),
            3..=6 => state.mutate_structure(rng, index),
            _ => state.mutate_entries(rng, index),
        };
        *state.last.borrow_mut() = (index, label);
        bytes
    }

    fn run(&self, input: &[u8]) -> Verdict {
        let state = self.state();
        if let Err(err) = std::fs::write(&state.case_path, input) {
            return Verdict::Refused(format!("could not write the case: {err}"));
        }
        match verify_bundle(&state.case_path) {
            Err(err) => {
                let message = err.to_string();
                state.tally_refused(&message);
                Verdict::Refused(message)
            }
            Ok(verified) => {
                state.tally_accepted(&verified.manifest_sha256, input);
                Verdict::Accepted
            }
        }
    }
}

/// The tallies of accepted and refused cases.
const REPORT: &str = "target/fuzz-findings/bundle-accepted.txt";
/// Where the seeds are written for inspection.
const SEEDS: &str = "target/fuzz-findings/bundle-seeds";
/// Where samples of the accepted cases are kept.
const ACCEPTED: &str = "target/fuzz-findings/bundle-accepted";
/// Accepted cases kept of each kind.
const SAMPLES_PER_KIND: u64 = 3;

/// One seed bundle, its entries and its records.
struct Seed {
    label: &'static str,
    bytes: Vec<u8>,
    entries: Vec<(String, Vec<u8>)>,
    model: Option<Model>,
}

/// Everything the target keeps between cases.
struct State {
    /// Holds the database and the case file.
    _folder: tempfile::TempDir,
    /// The demo unit, whose key signs mutated manifests again.
    store: Store,
    case_path: PathBuf,
    seeds: Vec<Seed>,
    /// sha256 of the seeds' manifests.
    seed_manifests: HashSet<String>,
    /// sha256 of every manifest this target signed.
    signed: RefCell<HashSet<String>>,
    /// The current case's seed and what its mutation did.
    last: RefCell<(usize, String)>,
    /// Accepted cases by what made them acceptable and what their mutation changed.
    accepted: RefCell<BTreeMap<String, u64>>,
    /// Refused cases by the kind of reason.
    refused: RefCell<BTreeMap<String, u64>>,
}

fn text<E: Display>(err: E) -> String {
    err.to_string()
}

impl State {
    fn build() -> Result<Self, String> {
        use chrono::NaiveDate;
        use zhenggai::demo::{DemoOptions, populate};
        use zhenggai::domain::{Command, EvidenceFile, SignOffDraft, UnitDraft};

        let folder = tempfile::tempdir().map_err(text)?;
        let mut store = Store::open(&folder.path().join("unit.sqlite")).map_err(text)?;
        let unit = UnitDraft {
            name: "市行政审批局".into(),
            superior: "市作风办".into(),
            ..UnitDraft::default()
        };
        zhenggai::setup::init_workbook(&mut store, unit, 2026).map_err(text)?;
        let today = NaiveDate::from_ymd_opt(2026, 6, 15).ok_or("date")?;
        populate(
            &mut store,
            &DemoOptions {
                problems: 3,
                seed: 7,
                today,
            },
        )
        .map_err(text)?;
        let measure_id = store
            .measures()
            .map_err(text)?
            .first()
            .ok_or("the demo has no measure")?
            .id;
        for (name, bytes) in [
            ("现场照片.jpg", noise(3000, 11)),
            (
                "说明.txt",
                "整改情况说明：已完成。\n".repeat(8).into_bytes(),
            ),
        ] {
            store
                .apply(&Command::AttachEvidence {
                    measure_id,
                    file: EvidenceFile::new(name, bytes),
                    added_on: today,
                })
                .map_err(text)?;
        }
        store
            .apply(&Command::SignOff(SignOffDraft {
                preparer: "李明".into(),
                reviewer: "张华".into(),
                leader: "王建国".into(),
            }))
            .map_err(text)?;
        let exported = folder.path().join("seed.zip");
        zhenggai::bundle::export_bundle(&store, None, &exported, &mut |_| {
            std::ops::ControlFlow::Continue(())
        })
        .map_err(text)?;
        let bytes = std::fs::read(&exported).map_err(text)?;
        let entries = unzip(&bytes).ok_or("the exported bundle does not unzip")?;
        let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        let variants = [
            ("exported", Some(bytes)),
            ("streamed", rezip_streamed(&entries)),
            ("zip64", rezip_with(&entries, &|_| stored.large_file(true))),
            (
                "aligned",
                rezip_with(&entries, &|_| stored.with_alignment(64)),
            ),
        ];
        let case_path = folder.path().join("case.zip");
        let mut seeds = Vec::new();
        let mut seed_manifests = HashSet::new();
        for (label, bytes) in variants {
            let Some(bytes) = bytes else {
                println!("bundle: seed {label} could not be written, left out");
                continue;
            };
            std::fs::write(&case_path, &bytes).map_err(text)?;
            match verify_bundle(&case_path) {
                Ok(verified) => {
                    seed_manifests.insert(verified.manifest_sha256);
                }
                Err(err) => {
                    println!("bundle: seed {label} is refused ({err}), left out");
                    continue;
                }
            }
            let _ = std::fs::create_dir_all(SEEDS);
            let _ = std::fs::write(Path::new(SEEDS).join(format!("{label}.zip")), &bytes);
            let entries = unzip(&bytes).ok_or("a seed does not unzip")?;
            let model = Model::parse(&bytes);
            seeds.push(Seed {
                label,
                bytes,
                entries,
                model,
            });
        }
        println!(
            "bundle: {} seeds ({}), {} bytes each or so",
            seeds.len(),
            seeds
                .iter()
                .map(|seed| seed.label)
                .collect::<Vec<_>>()
                .join(", "),
            seeds.first().map_or(0, |seed| seed.bytes.len())
        );
        Ok(Self {
            _folder: folder,
            store,
            case_path,
            seeds,
            seed_manifests,
            signed: RefCell::new(HashSet::new()),
            last: RefCell::new((0, String::new())),
            accepted: RefCell::new(BTreeMap::new()),
            refused: RefCell::new(BTreeMap::new()),
        })
    }

    /// Counts an accepted case. A manifest nobody signed is a forgery: the case panics, so
    /// that the harness saves it.
    fn tally_accepted(&self, manifest_sha256: &str, input: &[u8]) {
        let (seed, label) = self.last.borrow().clone();
        let unchanged = self.seeds.get(seed).is_some_and(|seed| seed.bytes == input);
        let class = if unchanged {
            "unchanged: the mutation undid itself or changed a value to itself".to_owned()
        } else if self.seed_manifests.contains(manifest_sha256) {
            let changed = self
                .seeds
                .get(seed)
                .map_or_else(|| "?".to_owned(), |seed| what_changed(seed, input));
            format!("seed's signed manifest, {label}: {changed}")
        } else if self.signed.borrow().contains(manifest_sha256) {
            format!("manifest signed again by the fuzzer, {label}")
        } else {
            panic!("a bundle whose manifest nobody signed was accepted ({label})");
        };
        let mut accepted = self.accepted.borrow_mut();
        let count = accepted.entry(class.clone()).or_default();
        *count += 1;
        let count = *count;
        if count <= SAMPLES_PER_KIND && !unchanged {
            let folder = Path::new(ACCEPTED);
            let _ = std::fs::create_dir_all(folder);
            let number = std::fs::read_dir(folder).map_or(0, Iterator::count);
            let _ = std::fs::write(folder.join(format!("{number:05}.zip")), input);
            let index = format!("{number:05}.zip\t{class}\n");
            let _ = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(folder.join("index.tsv"))
                .and_then(|mut file| file.write_all(index.as_bytes()));
        }
        drop(accepted);
        self.write_report();
    }

    /// Counts a refusal by the kind of its reason: the message up to its first colon, with
    /// quoted names and numbers left out.
    fn tally_refused(&self, message: &str) {
        let mut kind = String::new();
        let mut quoted = false;
        for c in message.chars() {
            match c {
                ':' | '：' if !quoted => break,
                '「' => {
                    quoted = true;
                    kind.push_str("「…」");
                }
                '」' => quoted = false,
                _ if quoted => {}
                '0'..='9' => {
                    if !kind.ends_with('N') {
                        kind.push('N');
                    }
                }
                _ => kind.push(c),
            }
        }
        let total = {
            let mut refused = self.refused.borrow_mut();
            *refused.entry(kind).or_default() += 1;
            refused.values().sum::<u64>()
        };
        if total % 1000 == 0 {
            self.write_report();
        }
    }

    fn write_report(&self) {
        let mut report = String::from("accepted, by what made them acceptable:\n");
        for (class, count) in self.accepted.borrow().iter() {
            let _ = writeln!(report, "{count:>8}  {class}");
        }
        report.push_str("\nrefused, by the kind of reason (counted up to the last thousand):\n");
        let refused = self.refused.borrow();
        let mut kinds: Vec<_> = refused.iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(a.1));
        for (kind, count) in kinds {
            let _ = writeln!(report, "{count:>8}  {kind}");
        }
        let _ = std::fs::write(Path::new(REPORT), report);
    }

    /// Takes the seed's zip apart into records, changes one to three fields, writes it back.
    fn mutate_structure(&self, rng: &mut Rng, index: usize) -> (String, Vec<u8>) {
        let Some(seed) = self.seeds.get(index) else {
            return ("bytes".into(), Vec::new());
        };
        let Some(mut model) = seed.model.clone() else {
            return ("bytes".into(), bytes_of(rng, &seed.bytes));
        };
        let names: Vec<Vec<u8>> = seed
            .entries
            .iter()
            .map(|(name, _)| name.as_bytes().to_vec())
            .collect();
        let mut labels = Vec::new();
        for _ in 0..=rng.below(3) {
            labels.push(model.mutate(rng, &names));
        }
        labels.sort_unstable();
        labels.dedup();
        (format!("structure: {}", labels.join(" + ")), model.write())
    }

    /// Unzips the seed, changes one entry (or the list of entries), zips it again.
    fn mutate_entries(&self, rng: &mut Rng, index: usize) -> (String, Vec<u8>) {
        let Some(seed) = self.seeds.get(index) else {
            return ("bytes".into(), Vec::new());
        };
        let mut entries = seed.entries.clone();
        let with_sm2 = rng.below(4) != 0;
        let label = match rng.below(14) {
            0 | 1 => {
                let resign = rng.below(2) == 0;
                let changed = edit_entry(&mut entries, MANIFEST, |bytes| {
                    mutate_json_bytes(rng, bytes);
                });
                if resign && changed {
                    self.sign_again(&mut entries, with_sm2);
                    "entry: manifest field, signed again"
                } else {
                    "entry: manifest field"
                }
            }
            2 => {
                edit_entry(&mut entries, MANIFEST, |bytes| {
                    *bytes = bytes_of(rng, bytes);
                });
                "entry: manifest bytes"
            }
            3 | 4 => {
                let consistent = rng.below(2) == 0;
                edit_entry(&mut entries, SNAPSHOT, |bytes| {
                    if rng.below(3) == 0 {
                        *bytes = bytes_of(rng, bytes);
                    } else {
                        mutate_json_bytes(rng, bytes);
                    }
                });
                if consistent {
                    self.make_consistent(&mut entries, with_sm2);
                    "entry: snapshot, manifest made consistent and signed again"
                } else {
                    "entry: snapshot"
                }
            }
            5 => {
                edit_entry(&mut entries, SIGNATURE, |bytes| {
                    mutate_minisign_text(rng, bytes, 1);
                });
                "entry: signature text"
            }
            6 => {
                edit_entry(&mut entries, PUBLIC_KEY, |bytes| {
                    mutate_minisign_text(rng, bytes, 1);
                });
                "entry: public key text"
            }
            7 => {
                if let Some(entry) = pick_mut(rng, &mut entries) {
                    entry.0 = String::from_utf8_lossy(&hostile_name(rng, &[])).into_owned();
                }
                "entry: renamed"
            }
            8 => {
                if !entries.is_empty() {
                    entries.remove(rng.below(entries.len()));
                }
                "entry: removed"
            }
            9 => {
                let name = String::from_utf8_lossy(&hostile_name(rng, &[])).into_owned();
                let bytes = noise(rng.below(2000), rng.next_u64());
                let at = rng.below(entries.len() + 1);
                entries.insert(at, (name, bytes));
                "entry: added"
            }
            10 => {
                if let Some(entry) = pick_mut(rng, &mut entries) {
                    entry.1 = bytes_of(rng, &entry.1);
                }
                "entry: content bytes"
            }
            11 => {
                edit_entry(&mut entries, SM2_SIGNATURE, |bytes| {
                    *bytes = bytes_of(rng, bytes);
                });
                "entry: SM2 signature bytes"
            }
            12 => {
                edit_entry(&mut entries, SM2_PUBLIC_KEY, |bytes| {
                    mutate_minisign_text(rng, bytes, 1);
                });
                "entry: SM2 public key text"
            }
            _ => {
                if entries.len() >= 2 {
                    let (a, b) = (rng.below(entries.len()), rng.below(entries.len()));
                    entries.swap(a, b);
                }
                "entry: order and compression only"
            }
        };
        let bytes = rezip_random(rng, &entries).unwrap_or_else(|| seed.bytes.clone());
        (label.to_owned(), bytes)
    }

    /// Signs the (changed) manifest again with the unit's minisign key, and with its SM2 key
    /// when `with_sm2`, and remembers it. Signed with minisign alone, a manifest that declares
    /// SM2 must be refused: only the SM2 key's holder can make it pass.
    fn sign_again(&self, entries: &mut [(String, Vec<u8>)], with_sm2: bool) {
        let Some(manifest) = entries
            .iter()
            .find(|(name, _)| name == MANIFEST)
            .map(|(_, bytes)| bytes.clone())
        else {
            return;
        };
        let comment = serde_json::from_slice::<Manifest>(&manifest).map_or_else(
            |_| "zhenggai-bundle v1".to_owned(),
            |manifest| manifest.trusted_comment(),
        );
        let Ok(signature) = self.store.sign(&manifest, &comment) else {
            return;
        };
        if with_sm2 {
            let Ok(sm2) = self.store.sign_sm2(&manifest) else {
                return;
            };
            edit_entry(entries, SM2_SIGNATURE, |bytes| *bytes = sm2);
            self.signed.borrow_mut().insert(sha256_hex(&manifest));
        }
        edit_entry(entries, SIGNATURE, |bytes| *bytes = signature.into_bytes());
    }

    /// After the snapshot changed: lists its new size and hash in the manifest, as data
    /// fingerprint too, and signs the manifest again, as the unit's own key holder could.
    fn make_consistent(&self, entries: &mut [(String, Vec<u8>)], with_sm2: bool) {
        let Some(snapshot) = entries
            .iter()
            .find(|(name, _)| name == SNAPSHOT)
            .map(|(_, bytes)| bytes.clone())
        else {
            return;
        };
        let hash = sha256_hex(&snapshot);
        let sm3 = sm3_hex(&snapshot);
        edit_entry(entries, MANIFEST, |bytes| {
            let Ok(mut manifest) = serde_json::from_slice::<Value>(bytes) else {
                return;
            };
            if let Some(files) = manifest.get_mut("files").and_then(Value::as_array_mut) {
                for file in files {
                    if file.get("path").and_then(Value::as_str) == Some(SNAPSHOT) {
                        file["bytes"] = snapshot.len().into();
                        file["sha256"] = hash.clone().into();
                        if file.get("sm3").is_some() {
                            file["sm3"] = sm3.clone().into();
                        }
                    }
                }
            }
            manifest["data_sha256"] = hash.clone().into();
            if manifest.get("data_sm3").is_some() {
                manifest["data_sm3"] = sm3.clone().into();
            }
            if let Some(sign_off) = manifest.get_mut("sign_off").and_then(Value::as_object_mut) {
                sign_off.insert("data_sha256".into(), hash.clone().into());
            }
            if let Ok(written) = serde_json::to_vec_pretty(&manifest) {
                *bytes = written;
            }
        });
        self.sign_again(entries, with_sm2);
    }
}

/// What an accepted case changed against its seed: the entries whose content differs, else
/// the record fields that differ.
fn what_changed(seed: &Seed, input: &[u8]) -> String {
    let Some(entries) = unzip(input) else {
        return "does not unzip".into();
    };
    let before: BTreeMap<&str, &[u8]> = seed
        .entries
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    let after: BTreeMap<&str, &[u8]> = entries
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    if before.keys().ne(after.keys()) {
        return "other entries (!)".into();
    }
    let changed: Vec<&str> = before
        .iter()
        .filter(|(name, bytes)| after.get(*name) != Some(*bytes))
        .map(|(name, _)| *name)
        .collect();
    if !changed.is_empty() {
        return format!("content of {}", changed.join(", "));
    }
    match (&seed.model, Model::parse(input)) {
        (Some(old), Some(new)) => {
            let fields = old.differences(&new);
            if fields.is_empty() {
                "nothing in the records (compressed data or padding)".into()
            } else {
                format!("only {}", fields.into_iter().collect::<Vec<_>>().join(", "))
            }
        }
        _ => "records unreadable".into(),
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    zhenggai::domain::audit::hex_lower(&Sha256::digest(bytes))
}

/// Deterministic incompressible bytes.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    (0..len).map(|_| rng.next_u64() as u8).collect()
}

/// Byte mutations of `input`, spliced with itself only (the shared mutator needs a non-empty
/// list of other inputs).
fn bytes_of(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    mutate::bytes(rng, input, &[input.to_vec()])
}

fn pick_mut<'a, T>(rng: &mut Rng, items: &'a mut [T]) -> Option<&'a mut T> {
    let at = rng.below(items.len());
    items.get_mut(at)
}

/// Applies `edit` to the entry named `name`; whether there was one.
fn edit_entry(
    entries: &mut [(String, Vec<u8>)],
    name: &str,
    edit: impl FnOnce(&mut Vec<u8>),
) -> bool {
    match entries.iter_mut().find(|(entry, _)| entry == name) {
        Some((_, bytes)) => {
            edit(bytes);
            true
        }
        None => false,
    }
}

/// Every entry of a zip, read whole; `None` when the zip crate cannot read it.
fn unzip(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut entries = Vec::with_capacity(archive.len());
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).ok()?;
        let mut content = Vec::new();
        file.read_to_end(&mut content).ok()?;
        entries.push((
            String::from_utf8_lossy(file.name_raw()).into_owned(),
            content,
        ));
    }
    Some(entries)
}

fn rezip_with(
    entries: &[(String, Vec<u8>)],
    options: &dyn Fn(usize) -> SimpleFileOptions,
) -> Option<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (index, (name, bytes)) in entries.iter().enumerate() {
        zip.start_file(name.as_str(), options(index)).ok()?;
        zip.write_all(bytes).ok()?;
    }
    Some(zip.finish().ok()?.into_inner())
}

/// The entries as a zip written to a stream, which cannot seek back: sizes and crc follow
/// each entry's data in a data descriptor.
fn rezip_streamed(entries: &[(String, Vec<u8>)]) -> Option<Vec<u8>> {
    let mut zip = ZipWriter::new_stream(Vec::new());
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), options).ok()?;
        zip.write_all(bytes).ok()?;
    }
    Some(zip.finish().ok()?.into_inner())
}

/// The entries zipped again, each stored or deflated at random (the zip crate refuses
/// duplicate names; such a case is written by hand in the structure mutations instead).
fn rezip_random(rng: &mut Rng, entries: &[(String, Vec<u8>)]) -> Option<Vec<u8>> {
    let methods: Vec<bool> = entries.iter().map(|_| rng.below(2) == 0).collect();
    rezip_with(entries, &|index| {
        let method = if methods.get(index).copied().unwrap_or(false) {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        SimpleFileOptions::default().compression_method(method)
    })
}

/// A name for an entry: one of the layout's, a path trick, a case twin, or a mangled one.
fn hostile_name(rng: &mut Rng, names: &[Vec<u8>]) -> Vec<u8> {
    const NAMES: &[&str] = &[
        "../../x",
        "data/../../x",
        "/etc/passwd",
        "C:\\evil.exe",
        "C:/evil.exe",
        "data/a.json:stream",
        "data//a.json",
        "data/./a.json",
        "data/",
        "evidence/",
        "data/snapshot.json",
        "DATA/SNAPSHOT.JSON",
        "data/Snapshot.json",
        "manifest.json",
        "Manifest.json",
        "unit.pub",
        "manifest.json.minisig",
        "data/ledger.csv",
        "reports/ledger.pdf",
        "evidence/0000.jpg",
        "notes/readme.txt",
        "data/sub/a.json",
        "",
        "数据/快照.json",
        "evidence/照片.jpg",
    ];
    match rng.below(4) {
        0 if !names.is_empty() => {
            let mut name = names
                .get(rng.below(names.len()))
                .cloned()
                .unwrap_or_default();
            mutate_small(rng, &mut name);
            name
        }
        1 => {
            let mut name = b"evidence/".to_vec();
            name.extend(std::iter::repeat_n(b'a', rng.below(400)));
            name
        }
        2 => {
            let mut name = NAMES
                .get(rng.below(NAMES.len()))
                .map_or(Vec::new(), |name| name.as_bytes().to_vec());
            if rng.below(4) == 0 {
                name.insert(
                    rng.below(name.len() + 1),
                    [0, b'\r', b'\n', 0xff][rng.below(4)],
                );
            }
            name
        }
        _ => NAMES
            .get(rng.below(NAMES.len()))
            .map_or(Vec::new(), |name| name.as_bytes().to_vec()),
    }
}

/// One small change to a short byte string.
fn mutate_small(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let at = rng.below(bytes.len() + 1);
    match rng.below(4) {
        0 if at < bytes.len() => {
            bytes.remove(at);
        }
        1 => bytes.insert(at, rng.next_u64() as u8),
        2 => {
            if let Some(byte) = bytes.get_mut(at) {
                *byte ^= 1 << rng.below(8);
            }
        }
        _ => bytes.truncate(at),
    }
}

/// A 32-bit field changed: by one, a bit, an edge value or at random.
fn tweak32(rng: &mut Rng, value: u32) -> u32 {
    match rng.below(5) {
        0 => value.wrapping_add(1),
        1 => value.wrapping_sub(1),
        2 => value ^ (1 << rng.below(32)),
        3 => [0, 1, 0x7FFF, 0xFFFF, 0x7FFF_FFFF, 0xFFFF_FFFE, u32::MAX][rng.below(7)],
        _ => rng.next_u64() as u32,
    }
}

fn tweak16(rng: &mut Rng, value: u16) -> u16 {
    match rng.below(4) {
        0 => value.wrapping_add(1),
        1 => value.wrapping_sub(1),
        2 => value ^ (1 << rng.below(16)),
        _ => [0, 1, 8, 0x7FFF, u16::MAX][rng.below(5)],
    }
}

// ------------------------------------------------------------------------------------------
// JSON and minisign text mutations.

/// Parses `bytes` as JSON, changes one value, writes it back pretty (as the exporter does);
/// bytes that are not JSON get a byte mutation instead.
fn mutate_json_bytes(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let Ok(mut value) = serde_json::from_slice::<Value>(bytes) else {
        *bytes = bytes_of(rng, bytes);
        return;
    };
    let mut paths = Vec::new();
    collect_paths(&value, String::new(), &mut paths);
    let Some(path) = paths.get(rng.below(paths.len())).cloned() else {
        return;
    };
    if let Some(target) = value.pointer_mut(&path) {
        mutate_value(rng, target);
    }
    let written = if rng.below(4) == 0 {
        serde_json::to_vec(&value)
    } else {
        serde_json::to_vec_pretty(&value)
    };
    if let Ok(written) = written {
        *bytes = written;
    }
}

/// Every JSON pointer in `value`, at most a few thousand.
fn collect_paths(value: &Value, path: String, paths: &mut Vec<String>) {
    if paths.len() > 4000 {
        return;
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                collect_paths(child, format!("{path}/{escaped}"), paths);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                collect_paths(child, format!("{path}/{index}"), paths);
            }
        }
        _ => {}
    }
    paths.push(path);
}

fn mutate_value(rng: &mut Rng, value: &mut Value) {
    match value {
        Value::Object(map) if rng.below(2) == 0 => {
            if rng.below(2) == 0 {
                let key = map.keys().nth(rng.below(map.len())).cloned();
                if let Some(key) = key {
                    map.remove(&key);
                }
            } else {
                map.insert("unknown".into(), Value::from(1));
            }
        }
        Value::Array(items) if rng.below(2) == 0 => {
            let at = rng.below(items.len());
            match (rng.below(3), items.get(at).cloned()) {
                (0, Some(copy)) => items.push(copy),
                (1, Some(_)) => {
                    items.remove(at);
                }
                _ => items.reverse(),
            }
        }
        Value::String(text) if rng.below(3) == 0 => {
            let mut bytes = text.clone().into_bytes();
            mutate_small(rng, &mut bytes);
            *text = String::from_utf8_lossy(&bytes).into_owned();
        }
        Value::String(text) if rng.below(2) == 0 => {
            *text = String::from_utf8_lossy(&hostile_name(rng, &[])).into_owned();
        }
        Value::Number(_) if rng.below(2) == 0 => {
            *value = match rng.below(7) {
                0 => Value::from(-1),
                1 => Value::from(u64::MAX),
                2 => Value::from(i64::MIN),
                3 => Value::from(1.5),
                4 => Value::from(0),
                5 => Value::from(1_u64 << 40),
                _ => Value::from(rng.next_u64() % 1000),
            };
        }
        _ => {
            *value = match rng.below(6) {
                0 => Value::Null,
                1 => Value::from(true),
                2 => Value::from(7),
                3 => Value::from(""),
                4 => Value::Array(Vec::new()),
                _ => Value::Object(serde_json::Map::new()),
            };
        }
    }
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0_u32, |acc, (i, byte)| {
            acc | (u32::from(*byte) << (16 - 8 * i))
        });
        for i in 0..4 {
            if i <= chunk.len() {
                let digit = (n >> (18 - 6 * i)) & 63;
                out.push(char::from(
                    BASE64.get(digit as usize).copied().unwrap_or(b'A'),
                ));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Lenient base64 (padding and unknown characters skipped).
fn base64_decode(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0_u32, 0_u32);
    for byte in text.bytes() {
        let Some(value) = BASE64.iter().position(|c| *c == byte) else {
            continue;
        };
        acc = (acc << 6) | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Changes a `.minisig` or `.pub` text line-wise: its algorithm or key bytes, one character,
/// white space, line breaks, NUL and CR, lines removed, repeated or added, overlong lines.
fn mutate_minisign_text(rng: &mut Rng, bytes: &mut Vec<u8>, base64_line: usize) {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let count = lines.len();
    let line = if rng.below(2) == 0 {
        base64_line.min(count.saturating_sub(1))
    } else {
        rng.below(count)
    };
    match rng.below(12) {
        0 | 1 => {
            if let Some(text) = lines.get_mut(line) {
                let mut decoded = base64_decode(text);
                let algorithm: &[u8; 2] = [b"Ed", b"ED", b"Ec", b"\0\0", b"eD"][rng.below(5)];
                for (slot, byte) in decoded.iter_mut().zip(algorithm) {
                    *slot = *byte;
                }
                *text = base64_encode(&decoded);
            }
        }
        2 => {
            if let Some(text) = lines.get_mut(line) {
                let mut decoded = base64_decode(text);
                match rng.below(3) {
                    0 => decoded.truncate(rng.below(decoded.len() + 1)),
                    1 => decoded.push(rng.next_u64() as u8),
                    _ => {
                        if let Some(byte) = pick_mut(rng, &mut decoded) {
                            *byte ^= 1 << rng.below(8);
                        }
                    }
                }
                *text = base64_encode(&decoded);
            }
        }
        3 => {
            if let Some(text) = lines.get_mut(line) {
                let mut chars: Vec<char> = text.chars().collect();
                let at = rng.below(chars.len());
                let replacement = char::from(BASE64.get(rng.below(64)).copied().unwrap_or(b'A'));
                if let Some(slot) = chars.get_mut(at) {
                    *slot = replacement;
                }
                *text = chars.into_iter().collect();
            }
        }
        4 => {
            if let Some(text) = lines.get_mut(line) {
                let space = [" ", "\t", "\u{3000}"][rng.below(3)];
                if rng.below(2) == 0 {
                    text.insert_str(0, space);
                } else {
                    text.push_str(space);
                }
            }
        }
        5 => {
            for text in &mut lines {
                text.push('\r');
            }
        }
        6 => {
            if let Some(text) = lines.get_mut(line) {
                let at = rng.below(text.len() + 1);
                if text.is_char_boundary(at) {
                    text.insert(at, ['\0', '\r'][rng.below(2)]);
                }
            }
        }
        7 => {
            if count > 0 {
                lines.remove(rng.below(count));
            }
        }
        8 => {
            if let Some(copy) = lines.get(line).cloned() {
                lines.insert(line, copy);
            }
        }
        9 => lines.push("附加的一行".into()),
        10 => {
            if let Some(text) = lines.get_mut(line) {
                text.push_str(&"x".repeat(1000 + rng.below(8000)));
            }
        }
        _ => {
            let (a, b) = (rng.below(count), rng.below(count));
            lines.swap(a, b);
        }
    }
    *bytes = lines.join("\n").into_bytes();
}

// ------------------------------------------------------------------------------------------
// The zip taken apart into its records, to change fields a zip writer never would.

/// A local file header.
#[derive(Clone, PartialEq)]
struct Local {
    version: u16,
    flags: u16,
    method: u16,
    time: u16,
    date: u16,
    crc: u32,
    compressed: u32,
    size: u32,
    name: Vec<u8>,
    extra: Vec<u8>,
}

/// A central directory record.
#[derive(Clone, PartialEq)]
struct CentralRecord {
    made_by: u16,
    version: u16,
    flags: u16,
    method: u16,
    time: u16,
    date: u16,
    crc: u32,
    compressed: u32,
    size: u32,
    name: Vec<u8>,
    extra: Vec<u8>,
    comment: Vec<u8>,
    disk: u16,
    internal: u16,
    external: u32,
    offset: u32,
}

/// One entry: bytes before its header, the header, its data, what follows the data (a data
/// descriptor, say) and its central record.
#[derive(Clone)]
struct Member {
    gap: Vec<u8>,
    local: Local,
    data: Vec<u8>,
    after: Vec<u8>,
    central: CentralRecord,
}

/// The end of central directory record.
#[derive(Clone, PartialEq)]
struct End {
    disk: u16,
    directory_disk: u16,
    on_disk: u16,
    total: u16,
    size: u32,
    offset: u32,
    comment: Vec<u8>,
}

/// A zip as records.
#[derive(Clone)]
struct Model {
    prefix: Vec<u8>,
    members: Vec<Member>,
    /// The central directory: indexes into `members`, in its order.
    directory: Vec<usize>,
    /// Between the directory and the end record (the zip64 end records).
    between: Vec<u8>,
    end: End,
    trailing: Vec<u8>,
    /// Whether offsets, counts and sizes are set to the truth when written.
    fix: bool,
}

fn le16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(*bytes.get(at..)?.first_chunk()?))
}

fn le32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(*bytes.get(at..)?.first_chunk()?))
}

fn slice(bytes: &[u8], at: usize, len: usize) -> Option<Vec<u8>> {
    Some(bytes.get(at..at.checked_add(len)?)?.to_vec())
}

impl Model {
    /// Takes a well-formed zip apart; `None` for anything else.
    fn parse(bytes: &[u8]) -> Option<Self> {
        let archive = ZipArchive::new(Cursor::new(bytes)).ok()?;
        let end_at = bytes.len().checked_sub(22)?;
        let end_bytes = bytes.get(end_at..)?;
        if le32(end_bytes, 0)? != 0x0605_4b50 {
            return None;
        }
        let end = End {
            disk: le16(end_bytes, 4)?,
            directory_disk: le16(end_bytes, 6)?,
            on_disk: le16(end_bytes, 8)?,
            total: le16(end_bytes, 10)?,
            size: le32(end_bytes, 12)?,
            offset: le32(end_bytes, 16)?,
            comment: Vec::new(),
        };
        let directory_start = usize::try_from(archive.central_directory_start()).ok()?;
        let mut at = directory_start;
        let mut records = Vec::new();
        for index in 0..archive.len() {
            let entry = archive.by_index_data(index).ok()?;
            let fixed = bytes.get(at..at.checked_add(46)?)?;
            if le32(fixed, 0)? != 0x0201_4b50 {
                return None;
            }
            let (name_len, extra_len, comment_len) = (
                usize::from(le16(fixed, 28)?),
                usize::from(le16(fixed, 30)?),
                usize::from(le16(fixed, 32)?),
            );
            let name = slice(bytes, at + 46, name_len)?;
            let extra = slice(bytes, at + 46 + name_len, extra_len)?;
            let comment = slice(bytes, at + 46 + name_len + extra_len, comment_len)?;
            let central = CentralRecord {
                made_by: le16(fixed, 4)?,
                version: le16(fixed, 6)?,
                flags: le16(fixed, 8)?,
                method: le16(fixed, 10)?,
                time: le16(fixed, 12)?,
                date: le16(fixed, 14)?,
                crc: le32(fixed, 16)?,
                compressed: le32(fixed, 20)?,
                size: le32(fixed, 24)?,
                name,
                extra,
                comment,
                disk: le16(fixed, 34)?,
                internal: le16(fixed, 36)?,
                external: le32(fixed, 38)?,
                offset: le32(fixed, 42)?,
            };
            let header_start = usize::try_from(entry.header_start()).ok()?;
            let compressed = usize::try_from(entry.compressed_size()).ok()?;
            records.push((header_start, compressed, central));
            at = at + 46 + name_len + extra_len + comment_len;
        }
        let between = bytes.get(at..end_at)?.to_vec();
        // Members in file order; the directory keeps its own order.
        let mut order: Vec<usize> = (0..records.len()).collect();
        order.sort_by_key(|index| records.get(*index).map_or(0, |record| record.0));
        let starts: Vec<usize> = order
            .iter()
            .filter_map(|index| records.get(*index).map(|record| record.0))
            .collect();
        let prefix = bytes
            .get(..starts.first().copied().unwrap_or(directory_start))?
            .to_vec();
        let mut members = Vec::with_capacity(records.len());
        let mut directory = vec![0; records.len()];
        for (position, index) in order.iter().enumerate() {
            let (header_start, compressed, central) = records.get(*index)?.clone();
            let fixed = bytes.get(header_start..header_start.checked_add(30)?)?;
            if le32(fixed, 0)? != 0x0403_4b50 {
                return None;
            }
            let name_len = usize::from(le16(fixed, 26)?);
            let extra_len = usize::from(le16(fixed, 28)?);
            let local = Local {
                version: le16(fixed, 4)?,
                flags: le16(fixed, 6)?,
                method: le16(fixed, 8)?,
                time: le16(fixed, 10)?,
                date: le16(fixed, 12)?,
                crc: le32(fixed, 14)?,
                compressed: le32(fixed, 18)?,
                size: le32(fixed, 22)?,
                name: slice(bytes, header_start + 30, name_len)?,
                extra: slice(bytes, header_start + 30 + name_len, extra_len)?,
            };
            let data_start = header_start + 30 + name_len + extra_len;
            let data_end = data_start.checked_add(compressed)?;
            let next = starts.get(position + 1).copied().unwrap_or(directory_start);
            members.push(Member {
                gap: Vec::new(),
                local,
                data: bytes.get(data_start..data_end)?.to_vec(),
                after: bytes.get(data_end..next)?.to_vec(),
                central,
            });
            if let Some(slot) = directory.get_mut(*index) {
                *slot = position;
            }
        }
        Some(Self {
            prefix,
            members,
            directory,
            between,
            end,
            trailing: Vec::new(),
            fix: true,
        })
    }

    /// Writes the records back, with offsets, counts and sizes set right when `fix`.
    fn write(&self) -> Vec<u8> {
        let mut out = self.prefix.clone();
        let mut offsets = Vec::with_capacity(self.members.len());
        for member in &self.members {
            out.extend_from_slice(&member.gap);
            offsets.push(out.len() as u32);
            let local = &member.local;
            out.extend_from_slice(&0x0403_4b50_u32.to_le_bytes());
            for field in [
                local.version,
                local.flags,
                local.method,
                local.time,
                local.date,
            ] {
                out.extend_from_slice(&field.to_le_bytes());
            }
            for field in [local.crc, local.compressed, local.size] {
                out.extend_from_slice(&field.to_le_bytes());
            }
            out.extend_from_slice(&(local.name.len() as u16).to_le_bytes());
            out.extend_from_slice(&(local.extra.len() as u16).to_le_bytes());
            out.extend_from_slice(&local.name);
            out.extend_from_slice(&local.extra);
            out.extend_from_slice(&member.data);
            out.extend_from_slice(&member.after);
        }
        let directory_start = out.len();
        for &index in &self.directory {
            let Some(member) = self.members.get(index) else {
                continue;
            };
            let central = &member.central;
            let offset = match offsets.get(index) {
                Some(offset) if self.fix && central.offset != u32::MAX => *offset,
                _ => central.offset,
            };
            out.extend_from_slice(&0x0201_4b50_u32.to_le_bytes());
            for field in [
                central.made_by,
                central.version,
                central.flags,
                central.method,
                central.time,
                central.date,
            ] {
                out.extend_from_slice(&field.to_le_bytes());
            }
            for field in [central.crc, central.compressed, central.size] {
                out.extend_from_slice(&field.to_le_bytes());
            }
            for field in [
                central.name.len() as u16,
                central.extra.len() as u16,
                central.comment.len() as u16,
                central.disk,
                central.internal,
            ] {
                out.extend_from_slice(&field.to_le_bytes());
            }
            out.extend_from_slice(&central.external.to_le_bytes());
            out.extend_from_slice(&offset.to_le_bytes());
            out.extend_from_slice(&central.name);
            out.extend_from_slice(&central.extra);
            out.extend_from_slice(&central.comment);
        }
        let directory_size = out.len() - directory_start;
        out.extend_from_slice(&self.between);
        let mut end = self.end.clone();
        if self.fix {
            let count = self.directory.len() as u16;
            end.on_disk = count;
            end.total = count;
            end.size = directory_size as u32;
            if end.offset != u32::MAX {
                end.offset = directory_start as u32;
            }
        }
        out.extend_from_slice(&0x0605_4b50_u32.to_le_bytes());
        for field in [end.disk, end.directory_disk, end.on_disk, end.total] {
            out.extend_from_slice(&field.to_le_bytes());
        }
        out.extend_from_slice(&end.size.to_le_bytes());
        out.extend_from_slice(&end.offset.to_le_bytes());
        out.extend_from_slice(&(end.comment.len() as u16).to_le_bytes());
        out.extend_from_slice(&end.comment);
        out.extend_from_slice(&self.trailing);
        out
    }

    /// Changes one thing; returns what.
    fn mutate(&mut self, rng: &mut Rng, names: &[Vec<u8>]) -> &'static str {
        let count = self.members.len();
        let at = rng.below(count);
        let other = rng.below(count);
        let hidden = self.members.get(other).map(Member::raw).unwrap_or_default();
        let Some(member) = self.members.get_mut(at) else {
            return "nothing";
        };
        match rng.below(22) {
            0 => {
                member.local.name = hostile_name(rng, names);
                "local name"
            }
            1 => {
                member.central.name = hostile_name(rng, names);
                "central name"
            }
            2 => {
                let name = hostile_name(rng, names);
                member.local.name.clone_from(&name);
                member.central.name = name;
                "both names"
            }
            3 => {
                let local = &mut member.local;
                match rng.below(3) {
                    0 => local.crc = tweak32(rng, local.crc),
                    1 => local.compressed = tweak32(rng, local.compressed),
                    _ => local.size = tweak32(rng, local.size),
                }
                "local crc or size"
            }
            4 => {
                let central = &mut member.central;
                match rng.below(3) {
                    0 => central.crc = tweak32(rng, central.crc),
                    1 => central.compressed = tweak32(rng, central.compressed),
                    _ => central.size = tweak32(rng, central.size),
                }
                "central crc or size"
            }
            5 => {
                let method = [0, 8, 12, 14, 99, rng.next_u64() as u16][rng.below(6)];
                match rng.below(3) {
                    0 => member.local.method = method,
                    1 => member.central.method = method,
                    _ => {
                        member.local.method = method;
                        member.central.method = method;
                    }
                }
                "method"
            }
            6 => {
                let bit = [0, 1, 2, 3, 5, 6, 11, 13, rng.below(16)][rng.below(9)];
                match rng.below(3) {
                    0 => member.local.flags ^= 1 << bit,
                    1 => member.central.flags ^= 1 << bit,
                    _ => {
                        member.local.flags ^= 1 << bit;
                        member.central.flags ^= 1 << bit;
                    }
                }
                "flags"
            }
            7 => {
                let field = extra_field(rng, &member.central.name);
                match rng.below(3) {
                    0 => member.local.extra.extend_from_slice(&field),
                    1 => member.central.extra.extend_from_slice(&field),
                    _ => {
                        member.local.extra.extend_from_slice(&field);
                        member.central.extra.extend_from_slice(&field);
                    }
                }
                "extra field"
            }
            8 => {
                member.central.comment = b"entry comment".to_vec();
                "entry comment"
            }
            9 => {
                let end = &mut self.end;
                self.fix = rng.below(4) == 0;
                match rng.below(6) {
                    0 => end.disk = tweak16(rng, end.disk),
                    1 => end.directory_disk = tweak16(rng, end.directory_disk),
                    2 => end.on_disk = tweak16(rng, end.on_disk),
                    3 => end.total = tweak16(rng, end.total),
                    4 => end.size = tweak32(rng, end.size),
                    _ => end.offset = tweak32(rng, end.offset),
                }
                "end record"
            }
            10 => {
                self.end.comment = if rng.below(2) == 0 {
                    b"comment".to_vec()
                } else {
                    // A second, false end record inside the comment.
                    let mut fake = 0x0605_4b50_u32.to_le_bytes().to_vec();
                    fake.extend_from_slice(&[0; 18]);
                    fake
                };
                "zip comment"
            }
            11 => {
                member.gap = if rng.below(2) == 0 {
                    hidden
                } else {
                    vec![0; 1 + rng.below(64)]
                };
                "bytes before an entry"
            }
            12 => {
                if rng.below(2) == 0 {
                    self.prefix = b"MZ\x90\0 stub".to_vec();
                } else {
                    self.trailing = if rng.below(2) == 0 {
                        hidden
                    } else {
                        b"trailing".to_vec()
                    };
                }
                "bytes before or after the zip"
            }
            13 => {
                let directory = &mut self.directory;
                match rng.below(3) {
                    0 if !directory.is_empty() => {
                        directory.remove(rng.below(directory.len()));
                    }
                    1 => directory.push(at),
                    _ if directory.len() >= 2 => {
                        let (a, b) = (rng.below(directory.len()), rng.below(directory.len()));
                        directory.swap(a, b);
                    }
                    _ => {}
                }
                "directory order or count"
            }
            14 => {
                self.members.swap(at, other);
                // The directory follows the members it names.
                for index in &mut self.directory {
                    if *index == at {
                        *index = other;
                    } else if *index == other {
                        *index = at;
                    }
                }
                "entry order"
            }
            15 => {
                member.central.offset = tweak32(rng, member.central.offset);
                self.fix = false;
                "central offset"
            }
            16 => {
                // Streamed: flag 3, crc and sizes 0 locally, a descriptor after the data,
                // right or wrong.
                member.local.flags |= 8;
                member.central.flags |= 8;
                member.local.crc = 0;
                member.local.compressed = 0;
                member.local.size = 0;
                let central = &member.central;
                let mut descriptor = Vec::new();
                if rng.below(2) == 0 {
                    descriptor.extend_from_slice(&0x0807_4b50_u32.to_le_bytes());
                }
                let mut fields = [central.crc, central.compressed, central.size];
                if rng.below(3) == 0
                    && let Some(field) = pick_mut(rng, &mut fields)
                {
                    *field = tweak32(rng, *field);
                }
                for field in fields {
                    descriptor.extend_from_slice(&field.to_le_bytes());
                }
                member.after = descriptor;
                "data descriptor"
            }
            17 => {
                let central = &mut member.central;
                match rng.below(3) {
                    0 => central.external = 0o120_777 << 16,
                    1 => central.external = 0x10,
                    _ => central.external = rng.next_u64() as u32,
                }
                central.made_by = [0x0314, 0x0014, 0x0A14, rng.next_u64() as u16][rng.below(4)];
                "attributes"
            }
            18 => {
                if rng.below(2) == 0 {
                    member.local.time = rng.next_u64() as u16;
                    member.local.date = rng.next_u64() as u16;
                } else {
                    member.central.time = rng.next_u64() as u16;
                    member.central.date = rng.next_u64() as u16;
                }
                "time"
            }
            19 => {
                member.local.version = tweak16(rng, member.local.version);
                member.central.version = tweak16(rng, member.central.version);
                "versions"
            }
            20 => {
                member.data = bytes_of(rng, &member.data);
                "compressed data"
            }
            _ => {
                member.central.disk = tweak16(rng, member.central.disk);
                member.central.internal = tweak16(rng, member.central.internal);
                "disk number or internal attributes"
            }
        }
    }

    /// The record fields in which `other` differs from this model, by name.
    fn differences(&self, other: &Self) -> BTreeSet<&'static str> {
        let mut fields = BTreeSet::new();
        if self.prefix != other.prefix || self.trailing != other.trailing {
            fields.insert("bytes around the zip");
        }
        if self.between != other.between {
            fields.insert("zip64 end records");
        }
        if self.end != other.end {
            fields.insert("end record");
        }
        if self.directory != other.directory {
            fields.insert("directory order");
        }
        if self.members.len() != other.members.len() {
            fields.insert("entry count");
        }
        for (a, b) in self.members.iter().zip(&other.members) {
            if a.local.name != b.local.name || a.central.name != b.central.name {
                fields.insert("entry order");
                continue;
            }
            let (la, lb, ca, cb) = (&a.local, &b.local, &a.central, &b.central);
            for (differs, name) in [
                (
                    ca.crc != cb.crc || ca.size != cb.size,
                    "central crc or size",
                ),
                (
                    ca.compressed != cb.compressed || ca.offset != cb.offset,
                    "central size or offset",
                ),
                (ca.comment != cb.comment, "entry comment"),
                (ca.disk != cb.disk, "disk number"),
                (a.gap != b.gap, "bytes between entries"),
                (a.after != b.after, "data descriptor"),
                (a.data != b.data, "compressed data"),
                (la.time != lb.time || la.date != lb.date, "local time"),
                (ca.time != cb.time || ca.date != cb.date, "central time"),
                (
                    la.version != lb.version || ca.version != cb.version,
                    "version needed",
                ),
                (ca.made_by != cb.made_by, "made by"),
                (ca.external != cb.external, "external attributes"),
                (ca.internal != cb.internal, "internal attributes"),
                (la.flags != lb.flags || ca.flags != cb.flags, "flags"),
                (la.method != lb.method || ca.method != cb.method, "method"),
                (la.extra != lb.extra, "local extra field"),
                (ca.extra != cb.extra, "central extra field"),
                (la.crc != lb.crc || la.size != lb.size, "local crc or size"),
                (la.compressed != lb.compressed, "local crc or size"),
            ] {
                if differs {
                    fields.insert(name);
                }
            }
        }
        fields
    }
}

impl Member {
    /// The member's local header and data as bytes, to hide elsewhere.
    fn raw(&self) -> Vec<u8> {
        let mut model = Model {
            prefix: Vec::new(),
            members: vec![self.clone()],
            directory: Vec::new(),
            between: Vec::new(),
            end: End {
                disk: 0,
                directory_disk: 0,
                on_disk: 0,
                total: 0,
                size: 0,
                offset: 0,
                comment: Vec::new(),
            },
            trailing: Vec::new(),
            fix: true,
        };
        if let Some(member) = model.members.first_mut() {
            member.gap.clear();
            member.local.name = b"../../x".to_vec();
        }
        let mut bytes = model.write();
        bytes.truncate(bytes.len().saturating_sub(22));
        bytes
    }
}

/// An extra field: zip64 sizes, a Unicode path (naming the entry or another file), an
/// extended timestamp, padding, or a malformed one.
fn extra_field(rng: &mut Rng, name: &[u8]) -> Vec<u8> {
    let (id, data): (u16, Vec<u8>) = match rng.below(6) {
        0 => (0x0001, noise(8 * (1 + rng.below(3)), rng.next_u64())),
        1 => {
            let mut data = vec![1];
            data.extend_from_slice(&crc32(name).to_le_bytes());
            if rng.below(2) == 0 {
                data.extend_from_slice(name);
            } else {
                data.extend_from_slice(b"data/ledger.csv");
            }
            (0x7075, data)
        }
        2 => (0x5455, vec![1, 0, 0, 0, 0]),
        3 => (0xD935, vec![0; rng.below(16)]),
        4 => return vec![0x01, 0x00, 0x10],
        _ => (rng.next_u64() as u16, noise(rng.below(32), rng.next_u64())),
    };
    let mut field = id.to_le_bytes().to_vec();
    field.extend_from_slice(&(data.len() as u16).to_le_bytes());
    field.extend_from_slice(&data);
    field
}

/// CRC-32 of the zip format, bit by bit.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0_u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
