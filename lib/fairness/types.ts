/** One cell: a protected group within a segment. */
export interface RepresentationCell {
  segment: number;
  group: string;
  /** Customers of this group in this segment; null when suppressed (below the minimum cell size). */
  count: number | null;
  /** Group's share within the segment; null when suppressed. */
  segmentShare: number | null;
  /** Group's share in the whole population. */
  populationShare: number;
  /** segmentShare / populationShare; null when suppressed. */
  ratio: number | null;
  /** pass: within [lower, upper]; flag: outside; suppressed: cell too small to report. */
  verdict: 'pass' | 'flag' | 'suppressed';
}

export interface AttributeRepresentation {
  attribute: string;
  /** How the attribute was grouped: "categorical" or "binned at 25, 35, ...". */
  grouping: string;
  groups: { group: string; count: number; populationShare: number }[];
  cells: RepresentationCell[];
  /** Number of cells with verdict "flag". */
  flagged: number;
  /** The suppressed cells, judged without publishing their values (lib/fairness/hidden-cells.ts); set by the fairness card. */
  hidden?: HiddenCells;
}

/**
 * What may be said about an attribute's suppressed cells: how many there are, why, and how many are
 * outside the band, per attribute and per segment. Never a hidden cell's count, share, ratio, group or direction.
 */
export interface HiddenCells {
  /** Suppressed cells of the attribute's assessed groups. */
  cells: number;
  /** Of those, cells with fewer than minCellSize customers (primary suppression). */
  small: number;
  /** Of those, cells hidden only so the small ones cannot be worked out by subtraction (secondary suppression). */
  secondary: number;
  /** Hidden cells whose ratio is outside [lower, upper]. */
  outside: number;
  /** Hidden cells whose ratio is outside [severeLower, severeUpper] (a fail). */
  severe: number;
  /** True when the cell farthest from ratio 1 is a hidden one (the check's value is then withheld). */
  worstHidden: boolean;
  /** Segments holding hidden cells outside the band, with how many (and how many fail). */
  segments: { segment: number; outside: number; severe: number }[];
}

