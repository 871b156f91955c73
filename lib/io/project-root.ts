import * as fs from 'node:fs';
import * as path from 'node:path';

/** The project root: the folder holding seglab's package.json. */
export function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'seglab') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('seglab: cannot find the project root (package.json named "seglab")');
    dir = up;
  }
}
