//! L2-regularized logistic regression on sparse vectors, trained by stochastic gradient descent
//! in a fixed order (a permutation from a fixed seed), with class weights balancing rare codes.
//! Only `+ − × ÷` and `sqrt` touch the numbers (the exponential is computed here, not by the
//! platform's libm), so the same data gives bit-identical weights and scores on every machine.

use super::features::{DIM_BITS, Sparse};

/// The training parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// L2 penalty per example.
    pub lambda: f64,
    /// Passes over the data.
    pub epochs: u32,
    /// Initial learning rate.
    pub eta0: f64,
    /// Upper bound on the weight of a positive example (balanced weights otherwise).
    pub max_class_weight: f64,
    /// Seed of the example order.
    pub seed: u64,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            lambda: 1e-4,
            epochs: 6,
            eta0: 0.5,
            max_class_weight: 50.0,
            seed: 16,
        }
    }
}

impl Params {
    /// `key=value` pairs, for the audit log and the model hash.
    pub fn describe(&self) -> String {
        format!(
            "logreg lambda={} epochs={} eta0={} max_class_weight={} seed={} dims=2^{DIM_BITS} features=jieba+char1-3",
            self.lambda, self.epochs, self.eta0, self.max_class_weight, self.seed
        )
    }
}

/// A trained model.
#[derive(Debug, Clone)]
pub struct Model {
    weights: Vec<f64>,
    bias: f64,
}

/// `e^x` from `+ − × ÷` only: `x = k·ln2 + r`, `|r| ≤ ln2/2`, a degree-13 Taylor polynomial for
/// `e^r`, scaled by `2^k` through the exponent bits. Relative error below 1e-15; `x` is clamped
/// to ±700.
pub fn exp(x: f64) -> f64 {
    const LN2_HI: f64 = 0.693_147_180_369_123_8;
    const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
    let x = x.clamp(-700.0, 700.0);
    let kf = (x / std::f64::consts::LN_2).round();
    let r = (x - kf * LN2_HI) - kf * LN2_LO;
    let mut term = 1.0;
    let mut sum = 1.0;
    for i in 1..=13 {
        term = term * r / f64::from(i);
        sum += term;
    }
    let k = kf as i64;
    // 2^k for k in [-1010, 1010]: split in two so each factor is a normal number.
    let half = k / 2;
    let pow2 = |e: i64| f64::from_bits(((e + 1023) as u64) << 52);
    sum * pow2(half) * pow2(k - half)
}

/// The logistic function.
pub fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + exp(-z))
}

/// A fixed pseudo-random permutation of `0..n` (xorshift64*, Fisher–Yates).
fn permutation(n: usize, seed: u64) -> Vec<usize> {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    };
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

fn dot(weights: &[f64], x: &Sparse) -> f64 {
    x.iter().map(|&(j, v)| weights[j as usize] * v).sum()
}

impl Model {
    /// Trains on examples `xs` with labels `ys` (same length).
    pub fn train(xs: &[&Sparse], ys: &[bool], params: &Params) -> Model {
        let n = xs.len();
        let positives = ys.iter().filter(|y| **y).count();
        let negatives = n - positives;
        let (w_pos, w_neg) = if positives == 0 || negatives == 0 {
            (1.0, 1.0)
        } else {
            let w_pos = (n as f64 / (2.0 * positives as f64)).min(params.max_class_weight);
            (w_pos, n as f64 / (2.0 * negatives as f64))
        };
        let mut weights = vec![0.0; 1 << DIM_BITS];
        let mut bias = 0.0;
        // Lazy L2: the true weights are `scale · weights`.
        let mut scale = 1.0;
        let mut t = 0.0;
        for epoch in 0..params.epochs {
            for i in permutation(n, params.seed ^ u64::from(epoch)) {
                let lr = params.eta0 / (1.0 + params.lambda * params.eta0 * t);
                let p = sigmoid(scale * dot(&weights, xs[i]) + bias);
                let (y, w) = if ys[i] { (1.0, w_pos) } else { (0.0, w_neg) };
                let g = (y - p) * w;
                scale *= 1.0 - lr * params.lambda;
                if scale < 1e-9 {
                    for v in &mut weights {
                        *v *= scale;
                    }
                    scale = 1.0;
                }
                let step = lr * g / scale;
                for &(j, v) in xs[i] {
                    weights[j as usize] += step * v;
                }
                bias += lr * g * 0.1;
                t += 1.0;
            }
        }
        for v in &mut weights {
            *v *= scale;
        }
        Model { weights, bias }
    }

    /// The probability the model gives `x` of being coded.
    pub fn score(&self, x: &Sparse) -> f64 {
        sigmoid(dot(&self.weights, x) + self.bias)
    }

    /// SHA-256 (first 16 hex digits) of the parameters and the weights' bits.
    pub fn hash(&self, params: &Params) -> String {
        let mut bytes = params.describe().into_bytes();
        bytes.extend(self.bias.to_bits().to_le_bytes());
        for w in &self.weights {
            bytes.extend(w.to_bits().to_le_bytes());
        }
        crate::text::sha256_hex(&bytes)[..16].to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_matches_the_platform_closely() {
        for i in -400..=400 {
            let x = f64::from(i) * 0.173;
            let rel = (exp(x) - x.exp()).abs() / x.exp();
            assert!(rel < 1e-14, "exp({x}): {} vs {}", exp(x), x.exp());
        }
        assert!(exp(-1000.0) > 0.0 && exp(-1000.0) < 1e-300);
        assert!((sigmoid(0.0) - 0.5).abs() < 1e-15);
    }

    #[test]
    fn permutation_is_a_fixed_permutation() {
        let p = permutation(100, 7);
        let mut sorted = p.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..100).collect::<Vec<_>>());
        assert_eq!(p, permutation(100, 7));
        assert_ne!(p, permutation(100, 8));
    }

    #[test]
    fn learns_a_separable_rule_deterministically() {
        // Dimension 1 marks positives, 2 negatives, 3 is noise on both.
        let pos: Sparse = vec![(1, 0.8), (3, 0.6)];
        let neg: Sparse = vec![(2, 0.8), (3, 0.6)];
        let mut xs = Vec::new();
        let mut ys = Vec::new();
        for i in 0..60 {
            let p = i % 6 == 0;
            xs.push(if p { &pos } else { &neg });
            ys.push(p);
        }
        let params = Params::default();
        let m = Model::train(&xs, &ys, &params);
        assert!(m.score(&pos) > 0.9, "{}", m.score(&pos));
        assert!(m.score(&neg) < 0.1, "{}", m.score(&neg));
        let again = Model::train(&xs, &ys, &params);
        assert_eq!(m.hash(&params), again.hash(&params));
        assert_eq!(m.score(&pos).to_bits(), again.score(&pos).to_bits());
    }
}
