//! Seeded randomness (splitmix64): the same seed gives the same plan of runs, kill delays and
//! fill levels, so a harness run can be repeated.

/// The demo data's splitmix64 generator, with the draws the harnesses use.
#[derive(Debug, Clone)]
pub struct SplitMix64(zhenggai::demo::Rng);

impl SplitMix64 {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(zhenggai::demo::Rng::new(seed))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A number in `0..bound` (0 when `bound` is 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        if bound == 0 {
            return 0;
        }
        // The modulo bias is below 2^-40 for the bounds used here.
        self.next_u64() % bound
    }

    /// True about half of the time.
    pub fn coin(&mut self) -> bool {
        self.next_u64() & 1 == 1
    }
}