export interface FairnessResult {
  lower: number;
  upper: number;
  minCellSize: number;
  attributes: AttributeRepresentation[];
  /** Plain sentences about degraded-but-valid results (tiny groups...). */
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------
// The fairness card (issue 5): every check with its value, threshold, verdict and a sentence.
// Everything below is plain data, JSON-serialisable for fairness.json.
// ---------------------------------------------------------------------------------------------

/** pass: within the threshold; warn: worth a look; fail: outside the accepted bound. */
export type Verdict = 'pass' | 'warn' | 'fail';

/** The check families of the card, in the order the report shows them. */
export type CheckKind = 'representation' | 'balance' | 'proxy' | 'targeting' | 'privacy';

/** One line of the verdict summary: a metric, its bound and what it means. */
export interface CheckResult {
  /** Stable id, e.g. "balance:sex" or "proxy-classifier:race". */
  id: string;
  kind: CheckKind;
  /** Protected attribute the check is about; null for privacy checks of the whole run. */
  attribute: string | null;
  /** Metric name, e.g. "proportional balance", "Cramér's V", "disparate impact". */
  metric: string;
  /** The measured value; null when it could only be computed from cells below the k-anonymity threshold. */
  value: number | null;
  /** Human-readable bound, e.g. ">= 0.8 pass, < 0.5 fail" or "within [0.8, 1.25]". */
  threshold: string;
  verdict: Verdict;
  /** One plain sentence a stakeholder can read. */
  sentence: string;
  /** True when the value exists but is withheld because it rests on a suppressed cell; the verdict still counts it. */
  withheld?: boolean;
}

/** Every number the card's verdicts depend on; the card records the ones it used. */
export interface FairnessThresholds {
  /** Ratio bounds (four-fifths rule): representation ratio, disparate impact, proportional balance. Default [0.8, 1.25]. */
  lower: number;
  upper: number;
  /** Beyond [severeLower, severeUpper] a ratio fails (a group at half / double its share). Default [0.5, 2]. */
  severeLower: number;
  severeUpper: number;
  /** k-anonymity: cells (segment × group, per-group rates) with fewer customers are suppressed. Default 50. */
  minCellSize: number;
  /** Cramér's V between segment and attribute: warn from, fail from. Default 0.1, 0.3 (small / medium effect). */
  cramersVWarn: number;
  cramersVFail: number;
  /** Normalised mutual information between segment and attribute: warn from, fail from. Default 0.02, 0.1. */
  nmiWarn: number;
  nmiFail: number;
  /** Proxy classifier lift over chance, (balancedAccuracy − 1/G) / (1 − 1/G): warn from, fail from. Default 0.1, 0.3. */
  proxyLiftWarn: number;
  proxyLiftFail: number;
  /** A feature is named as a proxy when permuting it costs at least this much balanced accuracy. Default 0.01. */
  proxyImportanceMin: number;
  /** Demographic-parity difference (selection-rate gap) and equal-opportunity gap: warn from, fail from. Default 0.05, 0.1. */
  parityGapWarn: number;
  parityGapFail: number;
}

/** One group of a protected attribute and its size (null when below the k-anonymity threshold). */
export interface GroupCount {
  group: string;
  /** Customers in the group; null when below minCellSize. */
  count: number | null;
  /** Share of all customers; null when below minCellSize. */
  share: number | null;
}

/** Balance-type metrics of one attribute (Chierichetti et al. 2017 and friends). */
export interface BalanceMetrics {
  attribute: string;
  /** Groups assessed (at least minCellSize customers); smaller groups are left out and named in warnings. */
  groups: string[];
  /** min/max group count in the whole data: the best balance any segmentation can reach. */
  datasetBalance: number;
  /** min over the segments whose cells are all published of (smallest group count / largest group count) in the segment. */
  balance: number;
  /** balance / datasetBalance (1 = as balanced as the data allows). */
  balanceRatio: number;
  /** min over segments and published cells of min(p_gC / p_g, p_g / p_gC) (the checks judge every cell: lib/fairness/hidden-cells.ts). */
  proportionalBalance: number;
  /** Largest total-variation distance between two groups' distributions over segments, and the pair. */
  totalVariation: { value: number; groups: [string, string] };
  /** Largest KL divergence (nats) from a group's segment distribution to the population's, and the group. */
  klDivergence: { value: number; group: string };
  /** Per segment: balance, group entropy (nats) and entropy / population group entropy; null when a cell is below minCellSize. */
  perSegment: { segment: number; size: number; balance: number | null; entropy: number | null; entropyRatio: number | null }[];
  /** Population group entropy (nats). */
  populationEntropy: number;
  /** Segments left out of balance and proportional balance because one of their cells is suppressed (k-anonymity, primary or secondary). */
  suppressedSegments?: number[];
}

/** Association between segment membership and an attribute. */
export interface AssociationMetrics {
  attribute: string;
  cramersV: number;
  /** Mutual information normalised by the mean of the two entropies (scikit-learn's arithmetic NMI). */
  nmi: number;
  chiSquare: number;
  /** Mutual information over the attribute's entropy, I(segment; attribute) / H(attribute): the share of uncertainty about the attribute that knowing the segment removes. */
  uncertaintyRemoved?: number;
  /** Customers in the published cells the figures are computed from (lib/fairness/published.ts). */
  customers?: number;
  /** Segments left out of the figures because one of their cells is suppressed (0-based in memory, 1..k in fairness.json). */
  suppressedSegments?: number[];
  /** Groups left out of the figures because one of their cells is suppressed (when that keeps more cells than leaving segments out). */
  groupsLeftOut?: string[];
}

/** How much one feature (or one-hot column family) tells about a protected attribute. */
export interface ProxyFeature {
  /** Feature name; one-hot columns "col=value" are grouped under "col". */
  feature: string;
  /** Mean drop in out-of-fold balanced accuracy when the feature is permuted (seeded). */
  permutationImportance: number;
  /** Correlation ratio η between the feature and the attribute (max over a one-hot family), 0..1. */
  correlation: number;
}

/** Can the clustering features predict the protected attribute? */
export interface ProxyClassifierResult {
  attribute: string;
  /** Rows used (a seeded sample when the data are larger than the cap). */
  rows: number;
  folds: number;
  /** Out-of-fold balanced accuracy (mean recall over groups). */
  balancedAccuracy: number;
  /** Balanced accuracy of guessing: 1 / number of groups. */
  chance: number;
  /** (balancedAccuracy − chance) / (1 − chance): 0 = no better than chance, 1 = perfect. */
  lift: number;
  /** Out-of-fold ROC AUC for two groups (the second group as positive); null for more than two. */
  auc: number | null;
  /** Balanced accuracy of each fold. */
  foldBalancedAccuracy: number[];
  /** Features ranked by permutation importance (most responsible first). */
  features: ProxyFeature[];
  /** Features to consider dropping: importance >= proxyImportanceMin, at most 3; none when the lift is below the warn threshold. */
  proxies: string[];
}

/** Selection and outcome parity of a campaign that targets some segments. */
export interface TargetingParity {
  attribute: string;
  targetedSegments: number[];
  /** Per group: size, selected, selection rate; conversion among the targeted and true-positive rate when outcomes are known. Nulls below minCellSize. */
  groups: {
    group: string;
    size: number | null;
    selected: number | null;
    selectionRate: number | null;
    conversionRate: number | null;
    truePositiveRate: number | null;
  }[];
  /** Reference group for the ratios (the configured one, else the one with the highest selection rate). */
  reference: string;
  /** Largest minus smallest selection rate. */
  demographicParityDifference: number;
  /** Smallest over largest selection rate. */
  demographicParityRatio: number;
  /** Per group: selection rate / reference group's selection rate. */
  disparateImpact: { group: string; ratio: number }[];
  /** Largest minus smallest true-positive rate (selected among those who converted); null without outcomes. */
  equalOpportunityGap: number | null;
  /** Groups whose selection figures are withheld: their selected count would give a suppressed representation cell away. */
  withheld?: string[];
}

/** One PII value found in an output file. The value itself is never repeated: only a mask. */
export interface PiiHit {
  file: string;
  /** 1-based line of the first occurrence in the file. */
  line: number;
  /** Index of the value in the `piiValues` list that was scanned for. */
  valueIndex: number;
  /** First and last character with the middle masked, e.g. "a*********m". */
  masked: string;
  /** The input column the value came from, when known (e.g. "Surname", "transactions: note"). */
  column?: string;
}

/** Equivalence classes of exported rows over their quasi-identifier columns. */
export interface QuasiIdentifierReport {
  quasiIdentifiers: string[];
  rows: number;
  classes: number;
  /** Rows alone in their class (re-identifiable from the quasi-identifiers). */
  uniqueRows: number;
  /** Rows in classes smaller than minCellSize. */
  rowsBelowK: number;
  smallestClass: number;
}

/** What the privacy part of the card measured. */
export interface PrivacyReport {
  minCellSize: number;
  /** Segments smaller than minCellSize (their statistics are suppressed). */
  segmentsBelowK: number[];
  /** Cells (segment × group) suppressed across all attributes. */
  suppressedCells: number;
  /** Of those, cells with fewer than minCellSize customers (the rest are hidden so these cannot be worked out by subtraction). */
  smallCells?: number;
  consent: { total: number; excluded: number } | null;
  quasiIdentifiers: QuasiIdentifierReport | null;
  /** Null when no output texts were scanned. */
  piiHits: PiiHit[] | null;
}

/** The data & model card: where the data came from, what was used and what was left out. */
export interface ModelCard {
  sources: { role: string; file: string; rows?: number; sha256?: string }[];
  featuresUsed: string[];
  featuresExcluded: { feature: string; reason: string }[];
  protectedAttributesChecked: string[];
  /** True when a protected attribute was itself a clustering feature (the report must say so first). */
  protectedUsedAsFeature: string[];
  thresholds: FairnessThresholds;
  limitations: string[];
}

/** Before/after numbers of a mitigation, side by side. */
export interface MitigationOutcome {
  method: 'drop-proxies' | 'fair-assignment';
  attribute: string;
  /** What was done, in one sentence. */
  description: string;
  /** Features dropped (drop-proxies) or [] (fair-assignment). */
  droppedFeatures: string[];
  /** Customers whose segment changed. */
  moved: number;
  movedShare: number;
  /** True when every assessed representation ratio ended inside [lower, upper]. */
  withinBounds: boolean;
  before: MitigationSnapshot;
  after: MitigationSnapshot;
  /** The mitigated segment of every customer (0..k-1), written as segments-mitigated-<method>.csv; left out of fairness.json. */
  labels?: number[];
}

/** Fairness and quality of one labelling, measured in the same space for before and after. */
export interface MitigationSnapshot {
  balance: number;
  proportionalBalance: number;
  cramersV: number;
  /** Representation cells outside [lower, upper]: every cell of the assessed groups, suppressed ones included (a count, never which). */
  cellsOutsideBand: number;
  /** Sum of squared distances to segment means, in the clustered space. */
  inertia: number;
  /** Mean silhouette on a seeded sample of the clustered space. */
  silhouette: number;
  /** Segment x group cells the count-derived figures (balance, Cramér's V, cells outside the band) could use: the published ones. */
  publishedCells?: number;
}

/** The whole card: verdict summary first, then the evidence. Written as fairness.json. */
export interface FairnessCard {
  /** Worst verdict over all checks, and the counts per verdict. */
  summary: { verdict: Verdict; pass: number; warn: number; fail: number; headline: string };
  checks: CheckResult[];
  /** Customers segmented and number of segments. */
  customers: number;
  k: number;
  groups: { attribute: string; grouping: string; groups: GroupCount[] }[];
  representation: FairnessResult;
  balance: BalanceMetrics[];
  association: AssociationMetrics[];
  proxyClassifier: ProxyClassifierResult[];
  targeting: TargetingParity[];
  privacy: PrivacyReport;
  /** Mitigations measured before/after (empty when none was run). */
  mitigation: MitigationOutcome[];
  card: ModelCard;
  /** Checks that were not run and why (e.g. "no campaign plan given"). */
  skipped: { check: string; reason: string }[];
  warnings: string[];
}
