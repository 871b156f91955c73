import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvTextField } from '../../lib/io/csv';
import { segmentsCsv } from '../../lib/pipeline/outputs';
import { toPublicSegmentNumbers } from '../../lib/pipeline/numbering';

test('CSV injection (OWASP): ids starting with = + - @ tab or CR are neutralised with a leading quote; plain numbers are not', () => {
  assert.equal(csvTextField('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
  assert.equal(csvTextField('+1-555'), `"'+1-555"`);
  assert.equal(csvTextField('-2+3'), `"'-2+3"`);
  assert.equal(csvTextField('@SUM(A1)'), `"'@SUM(A1)"`);
  assert.equal(csvTextField('\tcmd'), `"'\tcmd"`);
  assert.equal(csvTextField('\rcmd'), `"'\rcmd"`);
  assert.equal(csvTextField('-12.5'), '-12.5');
  assert.equal(csvTextField('C10001'), 'C10001');
  assert.equal(csvTextField('a,b'), '"a,b"');
  assert.equal(segmentsCsv(['=1+2', 'C2'], [0, 1]), `customer_id,segment\n"'=1+2",1\nC2,2\n`);
});

test('JSON outputs number segments 1..k like segments.csv and the report', () => {
  const card = { privacy: { segmentsBelowK: [0, 2] }, representation: { attributes: [{ cells: [{ segment: 0, group: 'F' }, { segment: 2, group: 'M' }] }] }, targeting: [{ targetedSegments: [1] }], k: 3 };
  assert.deepEqual(toPublicSegmentNumbers(card), {
    privacy: { segmentsBelowK: [1, 3] },
    representation: { attributes: [{ cells: [{ segment: 1, group: 'F' }, { segment: 3, group: 'M' }] }] },
    targeting: [{ targetedSegments: [2] }],
    k: 3,
  });
  assert.deepEqual(card.privacy.segmentsBelowK, [0, 2], 'input not modified');
});
