/**
 * Analytic gradients of the CLV log-likelihoods in the optimiser's coordinates (issue 15), for the
 * quasi-Newton fits (lib/clv/bfgs.ts).
 *
 * BG/NBD, θ = (log λ, √ω, √(π/(1−π)), √ε) (see bgnbd-likelihood.ts). With y = λτ, u = yω,
 * h(u) = log(1+u)/u, a row's two terms are
 *   first  = D(x) + x(log λ − log(1+u_T)) + Σ_{j<x} log(1+jω) − y_T·h(u_T)
 *   second = log π − log(1+(x−1)ε) + D(x−1) + x(log λ − log(1+u_tx)) + Σ_{j<x} log(1+jω) − y_tx·h(u_tx)
 * with D(x) = Σ_{j<x} log(1 − π/(1+jε)), and the row is log(e^first + e^second). Derivatives:
 *   ∂/∂log λ: (x − y)/(1+u)                         ∂/∂ω: −x·y/(1+u) + Σ_{j<x} j/(1+jω) − y²·h'(u)
 *   ∂D(x)/∂π = −Σ_{j<x} 1/(1+jε−π)                  ∂D(x)/∂ε = Σ_{j<x} j/(1+jε−π) − j/(1+jε)
 *   ∂(−log(1+(x−1)ε))/∂ε = −(x−1)/(1+(x−1)ε)        ∂ log π/∂θ2 = 2/(θ2(1+θ2²))
 * and the chain rule ω = θ1², π = θ2²/(1+θ2²), ε = θ3² (so the derivative in θ1, θ3 is 0 at the
 * limits ω = 0, ε = 0, which are interior points of θ).
 *
 * Gamma-Gamma, θ = (log s, log q, √ξ) (see gamma-gamma.ts), row with u = sξ/(x·m):
 *   E(x/ξ, q) − log Γ(q) + q·log(x·s/(x·m + sξ)) − log m − (s/m)·h(u).
 */
import { cumulativeTerms, toNatural, type PreparedPooled } from './bgnbd-likelihood';
import { digamma } from './special';

/**
 * h'(u) for h(u) = log(1+u)/u, u >= 0: its power series below 0.05 (the closed form
 * (u/(1+u) − log(1+u))/u² cancels there), the closed form above. h'(0) = −1/2.
 */
export function logRatioSlope(u: number, log1pU = Math.log1p(u)): number {
  if (u < 0.05) {
    // Σ_{k>=1} (−1)^k k u^(k−1)/(k+1), 18 terms: the first left out is below 0.05^18 ≈ 4e-24.
    let sum = 0;
    for (let k = 18; k >= 1; k--) sum = sum * u + ((k % 2 === 0 ? 1 : -1) * k) / (k + 1);
    return sum;
  }
  return (u / (1 + u) - log1pU) / (u * u);
}

/**
 * The BG/NBD log-likelihood of prepared pooled rows at θ, the same value as
 * `preparedBgNbdLogLikelihood(toNatural(θ), prepared)` bit for bit (the same operations on the same
 * numbers), and its gradient in θ written into `gradient` (4 numbers). No more exp or log per row
 * than the value alone: the derivatives reuse the row's exp.
 */
