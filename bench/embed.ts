/**
 * Training and encoding throughput of the autoencoder on one backend.
 * Usage: node dist/bench/embed.js [auto|tensorflow|wasm|cpu] [rows=20000] [features=8] [epochs=20] [batch=256]
 * Prints one JSON line: backend, fit seconds, training rows/s, encode rows/s.
 */
import { performance } from 'node:perf_hooks';
import { fitAutoencoder } from '../lib/embed/autoencoder';
import { selectBackend, type BackendPreference } from '../lib/embed/backend';
import { encode } from '../lib/embed/encode';
import { createRng } from '../lib/random/rng';

async function main(): Promise<void> {
  const [preference = 'auto', rowsArg = '20000', featuresArg = '8', epochsArg = '20', batchArg = '256'] = process.argv.slice(2);
  const rows = Number(rowsArg);
  const features = Number(featuresArg);
  const settings = { hidden: [16], bottleneck: 4, epochs: Number(epochsArg), batchSize: Number(batchArg), learningRate: 0.01 };
  const { tf, backend, notes } = await selectBackend(preference as BackendPreference);
  const data = createRng(1);
  const matrix = Array.from({ length: rows }, () => Array.from({ length: features }, () => data.normal()));
  const featureNames = Array.from({ length: features }, (_, j) => `f${j}`);

  const t0 = performance.now();
  const { artifact, result } = await fitAutoencoder(matrix, featureNames, settings, createRng(42), tf);
  const fitSeconds = (performance.now() - t0) / 1000;

  const big = Array.from({ length: 10 }, () => matrix).flat();
  const t1 = performance.now();
  encode(artifact, big, tf);
  const encodeSeconds = (performance.now() - t1) / 1000;

  console.log(
    JSON.stringify({
      backend,
      notes,
      rows,
      features,
      ...settings,
      fitSeconds: Number(fitSeconds.toFixed(2)),
      trainRowsPerSecond: Math.round((rows * settings.epochs) / fitSeconds),
      encodeRows: big.length,
      encodeRowsPerSecond: Math.round(big.length / encodeSeconds),
      finalLoss: Number(result.lossHistory[result.lossHistory.length - 1].toFixed(4)),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
