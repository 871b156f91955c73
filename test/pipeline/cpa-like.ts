/**
 * A seeded table shaped like the public Customer Personality Analysis file (tab-separated,
 * Year_Birth with three impossible years, Dt_Customer as dd-mm-yyyy, skewed spend, 0/1/2 counts,
 * 0/1 flags, a Response outcome), for the trust tests.
 */
import { createRng } from '../../lib/random/rng';

const DAY = 86_400_000;
const FIRST = Date.UTC(2012, 6, 30);
const LAST = Date.UTC(2014, 5, 29);
const dmy = (t: number): string => {
  const d = new Date(t);
  return `${String(d.getUTCDate()).padStart(2, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${d.getUTCFullYear()}`;
};

/** A CPA-shaped customers table: tab-separated, birth years (three impossible), dd-mm-yyyy sign-up dates, skewed spend, 0/1/2 counts, flags. */
export function cpaLike(n = 420, seed = 11): { text: string; rows: Record<string, string>[] } {
  const rng = createRng(seed);
  const header = ['ID', 'Year_Birth', 'Education', 'Marital_Status', 'Income', 'Kidhome', 'Teenhome', 'Dt_Customer', 'Recency', 'MntWines', 'MntMeat', 'NumWebPurchases', 'NumStorePurchases', 'Complain', 'Response'];
  const rows: Record<string, string>[] = [];
  for (let i = 0; i < n; i++) {
    const group = i % 3;
    const year = i === 5 ? 1893 : i === 77 ? 1899 : i === 150 ? 1900 : Math.round(1969 + 11 * rng.normal());
    const kids = (p: number): string => String(rng.next() < p ? 0 : rng.next() < 0.9 ? 1 : 2);
    const income = Math.round((group === 0 ? 30000 : group === 1 ? 55000 : 75000) * Math.exp(0.25 * rng.normal()));
    rows.push({
      ID: String(1000 + ((i * 7919) % 9000)),
      Year_Birth: String(Math.min(1996, Math.max(1893, year))),
      Education: ['Graduation', 'PhD', 'Master', 'Basic'][rng.int(4)],
      Marital_Status: ['Married', 'Together', 'Single', 'Divorced'][rng.int(4)],
      Income: String(income),
      Kidhome: kids(group === 0 ? 0.3 : 0.7),
      Teenhome: kids(0.5),
      Dt_Customer: dmy(FIRST + rng.int(Math.round((LAST - FIRST) / DAY) + 1) * DAY),
      Recency: String(rng.int(100)),
      MntWines: String(Math.round((group === 2 ? 400 : 40) * Math.exp(1.1 * rng.normal()))),
      MntMeat: String(Math.round((group === 2 ? 300 : 30) * Math.exp(1.0 * rng.normal()))),
      NumWebPurchases: String(Math.max(0, Math.round(4 + 2 * rng.normal() + group))),
      NumStorePurchases: String(Math.max(0, Math.round(5 + 2.5 * rng.normal() + 2 * group))),
      Complain: rng.next() < 0.03 ? '1' : '0',
      Response: rng.next() < 0.15 ? '1' : '0',
    });
  }
  // The last sign-up is LAST, as in the CPA table.
  rows[n - 1].Dt_Customer = dmy(LAST);
  const text = [header.join('\t'), ...rows.map((r) => header.map((h) => r[h]).join('\t'))].join('\n') + '\n';
  return { text, rows };
}

