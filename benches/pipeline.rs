//! Benchmarks of the normalizers and the extractor on fixed text (the seed
//! articles), reported as bytes of text per second. Run with `cargo bench`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may panic on a broken setup

use std::hint::black_box;
use std::path::PathBuf;

use claimcheck::corpus::parse_document;
use claimcheck::lexicon::Lexicon;
use claimcheck::normalize::date::DateScanner;
use claimcheck::normalize::number::NumberScanner;
use claimcheck::schema::{load, SchemaFiles};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const SEEDS: [&str; 5] = [
    include_str!("../seeds/000_e3d38a7551ecb064.txt"),
    include_str!("../seeds/001_7c8c4421e929074a.txt"),
    include_str!("../seeds/002_058a58a65eb97e07.txt"),
    include_str!("../seeds/003_a5921d1edb7cd594.txt"),
    include_str!("../seeds/004_4abd2f4d965707df.txt"),
];

fn normalizers(c: &mut Criterion) {
    let text = SEEDS.concat();
    let lexicon = Lexicon::shipped();
    let numbers = NumberScanner::new(&lexicon).unwrap();
    let dates = DateScanner::new();
    let reference = chrono::NaiveDate::from_ymd_opt(2021, 12, 9);
    let mut group = c.benchmark_group("normalize");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("numbers", |b| b.iter(|| numbers.find_all(black_box(&text))));
    group.bench_function("dates", |b| b.iter(|| dates.find_all(black_box(&text), reference)));
    group.finish();
}

fn extraction(c: &mut Criterion) {
    let set = load(&SchemaFiles::shipped()).unwrap_or_else(|_| panic!("schemas load"));
    let docs: Vec<_> = SEEDS
        .iter()
        .enumerate()
        .map(|(i, t)| parse_document(PathBuf::from(format!("seed{i}.txt")), t.as_bytes().to_vec()).unwrap())
        .collect();
    let bytes: usize = SEEDS.iter().map(|s| s.len()).sum();
    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("extract_and_resolve", |b| {
        b.iter(|| {
            let mut analysis = claimcheck::Analysis::default();
            for d in &docs {
                claimcheck::add_document(&mut analysis, d.clone(), &set);
            }
            black_box(analysis.claims.len())
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = normalizers, extraction
}
criterion_main!(benches);
