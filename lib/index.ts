/**
 * seglab's public surface, grouped by pipeline stage. Notebooks and the CLI import only from here.
 *
 *   load -> clean -> features -> embed -> cluster -> profile -> fairness -> report
 */

// ---- config ----
export type { RunConfig, RunConfigInput, SourceSpec, ColumnRoles, CleanConfig, FeatureConfig, EmbedConfig, ClusterConfig, FairnessConfig } from './config/types';
export { validateConfig } from './config/validate';
export { resolveRunConfig, readConfigFile, parseKRange, type RunFlags } from './config/load';
export { detectRoles, type DetectedRoles } from './inspect/roles';
export { inspectInputs } from './inspect/inputs';

// ---- errors and randomness ----
export { SeglabError, isSeglabError } from './errors/messages';
export { createRng, stageRng, deriveSeed, type Rng } from './random/rng';
export { sampleIndices } from './random/rng';

// ---- load ----
export { readDelimited, sniffDelimiter, type RawTable } from './load/csv';

// ---- clean ----
export { cleanCustomers, type CleanCustomers } from './clean/customers';
export { cleanTransactions, type CleanTransactions } from './clean/transactions';
export { parseNumber, parseIsoDate } from './clean/coerce';
export { detectPiiColumns } from './clean/pii';
export type { LedgerEntry, Ledger } from './clean/types';

// ---- features ----
export { buildFeatures, type FeatureTable } from './features/build';
export { postcodeArea, geographicColumns } from './features/geographic';
export { computeRfm, type RfmValues } from './features/rfm';
export { fitScaler, applyScaler, type ScalerFit } from './features/scale';

// ---- embed ----
export { selectBackend } from './embed/backend';
export { fitAutoencoder } from './embed/autoencoder';
export type { EmbeddingResult, BackendName } from './embed/types';

// ---- cluster and evaluate ----
export { chooseK } from './cluster/select-k';
export { fitKMeans, assignToCentroids } from './cluster/kmeans';
export type { ClusteringResult, KCandidate } from './cluster/types';
export { segmentCustomers, type Segmentation } from './cluster/segment';
export { automaticSegmentation, type AutomaticSegmentation } from './cluster/automatic';
export { latentClassModel, type LatentClassResult, type LatentClassFit } from './cluster/latent-class';
export { chooseRepresentation, applyFeatureWeights, type RepresentationCandidate, type RepresentationChoice, type RepresentationEvidence, type FeatureWeights } from './cluster/representation';
export { fitClustering, CLUSTER_METHODS, type ClusterMethod, type ClusteringFit } from './cluster/methods';
export { silhouetteScore, adjustedRandIndex, normalizedMutualInfo } from './evaluate/metrics';
export { pca2d } from './evaluate/project';

// ---- profile ----
export { profileSegments } from './profile/profile';
export { describePersonas } from './profile/personas';
export { featureDistributions } from './profile/distributions';
export type { SegmentProfile, FeatureSummary } from './profile/types';

// ---- fairness ----
export { representation, binLabel, type ProtectedValues } from './fairness/representation';
export type { FairnessResult, AttributeRepresentation, RepresentationCell } from './fairness/types';

export { fairnessCard, withPiiScan, DEFAULT_CARD_CONFIG, DEFAULT_THRESHOLDS, type FairnessCardInput, type FairnessCardConfig } from './fairness/card';
export { scanForPii, quasiIdentifierUniqueness } from './fairness/privacy';
export type { FairnessCard, CheckResult } from './fairness/types';

// ---- customer lifetime value ----
export { customerLifetimeValue, type ClvOptions, type ClvResult } from './clv/stage';
export { customerLifetimeValueFromInputs, resolveClvOptions, type ClvInputs } from './clv/stage';
export { rfmSummaryFromDuckdb, clvInputsFromDuckdb } from './clv/summary-sql';
export { fitBgNbd, expectedPurchases, conditionalExpectedPurchases, probabilityAlive } from './clv/bgnbd';
export { fitGammaGamma, conditionalExpectedSpend } from './clv/gamma-gamma';
export { rfmSummary } from './clv/summary';
export { calibrationHoldout } from './clv/calibration';
export { clvSummary, clvCustomerCsv } from './clv/output';
export { campaignLogFromTable } from './campaigns/from-table';

