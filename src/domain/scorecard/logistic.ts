/**
 * Logistic regression by Newton's method (IRLS) with a small ridge penalty on the coefficients
 * (never the intercept). The penalty keeps the Hessian invertible when features are collinear, as
 * WoE columns of related months are; step halving makes every step raise the penalised
 * likelihood, so the fit converges from the same start to the same answer on every machine.
 */
export interface LogisticOptions {
  /** λ in −λ/2·Σβ²; small next to the row count, so it only steadies the fit. */
  l2: number;
  maxIterations: number;
  /** Stop when no parameter moves by more than this. */
  tolerance: number;
}

export const DEFAULT_LOGISTIC: LogisticOptions = { l2: 1, maxIterations: 50, tolerance: 1e-9 };

export interface LogisticFit {
  intercept: number;
  coefficients: number[];
  iterations: number;
  converged: boolean;
}

/** log(1 + e^η) without overflow. */
const softplus = (eta: number) => (eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta)));

/**
 * Fits P(y = 1) = 1 / (1 + e^−(b0 + x·b)) where `x` holds n rows of p features, row after row.
 * `start` (intercept then coefficients), say a fit on similar rows, saves Newton steps; without
 * it the search starts at the base rate with every coefficient 0.
 */
export function fitLogistic(x: Float64Array, y: ArrayLike<number>, p: number, options: LogisticOptions = DEFAULT_LOGISTIC, start?: ArrayLike<number>): LogisticFit {
  const n = y.length;
  if (x.length !== n * p) throw new RangeError(`expected ${n}×${p} values, got ${x.length}`);
  const m = p + 1;
  let beta = new Float64Array(m);
  if (start) {
    if (start.length !== m) throw new RangeError(`a start needs ${m} values, got ${start.length}`);
    beta.set(start);
  } else {
    let positives = 0;
    for (let i = 0; i < n; i++) positives += y[i]!;
    beta[0] = Math.log((positives + 0.5) / (n - positives + 0.5));
  }
  let base = beta;
  let baseValue = -Infinity;
  let delta: Float64Array | null = null;
  let step = 1;
  let iterations = 0;
  const hessian = new Float64Array(m * m);
  const gradient = new Float64Array(m);
  const done = (b: Float64Array, converged: boolean): LogisticFit => ({ intercept: b[0]!, coefficients: Array.from(b.subarray(1)), iterations, converged });
  for (;;) {
    // One pass gives the penalised likelihood at beta and, should beta be kept, the next step.
    const value = newtonTerms(x, y, p, beta, options.l2, gradient, hessian);
    if (delta !== null) {
      // Near the optimum the likelihood of thousands of rows only changes in its last digits:
      // a full step that gains nothing measurable means there is nothing left to find.
      const noise = 1e-12 * Math.abs(baseValue);
      if (!(value >= baseValue - noise)) {
        if (step < 1e-9) return done(base, false);
        step /= 2;
        beta = base.map((b, j) => b + step * delta![j]!);
        continue;
      }
      if (step === 1 && value - baseValue <= noise) return done(beta, true);
    }
    base = beta;
    baseValue = value;
    if (iterations === options.maxIterations) return done(base, false);
    iterations++;
    delta = solveSymmetric(hessian, gradient, m);
    step = 1;
    beta = base.map((b, j) => b + delta![j]!);
    if (delta.every((d) => Math.abs(d) < options.tolerance)) return done(beta, true);
  }
}

/** Fills the gradient and the Hessian's upper triangle at beta; returns the penalised log-likelihood. */
function newtonTerms(x: Float64Array, y: ArrayLike<number>, p: number, beta: Float64Array, l2: number, gradient: Float64Array, hessian: Float64Array): number {
  const m = p + 1;
  hessian.fill(0);
  gradient.fill(0);
  let ll = 0;
  for (let i = 0; i < y.length; i++) {
    const row = i * p;
    const eta = linear(beta, x, i, p);
    ll += y[i]! * eta - softplus(eta);
    const mu = 1 / (1 + Math.exp(-eta));
    const w = mu * (1 - mu);
    const r = y[i]! - mu;
    gradient[0]! += r;
    hessian[0]! += w;
    for (let j = 0; j < p; j++) {
      const xj = x[row + j]!;
      const wj = w * xj;
      gradient[j + 1]! += r * xj;
      hessian[j + 1]! += wj;
      const h = (j + 1) * m + 1;
      for (let k = j; k < p; k++) hessian[h + k]! += wj * x[row + k]!;
    }
  }
  let penalty = 0;
  for (let j = 1; j < m; j++) {
    penalty += beta[j]! * beta[j]!;
    gradient[j]! -= l2 * beta[j]!;
    hessian[j * m + j]! += l2;
  }
  return ll - (l2 / 2) * penalty;
}

function linear(beta: Float64Array, x: Float64Array, i: number, p: number): number {
  let eta = beta[0]!;
  const base = i * p;
  for (let j = 0; j < p; j++) eta += beta[j + 1]! * x[base + j]!;
  return eta;
}

/** Solves A·z = b for a symmetric positive definite A given by its upper triangle (Cholesky). */
function solveSymmetric(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const l = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[j * m + i]!;
      for (let k = 0; k < j; k++) s -= l[i * m + k]! * l[j * m + k]!;
      if (i === j) {
        if (!(s > 0)) throw new RangeError('the Hessian is not positive definite: a feature is constant or duplicated');
        l[i * m + i] = Math.sqrt(s);
      } else {
        l[i * m + j] = s / l[j * m + j]!;
      }
    }
  }
  const z = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * m + k]! * z[k]!;
    z[i] = s / l[i * m + i]!;
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < m; k++) s -= l[k * m + i]! * z[k]!;
    z[i] = s / l[i * m + i]!;
  }
  return z;
}

/** The log-odds b0 + x·b of one row of features. */
export function logOdds(fit: LogisticFit, features: ArrayLike<number>): number {
  let eta = fit.intercept;
  fit.coefficients.forEach((b, j) => (eta += b * features[j]!));
  return eta;
}
