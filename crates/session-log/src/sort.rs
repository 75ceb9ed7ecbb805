//! Stable sorting through one shared copy of the standard library's sort.
//!
//! `slice::sort_by` is generic over the element type and the comparator, so every call site
//! compiles its own copy of the sort (about 4 KB of wasm each; fifteen of them were 22 KB of
//! the dashboard's gzip download). [`by`] sorts positions with a `dyn` comparator instead:
//! the sort itself is compiled once, and each call site adds only a small permutation step.
//! Use it instead of `sort_by`/`sort_by_key` in code the dashboard runs.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare`, like `items.sort_by(compare)`.
pub fn by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let mut order = {
        let items = &*items;
        sorted_positions(items.len(), &mut |i, j| compare(&items[i], &items[j]))
    };
    permute(items, &mut order);
}

/// Sorts `items` stably by the key `key` gives, like `items.sort_by_key(key)`.
pub fn by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    by(items, |a, b| key(a).cmp(&key(b)));
}

/// The positions `0..len` in the order `compare` puts them: the only instance of the sort.
fn sorted_positions(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&i, &j| compare(i, j));
    order
}

/// Moves `items[order[k]]` to position `k` for every `k`, in place, following each cycle of
/// the permutation once (a finished position is marked by `order[k] == k`).
fn permute<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..order.len() {
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        // Pseudo-random pairs with many equal keys, so stability is exercised.
        let mut state = 7u32;
        let pairs: Vec<(u32, u32)> = (0..500)
            .map(|i| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                ((state >> 16) % 17, i)
            })
            .collect();
        let mut expected = pairs.clone();
        expected.sort_by_key(|pair| pair.0);
        let mut sorted = pairs;
        by(&mut sorted, |a, b| a.0.cmp(&b.0));
        assert_eq!(sorted, expected);
    }

    #[test]
    fn sorts_by_key_in_reverse_and_handles_tiny_inputs() {
        let mut words = vec!["pear", "fig", "banana", "kiwi"];
        by_key(&mut words, |w| std::cmp::Reverse(w.len()));
        assert_eq!(words, ["banana", "pear", "kiwi", "fig"]);
        let mut empty: Vec<u8> = Vec::new();
        by(&mut empty, u8::cmp);
        assert!(empty.is_empty());
        let mut one = vec![3];
        by(&mut one, |a: &i32, b: &i32| b.cmp(a));
        assert_eq!(one, [3]);
    }
}
