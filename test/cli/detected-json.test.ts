/**
 * Trial of 2026-11-29 on BankChurners.csv from flags: the "complete config of this run" printed a
 * 130-character column name cut to "Naive_Bayes_…_mon_2" (130 characters), which is not JSON, so the
 * config could not be saved and rerun as the line above it says. Seeded table with such a column.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../helpers/paths';
import { createRng } from '../../lib/random/rng';
import { main } from '../../lib/cli/main';
import { validateConfig } from '../../lib/config/validate';

const LONG = 'Naive_Bayes_Classifier_Attrition_Flag_Card_Category_Contacts_Count_12_mon_Dependent_count_Education_Level_Months_Inactive_12_mon_2';

test('the config printed by a flags run is JSON even with a 130-character column name, and names it whole', { timeout: 180_000 }, async () => {
  assert.equal(LONG.length, 130);
  const rng = createRng(4);
  const dir = tempDir('seglab-detected-');
  const file = path.join(dir, 'BankChurners.csv');
  const rows = Array.from({ length: 240 }, (_, i) =>
    [String(i + 1), rng.next() < 0.5 ? 'F' : 'M', String(Math.round(2000 + 9000 * rng.next())), String(Math.round(20 + 100 * rng.next())), (rng.next()).toFixed(5)].join(','),
  );
  fs.writeFileSync(file, [['customer_id', 'Gender', 'Credit_Limit', 'Total_Trans_Ct', LONG].join(','), ...rows].join('\n') + '\n');
  const logged: string[] = [];
  const code = await main(['run', '--customers', file, '--out', path.join(tempDir('seglab-detected-out-'), 'run'), '--k', '2-3'], {
    log: (s) => logged.push(s),
    error: (s) => logged.push(s),
  });
  assert.equal(code, 0, logged.join('\n'));
  const lines = logged.join('\n').split('\n');
  const at = lines.findIndex((l) => l.startsWith('Detected column roles'));
  const end = lines.findIndex((l, i) => i > at && l === '}');
  assert.ok(at >= 0 && end > at, lines.join('\n'));
  const printed = JSON.parse(lines.slice(at + 1, end + 1).join('\n')) as { features: { customerColumns: string[] } };
  assert.ok(printed.features.customerColumns.includes(LONG), JSON.stringify(printed.features));
  // Saved as a file, it validates.
  const saved = path.join(dir, 'printed.json');
  fs.writeFileSync(saved, JSON.stringify(printed));
  assert.doesNotThrow(() => validateConfig(printed, dir));
});