export function preparedBgNbdLogLikelihoodGradient(theta: readonly number[], prepared: PreparedPooled, gradient: number[]): number {
  const p = toNatural(theta);
  const { x: xs, weight, tIndex, txIndex, times, maxX } = prepared;
  const terms = cumulativeTerms(p, maxX);
  const logLambda = Math.log(p.lambda);
  const logPi = Math.log(p.pi);
  const nt = times.length;
  const log1pU = new Float64Array(nt);
  const tail = new Float64Array(nt);
  // 1/(1+u), y/(1+u) and y²·h'(u) per time point.
  const inv = new Float64Array(nt);
  const yInv = new Float64Array(nt);
  const ySlope = new Float64Array(nt);
  for (let t = 0; t < nt; t++) {
    const y = p.lambda * times[t];
    const u = y * p.omega;
    log1pU[t] = Math.log1p(u);
    tail[t] = u === 0 ? y : (y * log1pU[t]) / u;
    inv[t] = 1 / (1 + u);
    yInv[t] = y * inv[t];
    ySlope[t] = y * y * logRatioSlope(u, log1pU[t]);
  }
  const log1pXEpsilon = new Float64Array(maxX + 1);
  const xEpsilonSlope = new Float64Array(maxX + 1);
  for (let x = 1; x <= maxX; x++) {
    log1pXEpsilon[x] = Math.log1p((x - 1) * p.epsilon);
    xEpsilonSlope[x] = (x - 1) / (1 + (x - 1) * p.epsilon);
  }
  // Cumulative derivative sums for j < x: Σ j/(1+jω), Σ −1/(1+jε−π), Σ j/(1+jε−π) − j/(1+jε).
  const rateSlope = new Float64Array(maxX + 1);
  const piSlope = new Float64Array(maxX + 1);
  const epsilonSlope = new Float64Array(maxX + 1);
  for (let j = 0; j < maxX; j++) {
    const keep = 1 + j * p.epsilon - p.pi;
    rateSlope[j + 1] = rateSlope[j] + j / (1 + j * p.omega);
    piSlope[j + 1] = piSlope[j] - 1 / keep;
    epsilonSlope[j + 1] = epsilonSlope[j] + (j / keep - j / (1 + j * p.epsilon));
  }
  let ll = 0;
  let gLambda = 0;
  let gOmega = 0;
  let gPi = 0;
  let gLogPi = 0;
  let gEpsilon = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const T = tIndex[i];
    const w = weight[i];
    const first = terms.dropout[x] + (x * (logLambda - log1pU[T]) + terms.rate[x] - tail[T]);
    const fLambda = x * inv[T] - yInv[T];
    const fOmega = -x * yInv[T] + rateSlope[x] - ySlope[T];
    if (x === 0) {
      ll += w * first;
      gLambda += w * fLambda;
      gOmega += w * fOmega;
      // D(0) = 0: no π or ε term.
      continue;
    }
    const tx = txIndex[i];
    const second = logPi - log1pXEpsilon[x] + terms.dropout[x - 1] + (x * (logLambda - log1pU[tx]) + terms.rate[x] - tail[tx]);
    let row: number;
    // Weights of the two terms in the row, e^first/e^row and e^second/e^row.
    let w1: number;
    let w2: number;
    if (first >= second && second > -Infinity && first < Infinity) {
      const e = Math.exp(second - first);
      row = first + Math.log(1 + e);
      w1 = 1 / (1 + e);
      w2 = e * w1;
    } else if (second > first && first > -Infinity && second < Infinity) {
      const e = Math.exp(first - second);
      row = second + Math.log(e + 1);
      w2 = 1 / (1 + e);
      w1 = e * w2;
    } else {
      const m = Math.max(first, second);
      row = m === -Infinity ? -Infinity : m + Math.log(Math.exp(first - m) + Math.exp(second - m));
      w1 = first === m ? 1 : 0;
      w2 = 1 - w1;
    }
    ll += w * row;
    const sLambda = x * inv[tx] - yInv[tx];
    const sOmega = -x * yInv[tx] + rateSlope[x] - ySlope[tx];
    gLambda += w * (w1 * fLambda + w2 * sLambda);
    gOmega += w * (w1 * fOmega + w2 * sOmega);
    gPi += w * (w1 * piSlope[x] + w2 * piSlope[x - 1]);
    gLogPi += w * w2;
    gEpsilon += w * (w1 * epsilonSlope[x] + w2 * (epsilonSlope[x - 1] - xEpsilonSlope[x]));
  }
  const s = theta[2] * theta[2];
  gradient[0] = gLambda;
  gradient[1] = 2 * theta[1] * gOmega;
  gradient[2] = (gPi * 2 * theta[2]) / ((1 + s) * (1 + s)) + (gLogPi === 0 ? 0 : (gLogPi * 2) / (theta[2] * (1 + s)));
  gradient[3] = 2 * theta[3] * gEpsilon;
  return ll;
}

