/**
 * What a run records and the report reads: the manifest (seeds, hashes, versions, timings, stage
 * fingerprints) and the 2-D map sample. Declared here, beside the report that renders them, so the
 * report never reaches back into the pipeline runner; lib/pipeline/types.ts re-exports them.
 */
import type { RunConfig } from '../config/types';
import type { Ledger } from '../clean/types';
import type { BackendName } from '../embed/types';

/** The stages whose outputs are fingerprinted, in pipeline order. */
export const STAGES = ['load', 'clean', 'features', 'embed', 'cluster', 'profile', 'fairness'] as const;
export type StageName = (typeof STAGES)[number];

/** sha256 of a stage's output, per stage, so a rerun can say where it first differs. */
export type StageFingerprints = Record<StageName, string>;

/** A point of the 2-D map of customers (PCA of the clustered space), on a seeded sample. */
export interface MapPoint {
  x: number;
  y: number;
  segment: number;
}

/** What the run recorded so a researcher can rerun it and check the result. */
export interface Manifest {
  seglabVersion: string;
  createdAt: string;
  config: RunConfig;
  seed: number;
  /** sha256 and row counts of every input file. */
  inputs: { role: string; file: string; sha256: string; rows: number }[];
  packages: Record<string, string>;
  node: string;
  platform: string;
  backend: BackendName;
  /**
   * Wall time of each stage in milliseconds. When the CLV fit ran in a background worker (from the
   * end of the features stage on; README "The CLV fit runs beside the embed and cluster stages"),
   * `clv` is the wait for it plus the per-segment assembly.
   */
  timings: Record<string, number>;
  ledger: Ledger;
  /** sha256 of every file written to the run folder (except the manifest itself). */
  outputs: Record<string, string>;
  /** sha256 of each stage's output, for `seglab reproduce`. */
  fingerprints: StageFingerprints;
  /** Stages whose model fit ran in a background worker beside earlier stages (see `timings`). Absent when none. */
  backgroundFits?: string[];
}
