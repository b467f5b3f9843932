//! A small timing loop: calibrate a batch size, then take interleaved samples of every
//! contender so that machine drift hits all of them alike, and keep the median.

use std::hint::black_box;
use std::time::{Duration, Instant};

use crate::report::median;

/// A piece of work that returns something the optimiser must not discard.
pub struct Contender<'a> {
    /// One unit of work (e.g. one decode); the returned value goes through `black_box`.
    pub work: Box<dyn FnMut() -> usize + 'a>,
}

impl<'a> Contender<'a> {
    /// A contender doing `work`.
    pub fn new(work: impl FnMut() -> usize + 'a) -> Self {
        Contender {
            work: Box::new(work),
        }
    }
}

/// How long each sample runs and how many rounds are taken.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Target duration of one sample.
    pub sample: Duration,
    /// Rounds of samples (each round samples every contender once).
    pub rounds: usize,
}

/// Median operations per second of each contender, in the order given.
pub fn measure(contenders: &mut [Contender<'_>], plan: Plan) -> Vec<f64> {
    // Warm up and find a batch size per contender that takes about `plan.sample`.
    let batches: Vec<u64> = contenders
        .iter_mut()
        .map(|c| calibrate(&mut c.work, plan.sample))
        .collect();
    let mut samples = vec![Vec::with_capacity(plan.rounds); contenders.len()];
    for round in 0..plan.rounds {
        // Rotate the order each round: no contender always runs right after another.
        let n = contenders.len();
        for k in 0..n {
            let i = (k + round) % n;
            let start = Instant::now();
            for _ in 0..batches[i] {
                black_box((contenders[i].work)());
            }
            let secs = start.elapsed().as_secs_f64();
            samples[i].push(batches[i] as f64 / secs);
        }
    }
    samples.iter_mut().map(|s| median(s)).collect()
}

fn calibrate(work: &mut dyn FnMut() -> usize, sample: Duration) -> u64 {
    let mut batch = 1u64;
    loop {
        let start = Instant::now();
        for _ in 0..batch {
            black_box(work());
        }
        let took = start.elapsed();
        if took >= sample / 4 || batch >= 1 << 30 {
            let per = took.as_secs_f64() / batch as f64;
            return ((sample.as_secs_f64() / per).ceil() as u64).max(1);
        }
        batch *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slower_work_measures_slower() {
        let data: Vec<u64> = (0..4096).collect();
        let mut contenders = vec![
            Contender::new(|| data[..16].iter().sum::<u64>() as usize),
            Contender::new(|| data.iter().map(|x| x * x).sum::<u64>() as usize),
        ];
        let rates = measure(
            &mut contenders,
            Plan {
                sample: Duration::from_millis(5),
                rounds: 3,
            },
        );
        assert_eq!(rates.len(), 2);
        assert!(rates[0] > rates[1] * 5.0, "{rates:?}");
    }
}