/** Gamma-Gamma rows laid out for repeated evaluations: each row's x as an index into the distinct x values. */
export interface PreparedSpend {
  xs: Float64Array;
  ms: Float64Array;
  logM: Float64Array;
  distinctX: Float64Array;
  xIndex: Int32Array;
}

/** log Γ(y+q) − log Γ(y) − q·log y and its derivatives in q and in t = √(x/y) (y = x/t²), as gamma-gamma.ts computes the value. */
function excessAndSlopes(x: number, xi: number, t: number, q: number, lgammaOf: (v: number) => number): [number, number, number] {
  const y = x / xi;
  if (y > 1e5) {
    // The value's asymptotic form q(q−1)/(2y) − q(q−1)(2q−1)/(12y²), differentiated; 1/y = t²/x.
    const iy = xi / x;
    const value = (q * (q - 1)) / (2 * y) - (q * (q - 1) * (2 * q - 1)) / (12 * y * y);
    const dq = ((2 * q - 1) * iy) / 2 - ((6 * q * q - 6 * q + 1) * iy * iy) / 12;
    // dE/dt = dE/dy · dy/dt, dy/dt = −2y/t: (q(q−1)/(2y²) − q(q−1)(2q−1)/(6y³))·2y/t.
    const dt = (q * (q - 1) * t) / x - (q * (q - 1) * (2 * q - 1) * t * t * t) / (3 * x * x);
    return [value, dq, dt];
  }
  const value = lgammaOf(y + q) - lgammaOf(y) - q * Math.log(y);
  const dq = digamma(y + q) - Math.log(y);
  const dy = digamma(y + q) - digamma(y) - q / y;
  return [value, dq, (-2 * y * dy) / t];
}

/**
 * The Gamma-Gamma log-likelihood at θ = (log s, log q, √ξ), computed as gamma-gamma.ts's fit
 * computes it (the same operations on the same numbers), and its gradient in θ written into
 * `gradient` (3 numbers). `lgammaOf` is the log-gamma the value uses.
 */
export function spendLogLikelihoodGradient(theta: readonly number[], data: PreparedSpend, lgammaOf: (v: number) => number, gradient: number[]): number {
  const s = Math.exp(theta[0]);
  const q = Math.exp(theta[1]);
  const t = theta[2];
  const xi = t * t;
  const lgammaQ = lgammaOf(q);
  const psiQ = digamma(q);
  const { xs, ms, logM, distinctX, xIndex } = data;
  const nd = distinctX.length;
  const excess = new Float64Array(nd);
  const excessQ = new Float64Array(nd);
  const excessT = new Float64Array(nd);
  for (let u = 0; u < nd; u++) [excess[u], excessQ[u], excessT[u]] = excessAndSlopes(distinctX[u], xi, t, q, lgammaOf);
  let ll = 0;
  let gS = 0;
  let gQ = 0;
  let gT = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const m = ms[i];
    const u = (s * xi) / (x * m);
    const log1pU = Math.log1p(u);
    const logPowerTerm = u === 0 ? s / m : ((s / m) * log1pU) / u;
    const logShare = Math.log((x * s) / (x * m + s * xi));
    const k = xIndex[i];
    ll += excess[k] - lgammaQ + q * logShare - logM[i] - logPowerTerm;
    gS += (q - s / m) / (1 + u);
    gQ += excessQ[k] - psiQ + logShare;
    gT += excessT[k] + 2 * t * (-(q * s) / (x * m + s * xi) - ((s * s) / (x * m * m)) * logRatioSlope(u, log1pU));
  }
  gradient[0] = gS;
  gradient[1] = q * gQ;
  gradient[2] = gT;
  return ll;
}
