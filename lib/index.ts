/**
 * seglab's public surface, grouped by pipeline stage in pipeline order. Notebooks import from here;
 * the notebook runner, the data generator and the message builders are in lib/tooling.ts.
 *
 *   load -> clean -> features -> embed -> cluster -> profile -> clv -> campaigns -> fairness -> report
 *   then: the whole run, scoring new customers, segments over time, the warehouse, the Danfo workbench
 */

// ---- foundations: the run config (one declaration, validated once), errors, seeded randomness ----
export type { RunConfig, RunConfigInput, SourceSpec, ColumnRoles, CleanConfig, FeatureConfig, EmbedConfig, ClusterConfig, FairnessConfig } from './config/types';
export { validateConfig } from './config/validate';
export { resolveRunConfig, readConfigFile, parseKRange, type RunFlags } from './config/load';
export { detectRoles, type DetectedRoles } from './inspect/roles';
export { inspectInputs } from './inspect/inputs';
export { SeglabError, isSeglabError } from './errors/messages';
export { createRng, stageRng, deriveSeed, type Rng } from './random/rng';
export { sampleIndices } from './random/rng';

// ---- load: delimited files read as text tables (csv-parse), nothing coerced yet ----
export { readDelimited, sniffDelimiter, type RawTable } from './load/csv';

// ---- clean: typed columns, missing values, outliers, every change in the ledger; the saved cleaning fit ----
export { cleanCustomers, type CleanCustomers } from './clean/customers';
export { cleanTransactions, type CleanTransactions } from './clean/transactions';
export { parseNumber, parseIsoDate } from './clean/coerce';
export { detectPiiColumns } from './clean/pii';
export type { LedgerEntry, Ledger } from './clean/types';
export { buildFrame, frameColumn, summarise } from './clean/frame';
export { loadCleanFit, type CleanFit } from './clean/fit';
export type { SourceProfile, ColumnProfile } from './clean/profile';

// ---- features: behaviour (RFM...), geography, scaling; one row per customer ----
export { buildFeatures, type FeatureTable } from './features/build';
export { postcodeArea, geographicColumns } from './features/geographic';
export { computeRfm, type RfmValues } from './features/rfm';
export { fitRfmScores, applyRfmScores, rfmSegment, type RfmScoreFit, type RfmSegmentName } from './features/rfm';
export { fitScaler, applyScaler, type ScalerFit } from './features/scale';

// ---- embed: the autoencoder's latent space (TensorFlow.js) ----
export { selectBackend } from './embed/backend';
export { fitAutoencoder } from './embed/autoencoder';
export type { EmbeddingResult, BackendName } from './embed/types';

// ---- cluster: k-means, GMM, agglomerative, latent classes; k and representation chosen; the measures ----
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

// ---- profile: who each segment is (means, distributions, personas) ----
export { profileSegments } from './profile/profile';
export { describePersonas } from './profile/personas';
export { featureDistributions } from './profile/distributions';
export type { SegmentProfile, FeatureSummary } from './profile/types';

// ---- clv: customer lifetime value (BG/NBD + Gamma-Gamma), in JavaScript or from DuckDB summaries ----
export { customerLifetimeValue, type ClvOptions, type ClvResult } from './clv/stage';
export { customerLifetimeValueFromInputs, resolveClvOptions, type ClvInputs } from './clv/stage';
export { rfmSummaryFromDuckdb, clvInputsFromDuckdb } from './clv/summary-sql';
export { fitBgNbd, expectedPurchases, conditionalExpectedPurchases, probabilityAlive } from './clv/bgnbd';
export { fitGammaGamma, conditionalExpectedSpend } from './clv/gamma-gamma';
export { rfmSummary } from './clv/summary';
export { calibrationHoldout } from './clv/calibration';
export { clvSummary, clvCustomerCsv } from './clv/output';

// ---- campaigns: lift with intervals, budget, power, from a campaign log ----
export { campaignLogFromTable } from './campaigns/from-table';
export { evaluateCampaigns } from './campaigns/evaluate';
export { allocateBudget } from './campaigns/budget';
export { wilsonInterval, newcombeDifference } from './campaigns/intervals';
export { sampleSizeTwoProportions } from './campaigns/power';
export type { CampaignLog, CampaignOptions, CampaignsResult, BudgetPlan } from './campaigns/types';

