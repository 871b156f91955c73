/**
 * The clean facts of one synthetic customer: profile and orders, drawn from its segment's spec.
 * Dirt is added later (dirt.ts) from a separate stream, so dirt=true and dirt=false share the
 * same customers and orders.
 */
import type { Rng } from '../random/rng';
import { CATEGORIES, CATEGORY_PRICE_FACTOR, type SegmentSpec } from './segments';
import { drawMaritalStatus, drawRegion, fakeEmail } from './people';
import { lognormal, negBinomial, poisson, uniformInt, weightedIndex } from './sampling';

/** One order (a purchase) before invoice numbers are given. */
export interface OrderFacts {
  /** Day number (days since 1970-01-01). */
  day: number;
  /** Order value, currency units, rounded to cents (> 0). */
  amount: number;
  /** Items in the order (>= 1). */
  quantity: number;
  category: string;
}

/** A customer's clean profile and orders. */
export interface CustomerFacts {
  id: string;
  segment: number;
  signupDay: number;
  email: string;
  gender: 'F' | 'M' | 'other';
  age: number;
  region: string;
  /** Annual income, currency units, rounded to 100. */
  income: number;
  maritalStatus: string;
  consent: boolean;
  orders: OrderFacts[];
}

/** Cents rounding that never yields 0. */
function money(value: number): number {
  return Math.max(0.5, Math.round(value * 100) / 100);
}

/**
 * Draw a customer of segment `spec` (index `segment`), as of day `asOfDay`.
 * @example drawCustomer(rng, SEGMENTS[0], 0, 'C000001', isoToDay('2025-12-31'))
 */
export function drawCustomer(rng: Rng, spec: SegmentSpec, segment: number, id: string, asOfDay: number): CustomerFacts {
  const u = rng.next();
  const gender = u < spec.female ? 'F' : u < spec.female + spec.other ? 'other' : 'M';
  const age = Math.round(Math.min(90, Math.max(18, spec.age.mean + spec.age.sd * rng.normal())));
  const asOfYear = Number(new Date(asOfDay * 86_400_000).toISOString().slice(0, 4));
  const email = fakeEmail(rng, gender, asOfYear - age);
  const region = drawRegion(rng);
  const income = Math.max(8_000, Math.round(lognormal(rng, spec.income.median, spec.income.sigma) / 100) * 100);
  const maritalStatus = drawMaritalStatus(rng, age);
  const consent = rng.next() < spec.consent;

  const orderCount = Math.min(spec.maxOrders, 1 + negBinomial(rng, spec.extraOrders.mean, spec.extraOrders.dispersion));
  let tenure = uniformInt(rng, spec.tenureDays[0], spec.tenureDays[1]);
  const r = spec.recency;
  let recency = Math.round(Math.min(r.max, Math.max(r.min, lognormal(rng, r.median, r.sigma))));
  // A returning customer needs room between signup and the last order; stretch tenure if short.
  const needed = recency + (orderCount > 1 ? spec.minActiveDays : 0);
  if (tenure < needed) tenure = needed + uniformInt(rng, 0, 180);
  recency = Math.min(recency, tenure);
  const signupDay = asOfDay - tenure;
  const lastDay = asOfDay - recency;

  const days: number[] = [lastDay];
  if (orderCount > 1) {
    const firstDay = Math.min(lastDay, signupDay + uniformInt(rng, 0, 14));
    days.push(firstDay);
    for (let i = 2; i < orderCount; i++) days.push(uniformInt(rng, firstDay, lastDay));
  }
  days.sort((a, b) => a - b);

  const usualBasket = lognormal(rng, spec.basket.median, spec.basket.between);
  const orders = days.map((day): OrderFacts => {
    const c = weightedIndex(rng, spec.categoryWeights);
    return {
      day,
      category: CATEGORIES[c],
      amount: money(lognormal(rng, usualBasket * CATEGORY_PRICE_FACTOR[c], spec.basket.within)),
      quantity: 1 + poisson(rng, spec.itemsMean - 1),
    };
  });
  return { id, segment, signupDay, email, gender, age, region, income, maritalStatus, consent, orders };
}