// ---- campaigns ----
export { evaluateCampaigns } from './campaigns/evaluate';
export { allocateBudget } from './campaigns/budget';
export { wilsonInterval, newcombeDifference } from './campaigns/intervals';
export { sampleSizeTwoProportions } from './campaigns/power';
export type { CampaignLog, CampaignOptions, CampaignsResult, BudgetPlan } from './campaigns/types';

// ---- model: score new customers with a run's fitted parameters ----
export { applyFeatures, type AppliedFeatures } from './features/apply';
export { buildModel, loadModel, type SegmentationModel, type ModelSource } from './model/artifact';
export { scoreCustomers, type ScoreResult } from './model/score';

// ---- pipeline ----
export { runPipeline, loadInputs, cleanInputs, protectedValues, type LoadedInputs } from './pipeline/run';
export { writeRunOutputs, segmentsCsv } from './pipeline/outputs';
export type { RunResult, Manifest, MapPoint, ExcludedColumn } from './pipeline/types';

// ---- report ----
export { buildReportDocument } from './report/build';
export { renderReport } from './report/html';
export { writeReport } from './report/write';
export type { ReportDocument, RenderedReport, VegaLiteSpec } from './report/types';

// ---- notebook display (tslab) ----
export { showChart, showTable, chartPayload, tablePayload, VEGALITE_MIME } from './notebook/display';
export type { MimeBundle, DisplaySink, ChartPayloadOptions, ShowChartOptions, TableOptions, ShowTableOptions, TableInput, FrameLike } from './notebook/display';

// The notebook runner, the data generator and the message builders: lib/tooling.ts.

// ---- report charts (also drawn in notebooks) ----
export { segmentSizesChart, segmentMapChart, featureHeatmapChart, kMetricChart, lossCurveChart, representationChart } from './report/charts';

// ---- segments over time: compare two segmentations, track one model over dates ----
export { compareSnapshots, type CompareResult, type CompareOptions } from './compare/compare';
export { readSnapshot, snapshotFromScore, type Snapshot } from './compare/snapshot';
export { migrationMatrix, type MigrationMatrix } from './compare/migration';
export { matchSegments, type SegmentMatching } from './compare/match';
export { populationStabilityIndex, distributionDrift, jensenShannon, wasserstein1, psiLevel } from './compare/drift';
export { transitionHeatmap, sankeySpec, segmentSharesChart, featurePsiChart, distanceChart } from './compare/charts';
export { compareDocument } from './compare/report';
export { writeCompareOutputs } from './compare/cli';
export { trackSegments, type TrackResult, type RefitPolicy } from './track/track';
export { monthlyDates, rowsBefore, dateOrderOf } from './track/asof';
export { fitModelAsOf } from './track/fit';
export { trackDocument, trackSizesChart, trackPsiChart } from './track/report';
export { writeTrackOutputs } from './track/write';

// ---- the warehouse: features and scoring as SQL in the database that holds the data ----
export { scoringSql, type ScoringSql, type ScoringSqlOptions } from './warehouse/score-sql';
export { dialect, DIALECT_NAMES, type Dialect, type DialectName } from './warehouse/dialects';
export { openWarehouse, engineOf, type Warehouse } from './warehouse/engines';
export { sampleBuckets, sampleQueries, checkSampleSize } from './warehouse/sample';
export { runWarehouseCommand, type WarehouseRecord } from './warehouse/run';
// ---- notebook workbench on Danfo frames (load -> clean -> features take and give DataFrames) ----
export { loadFrames, cleanFrame, cleanTransactionsFrame, featuresFromFrame, segmentsFrame, profilesFrame, joinSegments, describeFrame, groupSummary, tableFrame, frameTable, type RawFrames, type CleanedFrame, type FrameFeatureOptions } from './workbench/frames';
export { buildFrame, frameColumn, summarise } from './clean/frame';
export { loadCleanFit, type CleanFit } from './clean/fit';
// notebook builders (02: data quality; 03: RFM scores and named cells; 06: uplift forest)
export { missingShareChart, upliftForestChart } from './report/charts-value';
export { columnAlerts } from './report/sections-quality';
export { fitRfmScores, applyRfmScores, rfmSegment, type RfmScoreFit, type RfmSegmentName } from './features/rfm';
export type { SourceProfile, ColumnProfile } from './clean/profile';
export { withHtmlCharts } from './notebook/export';
export { chartMimeBundle } from './notebook/display';
