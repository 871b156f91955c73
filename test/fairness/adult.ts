/** Moved to bench/datasets/adult.ts (shared with the benchmarks); kept so old imports work. */
export * from '../../bench/datasets/adult';
