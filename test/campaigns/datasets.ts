/** Moved to bench/datasets/campaigns.ts (shared with the benchmarks); kept so old imports work. */
export * from '../../bench/datasets/campaigns';
