/**
 * seglab's tooling entry, beside the public surface (lib/index.ts): the headless notebook runner
 * (`seglab notebook`), the seeded demo-data generator (`npm run generate-data`), the config's
 * field declaration and defaults, and the message builders tests assert against. Analyses import
 * lib/index.ts; tools and tests import this.
 */

// ---- notebook runner ----
export { runNotebook, cellErrorText, type RunNotebookOptions, type NotebookRun } from './notebook/run';
export { notebookParameters, injectParameters, coerceParameters, type NotebookParameter, type ParameterValue } from './notebook/parameters';
export { readIpynb, type Ipynb, type IpynbCell, type IpynbOutput } from './notebook/ipynb';
export { parseNotebookArgs, NOTEBOOK_USAGE, type NotebookArgs } from './notebook/args';

// ---- demo data ----
export { generateRetail, generateRetailTables } from './data/generator';
export { writeRetailCsv } from './data/write';

// ---- config declaration, defaults and messages ----
export { RUN_CONFIG } from './config/fields';
export { schemaOf, defaultsOf } from './config/declare';
export { DEFAULTS } from './config/validate';
export { msg } from './errors/messages';
