// Excel stores every text of a workbook once, in xl/sharedStrings.xml, and the cells refer to them
// by index. Excel writes that part after the worksheets, so the whole table must be kept while
// the sheet is read. In a member list almost every text is unique (names, ID numbers, phones),
// and ExcelJS's own cache (one JS string each, often a slice pinning the XML chunk it came from)
// needed over 200 MB of heap for 100,000 rows × 20 columns. Packed as UTF-8 in one buffer the same
// texts take about 25 MB, and the heap stays small for the garbage collector.

const INITIAL_BYTES = 1024 * 1024;
const INITIAL_COUNT = 16 * 1024;

export class SharedStringStore {
  private bytes = Buffer.allocUnsafe(INITIAL_BYTES);
  private used = 0;
  // ends[i] is where string i stops in `bytes`; Float64 because a workbook may hold more than 4 GB of text in theory.
  private ends = new Float64Array(INITIAL_COUNT);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Strings arrive in order; `index` is checked so that a gap cannot shift every later cell. */
  add(index: number, text: string): void {
    if (index !== this.count) throw new Error(`Shared string ${index} arrived out of order (expected ${this.count})`);
    const length = Buffer.byteLength(text);
    if (this.used + length > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + length));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    this.used += this.bytes.write(text, this.used);
    if (this.count === this.ends.length) {
      const grown = new Float64Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.ends[this.count++] = this.used;
  }

  /** The text at `index`, or '' for an index the workbook never defined. */
  get(index: number): string {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return '';
    return this.bytes.toString('utf8', index === 0 ? 0 : this.ends[index - 1], this.ends[index]);
  }
}
