import { compareMsg, fail } from '../errors/messages';
import type { RefitPolicy } from './track';

/** The `track` section of a config file (the rest is a run config). */
export function refitPolicyOf(section: unknown): RefitPolicy | null {
  if (section === undefined) return null;
  const problem = (what: string) => fail('config', compareMsg.trackUsage(`in the config, "track" ${what}; expected { "refitWhen": { "psi": 0.25, "stability": 0.7 } }`));
  if (typeof section !== 'object' || section === null || Array.isArray(section)) return problem('is not an object');
  const { refitWhen, ...rest } = section as Record<string, unknown>;
  if (Object.keys(rest).length) return problem(`has the unknown key "${Object.keys(rest)[0]}"`);
  if (refitWhen === undefined || refitWhen === null) return null;
  if (typeof refitWhen !== 'object' || Array.isArray(refitWhen)) return problem('"refitWhen" is not an object');
  const policy: RefitPolicy = {};
  for (const [key, value] of Object.entries(refitWhen as Record<string, unknown>)) {
    if (key !== 'psi' && key !== 'stability') return problem(`"refitWhen" has the unknown key "${key}"`);
    if (typeof value !== 'number' || !(value > 0) || (key === 'stability' && value > 1)) return problem(`"refitWhen.${key}" is ${JSON.stringify(value)} (psi > 0, stability in (0, 1])`);
    policy[key] = value;
  }
  return policy;
}
