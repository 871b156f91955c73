/** Moved to bench/datasets/cdnow.ts (shared with the benchmarks); kept so old imports work. */
export * from '../../bench/datasets/cdnow';
