//! Caps that keep a hostile bundle from exhausting memory or disk before it is rejected.

/// The caps a bundle must stay within. [`Limits::default`] is what `verify` and import use;
/// tests lower them to build small hostile files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The bundle file's size on disk.
    pub max_bundle_bytes: u64,
    /// Entries in the archive, the three signature files included.
    pub max_entries: usize,
    /// One entry's uncompressed size.
    pub max_entry_bytes: u64,
    /// The sum of all entries' uncompressed sizes.
    pub max_total_bytes: u64,
    /// The data files read into memory (manifest, canonical data): each at most this.
    pub max_data_bytes: u64,
    /// Uncompressed over compressed size, checked for entries above [`Self::ratio_floor`].
    pub max_ratio: u64,
    /// Entries smaller than this are not checked for their ratio: tiny repetitive files
    /// compress well without being bombs.
    pub ratio_floor: u64,
}

impl Default for Limits {
    fn default() -> Self {
        const MIB: u64 = 1024 * 1024;
        Self {
            max_bundle_bytes: 4096 * MIB,
            max_entries: 20_000,
            max_entry_bytes: 1024 * MIB,
            max_total_bytes: 8192 * MIB,
            max_data_bytes: 512 * MIB,
            // Canonical JSON of a large ledger deflates about 10:1; 200:1 is far beyond any
            // real file and far below a bomb's thousands to one.
            max_ratio: 200,
            ratio_floor: MIB,
        }
    }
}
