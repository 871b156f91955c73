/**
 * Everything a run produced: the report is built from it, notebooks read it. Declared beside the
 * report (the last stage), so the report never imports the pipeline runner; lib/pipeline/types.ts
 * re-exports it.
 */
import type { OutcomeProfile } from '../profile/outcome';
import type { ExtremeValue } from '../features/mixed';
import type { RunConfig } from '../config/types';
import type { Ledger } from '../clean/types';
import type { SourceProfile } from '../clean/profile';
import type { ClusteringResult } from '../cluster/types';
import type { FeatureWeights, RepresentationEvidence } from '../cluster/representation';
import type { BackendName, EmbeddingResult } from '../embed/types';
import type { FairnessCard, FairnessResult } from '../fairness/types';
import type { FeatureDistribution, SegmentProfile } from '../profile/types';
import type { ExcludedColumn } from '../features/excluded';
import type { Manifest, MapPoint } from './manifest';
import type { ClvResult } from '../clv/stage';
import type { CampaignsResult } from '../campaigns/types';
import type { BudgetPlan } from '../campaigns/types';

/** Everything a run produced, for the report and for notebooks. */
export interface RunResult {
  config: RunConfig;
  ledger: Ledger;
  featureNames: string[];
  excluded: ExcludedColumn[];
  /** The space that was clustered (e.g. "standardised features", "autoencoder embedding", or a reweighted variant). */
  representation: string;
  /** The evidence behind the chosen representation, the reason in one sentence, and the feature weights to re-apply when scoring. */
  selection: {
    evidence: RepresentationEvidence[];
    reason: string;
    weights: FeatureWeights | null;
    /** The method that labelled the customers at the chosen k. */
    method: 'kmeans' | 'gmm' | 'agglomerative';
    /** Customers the selection was fitted on when a sample was drawn; null = every customer. */
    sampledRows: number | null;
  };
  embedding: EmbeddingResult | null;
  clustering: ClusteringResult;
  profiles: SegmentProfile[];
  /** Quantiles of the behavioural features per segment (suppressed below the minimum cell size). */
  distributions: FeatureDistribution[];
  /** Representation of each protected group per segment (the reportable cells of the card). */
  fairness: FairnessResult;
  /** Every ethics and bias check, with verdicts, evidence and a measured mitigation (fairness.json). */
  fairnessCard: FairnessCard;
  /** Historical and predictive customer lifetime value; null (with a warning) when the data cannot support it. */
  clv: ClvResult | null;
  /** Campaign effectiveness per segment × campaign and a recommendation per segment; null without a campaign log. */
  campaigns: (CampaignsResult & { budget: BudgetPlan | null }) | null;
  /** The data-quality profile of every source as read (data-quality.json). */
  dataQuality: SourceProfile[];
  /** Degraded-but-valid results of the run, in plain words, shown in the report. */
  warnings: string[];
  /** Data-quality alerts the run adds to the profile's (implausible birth years or ages at the as-of date). Default []. */
  dataQualityAlerts?: string[];
  /** The date birth years became ages at, and why that date (lib/pipeline/age-as-of.ts). Absent in older runs. */
  ageAsOf?: { date: string; year: number; source: string };
  map: MapPoint[];
  customerIds: string[];
  backend: BackendName;
  timings: Record<string, number>;
  /** Stages whose model fit ran in a background worker beside earlier stages (their timing is the wait plus what follows the fit). Absent when none. */
  backgroundFits?: string[];
  /** The declared outcome (columns.label) per segment: rate or mean, 95% interval, lift; null without one. Optional for older runs. */
  outcome?: OutcomeProfile | null;
  /** The chosen segments against plain standardised k-means at the same k, and their silhouette in the standardised space. */
  plainComparison?: { k: number; agreement: number; silhouette: number; plainSilhouette: number; sentence: string } | null;
  /** The latent-class model's BIC k and its agreement with the segments (issue #10). */
  latentClass?: { k: number; scan: { k: number; bic: number }[]; agreement: number; atRangeEnd: boolean; sentence: string } | null;
  /** The features log-scaled (log1p) before clustering: features.logColumns and the automatically log-scaled skewed ones. Absent in older runs. */
  logScaled?: string[];
  /** Extreme values clipped before clustering, per feature, and the most extreme with their customer (for the terminal and notebooks: the report and the run folder name no customer's value). */
  extremes?: ExtremeValue[];
  clipped?: Record<string, number>;
  /** The whole k scan of every representation tried (chosen first). */
  kScans?: { name: string; chosen: boolean; k: number; candidates: ClusteringResult['candidates'] }[];
}
