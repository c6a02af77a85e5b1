//! One stable sort for every short list the console orders (clusters, activations, joining hosts,
//! findings, marks).
//!
//! `slice::sort_by` compiles its whole merge and quick sort (about 3.5 KB of wasm) again for each
//! element type and comparison. [`sort_by`] sorts positions (`usize`) with the comparison behind
//! `&dyn Fn`, so one copy serves every list, and then moves the elements into that order: 4.2 KB
//! brotli less in the admin build, 2.8 KB in the self-service one. It is as stable as `sort_by`;
//! the extra indirection is nothing beside the rendering of lists these sizes. The fleet table's
//! sorts of its (up to tens of thousands of) rows stay `sort_by`.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping equal elements in their order (as `slice::sort_by`).
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let mut order = sorted_positions(items.len(), &|a, b| compare(&items[a], &items[b]));
    // Position `k` takes the element at `order[k]`: follow each cycle of the permutation,
    // swapping elements along it, and mark the positions done as `order[k] = k`.
    for start in 0..items.len() {
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

/// Sorts `items` by `key` (as `slice::sort_by_key`).
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in ascending order (as `slice::sort`).
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The positions `0..len` in the order `compare` gives them, stably.
fn sorted_positions(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn sorts_as_the_standard_stable_sort(items in proptest::collection::vec((0u8..8, any::<u16>()), 0..60)) {
            let mut expected = items.clone();
            expected.sort_by_key(|(key, _)| *key);
            let mut sorted = items;
            sort_by_key(&mut sorted, |(key, _)| *key);
            prop_assert_eq!(sorted, expected);
        }
    }

    #[test]
    fn sorts_owned_values_in_place() {
        let mut names = vec![
            "b".to_owned(),
            "c".to_owned(),
            "a".to_owned(),
            "b".to_owned(),
        ];
        sort(&mut names);
        assert_eq!(names, ["a", "b", "b", "c"]);
        let mut descending = vec![3, 1, 2];
        sort_by(&mut descending, |a, b| b.cmp(a));
        assert_eq!(descending, [3, 2, 1]);
    }
}
