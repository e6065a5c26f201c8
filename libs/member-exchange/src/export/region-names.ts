import { RegionService } from '@crm/region';

/**
 * Region names for one export: the county name (籍贯) and the full name path (现居地, 浙江省杭州市西湖区,
 * 上海市浦东新区 — municipalities have no prefecture tier), as the import reads them back.
 * RegionService holds every region in memory, so `prepare` normally costs no statement; a region
 * it does not know yet is read in one statement for all of a batch's codes (its request loader).
 * An unknown code stays a code.
 */
export class RegionNames {
  private readonly names = new Map<string, string>();
  private readonly paths = new Map<string, string>();
  /** The request-loader key of this export (RegionService batches misses per key object). */
  private readonly loaderKey = {};

  constructor(private readonly regions: RegionService) {}

  /** Makes the names of these codes (and of their parents) available to `name` and `path`. */
  async prepare(codes: Iterable<string>): Promise<void> {
    let pending = [...new Set(codes)].filter((c) => !this.paths.has(c));
    const parents = new Map<string, string | null>();
    // Walk up level by level: one round for the codes, one per parent tier (two at most).
    for (let guard = 0; pending.length && guard < 5; guard += 1) {
      const found = await Promise.all(pending.map((c) => this.regions.load(this.loaderKey, c)));
      const next: string[] = [];
      pending.forEach((code, i) => {
        const region = found[i];
        this.names.set(code, region?.name ?? code);
        parents.set(code, region?.parentCode ?? null);
        if (region?.parentCode && !this.names.has(region.parentCode)) next.push(region.parentCode);
      });
      pending = [...new Set(next)];
    }
    for (const code of parents.keys()) this.pathOf(code, parents);
  }

  name(code: string): string {
    return this.names.get(code) ?? code;
  }

  path(code: string): string {
    return this.paths.get(code) ?? code;
  }

  private pathOf(code: string, parents: Map<string, string | null>, depth = 0): string {
    const known = this.paths.get(code);
    if (known !== undefined) return known;
    const parent = parents.get(code) ?? null;
    const path = (parent && depth < 5 && this.names.has(parent) ? this.pathOf(parent, parents, depth + 1) : '') + this.name(code);
    this.paths.set(code, path);
    return path;
  }
}
