// About 300 insurance agencies (6-digit GB/T 2260-style codes: province, city, 00) with a weight each,
// so that generated cases fall on big agencies far more often than on small ones (Zipf-like, as the
// population does). Deterministic: the same list on every run.

/** Mainland provinces (first two digits) and a rough size: how many city-level agencies each has. */
const PROVINCES: readonly [string, number][] = [
  ['44', 21], ['37', 16], ['41', 17], ['51', 21], ['32', 13], ['33', 11], ['42', 13], ['43', 14], ['13', 11],
  ['34', 16], ['45', 14], ['36', 11], ['35', 9], ['53', 16], ['52', 9], ['61', 10], ['21', 14], ['14', 11],
  ['23', 13], ['22', 9], ['15', 12], ['62', 14], ['65', 14], ['11', 4], ['12', 4], ['31', 4], ['50', 6],
  ['46', 4], ['64', 5], ['63', 8], ['54', 7],
];

export interface Agency {
  code: string;
  weight: number;
}

export function agencies(): Agency[] {
  const list: Agency[] = [];
  for (const [rank, [province, cities]] of PROVINCES.entries()) {
    const provinceWeight = 1 / Math.pow(rank + 1, 0.6);
    for (let city = 1; city <= cities; city++) {
      // Capitals and big cities first: the first city of a province carries the most cases.
      list.push({ code: `${province}${String(city).padStart(2, '0')}00`, weight: (provinceWeight * 10) / Math.pow(city, 0.9) });
    }
  }
  return list;
}

/** Picks an agency with probability proportional to its weight, from a uniform number in [0, 1). */
export class WeightedAgencies {
  private readonly codes: string[];
  private readonly cumulative: number[];
  private readonly byProvince = new Map<string, string[]>();

  constructor(list: readonly Agency[]) {
    this.codes = list.map((a) => a.code);
    for (const code of this.codes) {
      const province = code.slice(0, 2);
      this.byProvince.set(province, [...(this.byProvince.get(province) ?? []), code]);
    }
    let sum = 0;
    this.cumulative = list.map((a) => (sum += a.weight));
  }

  get all(): readonly string[] {
    return this.codes;
  }

  pick(u: number): string {
    const target = u * this.cumulative[this.cumulative.length - 1];
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return this.codes[lo];
  }

  /** Another agency of the same province when there is one (intra-province transfers), else any other. */
  pickInProvince(u: number, province: string, not: string): string {
    const same = (this.byProvince.get(province) ?? []).filter((c) => c !== not);
    return same.length === 0 ? this.pickOther(u, not) : same[Math.floor(u * same.length)];
  }

  pickOther(u: number, not: string): string {
    for (let i = 0; ; i++) {
      const code = this.pick((u + i * 0.618_033_988_75) % 1);
      if (code !== not) return code;
    }
  }
}
