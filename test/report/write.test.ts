import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SeglabError, msg } from '../../lib/errors/messages';
import { writeReport } from '../../lib/report/write';
import { tempDir } from '../helpers/paths';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

test('writeReport writes report.html and every chart, and lists them relative to the folder', () => {
  const dir = path.join(tempDir(), 'run');
  const written = writeReport(dir, {
    html: '<!doctype html><title>x</title>',
    charts: [
      { id: 'segment-sizes', title: 'A', svg: '<svg/>', png },
      { id: 'k-silhouette', title: 'B', svg: '<svg id="b"/>', png },
    ],
  });
  assert.deepEqual(written, ['report.html', 'charts/segment-sizes.svg', 'charts/segment-sizes.png', 'charts/k-silhouette.svg', 'charts/k-silhouette.png']);
  assert.equal(fs.readFileSync(path.join(dir, 'report.html'), 'utf8'), '<!doctype html><title>x</title>');
  assert.equal(fs.readFileSync(path.join(dir, 'charts', 'k-silhouette.svg'), 'utf8'), '<svg id="b"/>');
  assert.deepEqual(new Uint8Array(fs.readFileSync(path.join(dir, 'charts', 'segment-sizes.png'))), png);
  const leftovers = fs.readdirSync(path.join(dir, 'charts')).filter((f) => f.endsWith('.tmp'));
  assert.deepEqual(leftovers, []);
});

test('writeReport refuses a chart id that would escape the charts folder', () => {
  const dir = tempDir();
  assert.throws(
    () => writeReport(dir, { html: 'x', charts: [{ id: '../../evil', title: 'e', svg: '<svg/>', png }] }),
    (e: unknown) => e instanceof SeglabError && e.message === `report: ${msg.reportChartIdInvalid('../../evil')}`,
  );
  assert.deepEqual(fs.readdirSync(dir), [], 'nothing written');
});
