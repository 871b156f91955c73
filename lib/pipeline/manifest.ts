import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sha256File } from '../io/atomic';
import { projectRoot } from '../io/project-root';

/** The packages whose versions a manifest records. */
export const RECORDED_PACKAGES = [
  'danfojs-node',
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-backend-wasm',
  'tfjs-node-native',
  'ml-kmeans',
  'ml-pca',
  'simple-statistics',
  'vega',
  'vega-lite',
  'vega-embed',
  '@resvg/resvg-js',
  'typescript',
] as const;

export { projectRoot } from '../io/project-root';

/** Installed versions of the recorded packages ("absent" when not installed), plus the lockfile hash. */
export function packageVersions(root = projectRoot()): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of RECORDED_PACKAGES) {
    const file = path.join(root, 'node_modules', name, 'package.json');
    out[name] = fs.existsSync(file) ? String(JSON.parse(fs.readFileSync(file, 'utf8')).version) : 'absent';
  }
  const lock = path.join(root, 'package-lock.json');
  out['package-lock.json sha256'] = fs.existsSync(lock) ? sha256File(lock) : 'absent';
  return out;
}

/** seglab's own version from package.json. */
export function seglabVersion(root = projectRoot()): string {
  return String(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version);
}

/** Node version and platform, as recorded in the manifest. */
export function platformInfo(): { node: string; platform: string } {
  return { node: process.version, platform: `${os.platform()} ${os.arch()} ${os.release()}` };
}
