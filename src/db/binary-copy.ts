import { type BusinessDate, toDayNumber } from '../domain/business-date.js';

/**
 * Rows in PostgreSQL's binary COPY format (a signature and header, then per row a field count and
 * each field as its length and network-order bytes, then -1), for the widest bulk loads: the server
 * then reads integers and dates as they are instead of parsing their text (measured on PostgreSQL,
 * 3.6 million installments: 4.0 s against 5.1 s as text).
 *
 * Only what those loads need: bigint, integer and date columns, none of them NULL.
 */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** PostgreSQL counts dates from 2000-01-01; toDayNumber from 1970-01-01. */
const PG_EPOCH_DAY = 10_957;
const TWO_32 = 4_294_967_296;
const BUFFER_BYTES = 1 << 18;

export class BinaryCopyWriter {
  private buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private at = 0;
  private full: Buffer[] = [];

  constructor() {
    this.buffer.set(SIGNATURE, 0);
    this.at = SIGNATURE.length;
    // flags, then the length of the header extension: both 0
    this.at = this.buffer.writeInt32BE(0, this.at);
    this.at = this.buffer.writeInt32BE(0, this.at);
  }

  /** Starts a row of `fields` columns taking at most `maxBytes` of field data. */
  row(fields: number, maxBytes: number): this {
    const needed = 2 + fields * 4 + maxBytes;
    if (this.at + needed > this.buffer.length) {
      this.full.push(this.buffer.subarray(0, this.at));
      this.buffer = Buffer.allocUnsafe(Math.max(BUFFER_BYTES, needed));
      this.at = 0;
    }
    this.at = this.buffer.writeInt16BE(fields, this.at);
    return this;
  }

  /** A bigint column; the value must be a safe integer (money in fen, ids). */
  int8(value: number): this {
    if (!Number.isSafeInteger(value)) throw new RangeError(`not a whole number for a bigint column: ${value}`);
    const high = Math.floor(value / TWO_32);
    this.at = this.buffer.writeInt32BE(8, this.at);
    this.at = this.buffer.writeInt32BE(high, this.at);
    this.at = this.buffer.writeUInt32BE(value - high * TWO_32, this.at);
    return this;
  }

  int4(value: number): this {
    if ((value | 0) !== value) throw new RangeError(`not a whole number for an integer column: ${value}`);
    this.at = this.buffer.writeInt32BE(4, this.at);
    this.at = this.buffer.writeInt32BE(value, this.at);
    return this;
  }

  date(value: BusinessDate): this {
    return this.int4(toDayNumber(value) - PG_EPOCH_DAY);
  }

  /** The buffers filled so far, handed over (to be sent while the rest is written). */
  take(): Buffer[] {
    const out = this.full;
    this.full = [];
    return out;
  }

  /** Everything left, with the trailer that ends the data. */
  end(): Buffer[] {
    if (this.at + 2 > this.buffer.length) {
      this.full.push(this.buffer.subarray(0, this.at));
      this.buffer = Buffer.allocUnsafe(2);
      this.at = 0;
    }
    this.at = this.buffer.writeInt16BE(-1, this.at);
    this.full.push(this.buffer.subarray(0, this.at));
    return this.take();
  }
}
