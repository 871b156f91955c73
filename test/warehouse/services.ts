/**
 * The local services started by scripts/services.sh (called by scripts/setup.sh --test): their
 * URLs from services.env, or the reason a live test skips.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Services {
  postgres: string | null;
  clickhouse: string[] | null;
  cluster: string | null;
  /** Why a service is absent (for the skip message). */
  why: string;
}

/** Reads ${SEGLAB_SERVICES_DIR:-$TMPDIR/seglab-services}/services.env. */
export function localServices(): Services {
  const dir = process.env.SEGLAB_SERVICES_DIR ?? path.join(os.tmpdir(), 'seglab-services');
  const file = path.join(dir, 'services.env');
  if (!fs.existsSync(file)) return { postgres: null, clickhouse: null, cluster: null, why: `${file} does not exist: run "bash scripts/services.sh" (scripts/setup.sh --test does) to start the local PostgreSQL and ClickHouse` };
  const env = Object.fromEntries(
    fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()]),
  );
  return {
    postgres: env.SEGLAB_PG_URL ?? null,
    clickhouse: env.SEGLAB_CH_URLS ? env.SEGLAB_CH_URLS.split(',') : null,
    cluster: env.SEGLAB_CH_CLUSTER ?? null,
    why: `not listed in ${file}: scripts/services.sh could not start it on this machine (see its output and logs in ${dir})`,
  };
}
