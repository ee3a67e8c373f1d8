/**
 * Weight of evidence per bin, WoE = ln(share of goods / share of bads): positive where goods
 * concentrate, so a higher WoE means lower risk. Each bin's goods and bads get `smoothing` added
 * (Laplace), so a bin with no bads (common in small samples) has a large but finite WoE.
 */
export interface BinCounts {
  count: number;
  bads: number;
}

export interface WoeResult {
  woe: number[];
  /** Information value Σ (goods share − bads share) · WoE: how much the feature separates goods from bads. */
  iv: number;
}

export function weightOfEvidence(bins: readonly BinCounts[], smoothing = 0.5): WoeResult {
  const k = bins.length;
  const totalBads = bins.reduce((s, b) => s + b.bads, 0);
  const totalGoods = bins.reduce((s, b) => s + b.count - b.bads, 0);
  let iv = 0;
  const woe = bins.map((b) => {
    const goodShare = (b.count - b.bads + smoothing) / (totalGoods + smoothing * k);
    const badShare = (b.bads + smoothing) / (totalBads + smoothing * k);
    const w = Math.log(goodShare / badShare);
    iv += (goodShare - badShare) * w;
    return w;
  });
  return { woe, iv };
}
