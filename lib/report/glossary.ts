/**
 * "What the numbers mean": every metric the report shows, in plain words with a one-line meaning.
 * Only terms the report uses for this run are listed.
 */
import type { ReportRun, ReportSection } from './types';

const TERMS: { term: string; meaning: string; when: (run: ReportRun) => boolean }[] = [
  { term: 'SD (standard deviations)', meaning: 'how far a segment\u2019s average is from the other customers, in units of the usual spread: 0.2 is a small difference, 0.5 medium, 0.8 large.', when: () => true },
  {
    term: 'On the log scale',
    meaning: 'for a feature logged before clustering (a heavy-tailed amount), the SD difference is measured on log(1 + value), the scale the segments were found on, and compares typical levels rather than averages; the figure printed beside it is still the plain average.',
    when: (r) => r.profiles.some((p) => p.features.some((f) => f.scale === 'log')),
  },
  { term: 'Silhouette', meaning: 'how much closer customers are to their own segment than to the next one, from \u22121 to 1: above 0.5 clearly separated, 0.25\u20130.5 moderate, below 0.25 weak.', when: () => true },
  { term: 'ARI (adjusted Rand index)', meaning: 'agreement between two ways of segmenting the same customers, from 0 (no better than chance) to 1 (identical); used for stability and for comparing representations.', when: () => true },
  { term: 'Inertia, Calinski\u2013Harabasz, Davies\u2013Bouldin', meaning: 'textbook measures of how tight and far apart segments are (lower inertia and Davies\u2013Bouldin, higher Calinski\u2013Harabasz are better); shown as supporting evidence for k.', when: () => true },
  { term: 'P(alive)', meaning: 'the probability that a customer still buys from you, from the BG/NBD purchase model: it falls when a customer is silent for much longer than their usual gap between purchases.', when: (r) => r.clv !== null },
  { term: 'Historical CLV', meaning: 'customer lifetime value so far: net revenue \u00d7 margin up to the last order in the data.', when: (r) => r.clv !== null },
  { term: 'Predicted CLV', meaning: 'the discounted margin a customer is expected to bring over the horizon, from the BG/NBD (how often and how long they keep buying) and Gamma-Gamma (how much per purchase) models.', when: (r) => r.clv !== null },
  { term: 'Uplift', meaning: 'the difference in conversion rate between customers who got a campaign and the control group who did not, in percentage points.', when: (r) => r.campaigns !== null },
  { term: 'P(best)', meaning: 'the probability that an option (a campaign or sending nothing) is the most profitable, given the test results.', when: (r) => r.campaigns !== null },
  { term: '95% interval', meaning: 'the range that holds the true value with 95% confidence; when it includes 0, the data cannot tell an effect from none.', when: () => true },
  { term: 'Representation ratio', meaning: 'a group\u2019s share of a segment divided by its share of all customers: 1 is proportional; outside 0.8\u20131.25 the report flags it.', when: (r) => r.fairnessCard.representation.attributes.length > 0 },
  { term: 'Cram\u00e9r\u2019s V and NMI', meaning: 'how strongly segment membership and a protected attribute go together, from 0 (independent) to 1 (the segments are the groups).', when: (r) => r.fairnessCard.representation.attributes.length > 0 },
  { term: 'Balanced accuracy (proxy check)', meaning: 'how well the features alone guess a protected attribute, averaged over its groups; the chance level is what guessing achieves, so a large lift means some feature stands in for the attribute.', when: (r) => r.fairnessCard.representation.attributes.length > 0 },
  { term: 'Disparate impact', meaning: 'a group\u2019s rate of being targeted divided by the rate of the reference group; below 0.8 fails the four-fifths rule.', when: (r) => r.fairnessCard.targeting.length > 0 },
  { term: 'Minimum cell size', meaning: 'no figure about fewer customers than this is shown, so no individual can be singled out (k-anonymity).', when: () => true },
];

/** The glossary section for this run. */
export function glossarySection(run: ReportRun): ReportSection {
  return {
    id: 'glossary',
    title: 'What the numbers mean',
    blocks: [{ kind: 'list', items: TERMS.filter((t) => t.when(run)).map((t) => `${t.term}: ${t.meaning}`) }],
  };
}
