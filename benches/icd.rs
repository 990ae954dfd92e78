//! ICD-10-CM lookups in the embedded code set (about 98,000 codes): an
//! exact hit with and without the dot, a miss, the billable children of a
//! header code (what `icd-not-billable` and hover list), a scan of the
//! whole table, and the ranked search by words that completion runs.
//!
//! `cargo bench --bench icd`

use claimls::knowledge::icd10;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let table = icd10::table();
    assert!(table.len() > 70_000);
    let mut group = c.benchmark_group("icd10cm");
    group.bench_function("get-hit", |b| {
        b.iter(|| table.get(black_box("C79.31")).is_some())
    });
    group.bench_function("get-hit-no-dot-lowercase", |b| {
        b.iter(|| table.get(black_box("s72001a")).is_some())
    });
    group.bench_function("get-miss", |b| {
        b.iter(|| table.get(black_box("C79.99")).is_some())
    });
    group.bench_function("billable-children-C34.1", |b| {
        b.iter(|| table.billable_children(black_box("C34.1")).count())
    });
    group.bench_function("billable-children-S72", |b| {
        b.iter(|| table.billable_children(black_box("S72")).count())
    });
    group.bench_function("scan-descriptions-contains", |b| {
        b.iter(|| {
            table
                .iter()
                .filter(|c| c.description.contains(black_box("neoplasm of brain")))
                .count()
        })
    });
    // Search by words, ranked (what completion runs on each keystroke):
    // a narrow query, one through a search term, a wide one whose hits are
    // all ranked (about 4,000 titles), and one letter (ranked cheaply).
    for query in ["type 2 diabetes", "brain metast", "fracture", "m"] {
        group.bench_function(format!("search-words-{}", query.replace(' ', "-")), |b| {
            b.iter(|| table.search_words(black_box(query), 60).len())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
