/**
 * simple-statistics for CommonJS code. The package ships a CommonJS build (its "require" export)
 * but declares its types as ESM only, so TypeScript's node16 mode refuses a plain import.
 */
import type * as SimpleStatistics from 'simple-statistics' with { 'resolution-mode': 'import' };

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const ss: typeof SimpleStatistics = require('simple-statistics');
