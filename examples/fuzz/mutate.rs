//! A seeded random generator and byte-level mutations, shared by every fuzz target.

/// The demo data's splitmix64 generator: the same seed gives the same cases on every machine.
pub use zhenggai::demo::Rng;

/// Values that find edge cases in sizes, counts and offsets.
const INTERESTING: &[u64] = &[
    0,
    1,
    0x7F,
    0x80,
    0xFF,
    0x7FFF,
    0xFFFF,
    0x7FFF_FFFF,
    0xFFFF_FFFF,
    u64::MAX,
];

/// One to four byte-level mutations of `input`: flipped bits, random or interesting values,
/// inserted, deleted or repeated ranges, truncation, or a splice with another seed.
pub fn bytes(rng: &mut Rng, input: &[u8], seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        mutate_once(rng, &mut out, seeds);
    }
    out
}

fn mutate_once(rng: &mut Rng, out: &mut Vec<u8>, seeds: &[Vec<u8>]) {
    if out.is_empty() {
        out.push(rng.next_u64() as u8);
        return;
    }
    let at = rng.below(out.len());
    match rng.below(8) {
        0 => out[at] ^= 1 << rng.below(8),
        1 => out[at] = rng.next_u64() as u8,
        2 => {
            let value = INTERESTING[rng.below(INTERESTING.len())].to_le_bytes();
            let width = [1, 2, 4, 8][rng.below(4)];
            for (offset, byte) in value.iter().take(width).enumerate() {
                if let Some(slot) = out.get_mut(at + offset) {
                    *slot = *byte;
                }
            }
        }
        3 => {
            let count = 1 + rng.below(16);
            let insert: Vec<u8> = (0..count).map(|_| rng.next_u64() as u8).collect();
            out.splice(at..at, insert);
        }
        4 => {
            let end = (at + 1 + rng.below(64)).min(out.len());
            out.drain(at..end);
        }
        5 => {
            let end = (at + 1 + rng.below(256)).min(out.len());
            let piece = out[at..end].to_vec();
            let to = rng.below(out.len());
            out.splice(to..to, piece);
        }
        6 => out.truncate(at),
        _ => {
            let other = seeds
                .get(rng.below(seeds.len()))
                .map_or(&[][..], Vec::as_slice);
            if !other.is_empty() {
                let from = rng.below(other.len());
                let end = (from + 1 + rng.below(512)).min(other.len());
                let end_here = (at + end - from).min(out.len());
                out.splice(at..end_here, other[from..end].iter().copied());
            }
        }
    }
}