// ---- fairness: representation of protected groups, the fairness card, privacy checks ----
export { representation, binLabel, type ProtectedValues } from './fairness/representation';
export type { FairnessResult, AttributeRepresentation, RepresentationCell } from './fairness/types';
export { fairnessCard, withPiiScan, DEFAULT_CARD_CONFIG, DEFAULT_THRESHOLDS, type FairnessCardInput, type FairnessCardConfig } from './fairness/card';
export { scanForPii, quasiIdentifierUniqueness } from './fairness/privacy';
export type { FairnessCard, CheckResult } from './fairness/types';

// ---- report: the self-contained HTML report and its Vega-Lite charts (also drawn in notebooks) ----
export { buildReportDocument } from './report/build';
export { renderReport } from './report/html';
export { writeReport } from './report/write';
export type { ReportDocument, RenderedReport, VegaLiteSpec } from './report/types';
export { segmentSizesChart, segmentMapChart, featureHeatmapChart, kMetricChart, lossCurveChart, representationChart } from './report/charts';
export { missingShareChart, upliftForestChart } from './report/charts-value';
export { columnAlerts } from './report/sections-quality';

// ---- the whole run: every stage above wired by the pipeline, and its output files ----
export { runPipeline, loadInputs, cleanInputs, protectedValues, type LoadedInputs } from './pipeline/run';
export { writeRunOutputs, segmentsCsv } from './pipeline/outputs';
export type { RunResult, Manifest, MapPoint, ExcludedColumn } from './pipeline/types';

// ---- model/score: a run's fitted parameters saved, applied (not refitted) to new customers ----
export { applyFeatures, type AppliedFeatures } from './features/apply';
export { buildModel, loadModel, type SegmentationModel, type ModelSource } from './model/artifact';
export { scoreCustomers, type ScoreResult } from './model/score';

// ---- compare/track: two segmentations compared; one model tracked over dates ----
export { compareSnapshots, type CompareResult, type CompareOptions } from './compare/compare';
export { readSnapshot, snapshotFromScore, type Snapshot } from './compare/snapshot';
export { migrationMatrix, type MigrationMatrix } from './compare/migration';
export { matchSegments, type SegmentMatching } from './compare/match';
export { populationStabilityIndex, distributionDrift, jensenShannon, wasserstein1, psiLevel } from './compare/drift';
export { transitionHeatmap, sankeySpec, segmentSharesChart, featurePsiChart, distanceChart } from './compare/charts';
export { compareDocument } from './compare/report';
export { writeCompareOutputs } from './compare/outputs';
export { trackSegments, type TrackResult, type RefitPolicy } from './track/track';
export { monthlyDates, rowsBefore, dateOrderOf } from './track/asof';
export { fitModelAsOf } from './track/fit';
export { trackDocument, trackSizesChart, trackPsiChart } from './track/report';
export { writeTrackOutputs } from './track/write';

// ---- warehouse: sampling, scoring SQL and aggregates in the database that holds the data ----
export { scoringSql, type ScoringSql, type ScoringSqlOptions } from './warehouse/score-sql';
export { dialect, DIALECT_NAMES, type Dialect, type DialectName } from './warehouse/dialects';
export { openWarehouse, engineOf, type Warehouse } from './warehouse/engines';
export { sampleBuckets, sampleQueries, checkSampleSize } from './warehouse/sample';
export { runWarehouse, type WarehouseRecord } from './warehouse/run';
export { runWarehouseCommand } from './cli/warehouse';

// ---- workbench: Danfo frames between stages, and tslab display (charts stay interactive) ----
export { loadFrames, cleanFrame, cleanTransactionsFrame, featuresFromFrame, segmentsFrame, profilesFrame, joinSegments, describeFrame, groupSummary, tableFrame, frameTable, type RawFrames, type CleanedFrame, type FrameFeatureOptions } from './workbench/frames';
export { showChart, showTable, chartPayload, tablePayload, VEGALITE_MIME } from './notebook/display';
export type { MimeBundle, DisplaySink, ChartPayloadOptions, ShowChartOptions, TableOptions, ShowTableOptions, TableInput, FrameLike } from './notebook/display';
export { chartMimeBundle } from './notebook/display';
export { withHtmlCharts } from './notebook/export';
