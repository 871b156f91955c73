/**
 * Confidence intervals for proportions: Wilson's score interval for one proportion, and
 * Newcombe's hybrid score interval for a difference of two independent proportions
 * (Newcombe 1998, Statistics in Medicine 17:873–890, method 10).
 */
import { normalQuantile } from './normal';

/** A two-sided interval [lower, upper]. */
export type Interval = [number, number];

/**
 * Wilson score interval for k successes in n trials (Wilson 1927). Stays inside [0, 1] and is
 * sensible at k = 0 and k = n. n = 0 gives [0, 1].
 * @param confidence two-sided level. Default 0.95.
 * @example wilsonInterval(81, 263) // [0.2553, 0.3662] (Newcombe 1998a, example)
 */
export function wilsonInterval(k: number, n: number, confidence = 0.95): Interval {
  if (n === 0) return [0, 1];
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = k / n;
  const z2 = z * z;
  const centre = 2 * n * p + z2;
  const half = z * Math.sqrt(z2 + 4 * n * p * (1 - p));
  const denominator = 2 * (n + z2);
  // At k = 0 and k = n the bounds are exactly 0 and 1; rounding could leave ±1e-17.
  return [k === 0 ? 0 : (centre - half) / denominator, k === n ? 1 : (centre + half) / denominator];
}

/**
 * Newcombe's hybrid score interval for p1 − p2 (method 10): each proportion's Wilson interval
 * (l_i, u_i) is combined as δ − √((p1−l1)² + (u2−p2)²), δ + √((u1−p1)² + (p2−l2)²).
 * @example newcombeDifference(56, 70, 48, 80) // [0.0524, 0.3339], δ = 0.2
 */
export function newcombeDifference(k1: number, n1: number, k2: number, n2: number, confidence = 0.95): Interval {
  const p1 = n1 === 0 ? 0 : k1 / n1;
  const p2 = n2 === 0 ? 0 : k2 / n2;
  const [l1, u1] = wilsonInterval(k1, n1, confidence);
  const [l2, u2] = wilsonInterval(k2, n2, confidence);
  const d = p1 - p2;
  return [d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)];
}
