/**
 * The run config for planted data written by the generator: the demo's own config
 * (data/demo/seglab.config.json), pointed at another folder, so benches measure what users run.
 */
import * as path from 'node:path';
import { readConfigFile } from '../lib/config/load';
import type { RunConfig, RunConfigInput } from '../lib/config/types';
import { validateConfig } from '../lib/config/validate';

const DEMO_CONFIG = path.resolve(__dirname, '..', '..', 'data', 'demo', 'seglab.config.json');

/** The demo config for customers.csv / transactions.csv in `dir`, with `overrides` on top (sections merged shallowly). */
export function plantedConfig(dir: string, overrides: RunConfigInput = {}): RunConfig {
  const demo = readConfigFile(DEMO_CONFIG);
  const merged: Record<string, unknown> = { ...demo, outDir: path.join(dir, 'run') };
  for (const [key, value] of Object.entries(overrides)) {
    const base = (demo as Record<string, unknown>)[key];
    merged[key] = value && typeof value === 'object' && !Array.isArray(value) && base && typeof base === 'object' ? { ...base, ...value } : value;
  }
  return validateConfig(merged, dir);
}
