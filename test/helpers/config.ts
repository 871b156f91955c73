import { validateConfig } from '../../lib/config/validate';
import type { RunConfig, RunConfigInput } from '../../lib/config/types';

/** A validated config for tests, with placeholder source paths unless given. */
export function testConfig(over: RunConfigInput = {}, baseDir = '/tmp'): RunConfig {
  return validateConfig(
    {
      sources: { customers: { path: 'c.csv' }, transactions: { path: 't.csv' } },
      ...over,
    },
    baseDir,
  );
}
