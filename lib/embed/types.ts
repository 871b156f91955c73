export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface EmbeddingResult {
  /** One row per customer, `bottleneck` columns. */
  embedding: number[][];
  /** Training loss (MSE) per epoch. */
  lossHistory: number[];
  /** Mean squared reconstruction error over all rows, overall and per feature. */
  reconstructionError: { overall: number; perFeature: { feature: string; mse: number }[] };
  backend: BackendName;
}
