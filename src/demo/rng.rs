//! A small deterministic random number generator (splitmix64) and date helpers built on it.
//!
//! The demo data must be identical for the same seed on every platform and in every release, so
//! it uses this hand-written generator instead of a crate whose stream could change.

use chrono::{Datelike, Days, NaiveDate};

/// The splitmix64 generator: tiny, fast, and good enough for demo data.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// Starts a generator from `seed`; the same seed always gives the same stream.
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound`; 0 when `bound` is 0.
    pub fn below(&mut self, bound: usize) -> usize {
        // The high half of a 64×64-bit product maps the random bits onto the range without the
        // bias of a plain modulo worth worrying about here.
        ((u128::from(self.next_u64()) * bound as u128) >> 64) as usize
    }

    /// A number in `low..=high`; `low` when the range is empty.
    pub fn between(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            return low;
        }
        low + self.below((high - low + 1) as usize) as i64
    }

    /// True with a probability of `percent` in a hundred.
    pub fn percent(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }

    /// True with a probability of `per_mille` in a thousand.
    pub fn per_mille(&mut self, per_mille: u32) -> bool {
        self.below(1000) < per_mille as usize
    }

    /// A copy of one element of a non-empty slice.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// One element of a non-empty slice, borrowed.
    pub fn pick_ref<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// One value chosen by its weight; the first value when every weight is 0.
    pub fn weighted<T: Copy>(&mut self, choices: &[(T, u32)]) -> T {
        let total: u32 = choices.iter().map(|&(_, weight)| weight).sum();
        let mut roll = self.below(total as usize) as u32;
        for &(value, weight) in choices {
            if roll < weight {
                return value;
            }
            roll -= weight;
        }
        choices[0].0
    }

    /// Up to `count` distinct indices of `0..len`, in the order they were drawn.
    pub fn sample(&mut self, len: usize, count: usize) -> Vec<usize> {
        let mut indices: Vec<usize> = (0..len).collect();
        let count = count.min(len);
        // A partial Fisher–Yates shuffle: the first `count` slots end up a random sample.
        for slot in 0..count {
            let other = slot + self.below(len - slot);
            indices.swap(slot, other);
        }
        indices.truncate(count);
        indices
    }

    /// A day in `first..=last`; `first` when the range is empty.
    pub fn date_between(&mut self, first: NaiveDate, last: NaiveDate) -> NaiveDate {
        let span = (last - first).num_days();
        add_days(first, self.between(0, span))
    }
}

/// `date` moved by `days` (negative moves back), saturating at the calendar's ends.
pub fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    let magnitude = Days::new(days.unsigned_abs());
    let moved = if days >= 0 {
        date.checked_add_days(magnitude)
    } else {
        date.checked_sub_days(magnitude)
    };
    moved.unwrap_or(date)
}

/// The last day of `date`'s month: ledgers usually set deadlines at a month's end.
pub fn month_end(date: NaiveDate) -> NaiveDate {
    let (year, month) = if date.month() == 12 {
        (date.year() + 1, 1)
    } else {
        (date.year(), date.month() + 1)
    };
    NaiveDate::from_ymd_opt(year, month, 1)
        .and_then(|first| first.pred_opt())
        .unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_ranges_hold() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        for _ in 0..1000 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        let mut rng = Rng::new(7);
        for _ in 0..1000 {
            assert!(rng.below(5) < 5);
            assert!((3..=9).contains(&rng.between(3, 9)));
        }
        assert_eq!(rng.below(0), 0);
        assert_eq!(rng.between(5, 2), 5);
        let sample = rng.sample(10, 4);
        assert_eq!(sample.len(), 4);
        let mut sorted = sample.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 4);
        assert_eq!(rng.sample(2, 5).len(), 2);
    }

    #[test]
    fn month_end_and_day_arithmetic() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(month_end(day(2026, 2, 10)), day(2026, 2, 28));
        assert_eq!(month_end(day(2026, 12, 31)), day(2026, 12, 31));
        assert_eq!(add_days(day(2026, 3, 1), -1), day(2026, 2, 28));
        assert_eq!(add_days(day(2026, 3, 1), 31), day(2026, 4, 1));
    }
}
