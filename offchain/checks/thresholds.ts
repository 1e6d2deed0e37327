/**
 * Every number the checks compare against, in one table. Its canonical JSON is part of the
 * checker version, so changing a threshold changes `checkerVersion`.
 */
export const THRESHOLDS = Object.freeze({
  /** Largest raw input `assess` accepts, in bytes (256 KiB). */
  maxInputBytes: 256 * 1024,
  /** Deepest JSON nesting accepted (objects and arrays). */
  maxJsonDepth: 32,
  minConfidence: 0.5,
  /** Pearson(shap, lime) below this is an inconsistent explanation. */
  minExplanationPearson: 0,
  homoglyphMinWordLength: 4,
  leetMaxTokenLength: 20,
  leetMinTokens: 2,
  base64MinDecodedBytes: 8,
  base64MinPrintableRatio: 0.95,
  garbledMinRepeatedWords: 2,
  garbledMinBadBigrams: 2,
  /** Below this share of distinct words (texts of 12+ words) the text is a repetition loop. */
  garbledMinDistinctRatio: 0.35,
  negationWindowChars: 40,
  /** Sentence-level context is read within this many characters of a match (bounds the work). */
  contextWindowChars: 300,
  /** Matches examined per lexicon rule before giving up (each may be suppressed by context). */
  maxMatchesPerRule: 64,
  maxDrugMentions: 32,
  riskBands: Object.freeze({ lowBelow: 0.35, highAbove: 0.65 }),
  /** Vote bands: a finding of the axis puts the score below the pass line, none keeps it at or above. */
  riskUnsafeFloorBps: 5000,
  domainPassBps: 8000,
  qualityHighBps: 7000,
});
