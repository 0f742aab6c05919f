// Synthetic employers and industrial parks (domain.md 7.5), random access by (province, j).
//
// Each post-2025 province has a fixed pool of employers, its share of ~375,000 nationally, split into contiguous
// ranges by kind. Employer j of province P has id P * 10^6 + j, its attributes drawn from (seed, id); its 10-digit
// tax code is a keyed permutation of the id over 10^10, so unique by construction. People choose employers with a
// heavy-tailed (Zipf-like) law, so a few employers are large and most are small. Names are built from a fixed
// syllable list, so no real firm is copied.
import { NEW_PROVINCES, provinceName } from '../domain/provinces.ts';
import type { EmployerTable, IndustrialParkTable } from '../store/schema.ts';
import { permuteIndex } from './permutation.ts';
import { INDUSTRIAL_PARK_COUNTS } from './population.ts';
import { combine, hashString, keyOf, Stream, Weighted } from './random.ts';

export type EmployerKind = 'enterprise' | 'public' | 'cooperative' | 'foreign' | 'household';

export const EMPLOYERS_NATIONALLY = 375_000;
const MIN_POOL = 1_000;
const ID_STRIDE = 1_000_000;
const PARK_ID_STRIDE = 100;
/** Shares of the pool by kind (assumption), in pool order. */
const KIND_SHARES: readonly (readonly [EmployerKind, number])[] = [
  ['enterprise', 0.82], ['public', 0.1], ['cooperative', 0.04], ['foreign', 0.01], ['household', 0.03],
];
/** The largest employers of each kind in a province, as a share of its range: with the Zipf-like law below they employ
 * about a tenth (0.001^(1/3)) of the people working for that kind of employer (assumption). */
const LARGE_EMPLOYER_SHARE = 0.001;
/** Share of enterprises of a province with parks that sit in one (assumption). */
const IN_PARK_SHARE = 0.35;
const EXPORT_ZONE_SHARE = 0.2;

const FIELD_EMPLOYER = hashString('employer');
const FIELD_TAX_CODE = hashString('employer.tax-code');
const FIELD_PARK = hashString('industrial-park');

const SYLLABLES = [
  'An', 'Bình', 'Phát', 'Thịnh', 'Hưng', 'Thành', 'Đạt', 'Phú', 'Quý', 'Tân', 'Minh', 'Việt', 'Hòa', 'Long', 'Kim',
  'Nam', 'Sao', 'Mai', 'Hoàng', 'Gia', 'Trường', 'Vạn', 'Hải', 'Sơn', 'Đông', 'Tiến', 'Lộc', 'Khang', 'Nguyên',
  'Thái', 'Phong', 'Lâm', 'Hà', 'Bảo', 'Châu', 'Đức', 'Hợp', 'Nhật', 'Quang', 'Tín',
].map((s) => s.normalize('NFC'));
const INDUSTRIES = [
  'Thương mại', 'Xây dựng', 'Dệt may', 'Điện tử', 'Cơ khí', 'Thực phẩm', 'Vận tải', 'Dịch vụ', 'Công nghệ', 'Nông sản',
  'Da giày', 'Nhựa', 'Bao bì', 'Chế biến gỗ', 'Thủy sản', 'Đầu tư', 'Sản xuất',
].map((s) => s.normalize('NFC'));
const ENTERPRISE_FORMS = new Weighted([['Công ty TNHH', 50], ['Công ty TNHH MTV', 20], ['Công ty Cổ phần', 30]] as const);
const PUBLIC_FORMS = new Weighted([['UBND xã', 35], ['Trường THCS', 25], ['Trường Tiểu học', 25], ['Trạm Y tế xã', 15]] as const);
const COOPERATIVE_TRADES = ['Nông nghiệp', 'Dịch vụ', 'Thủy sản', 'Vận tải', 'Thủ công mỹ nghệ'].map((s) => s.normalize('NFC'));

interface KindRange {
  readonly kind: EmployerKind;
  readonly from: number;
  readonly size: number;
}

interface ProvincePool {
  readonly code: string;
  readonly size: number;
  readonly ranges: readonly KindRange[];
  readonly parkIds: readonly number[];
}

/** Two different syllables: the distinctive part of a name. */
function distinctivePart(stream: Stream): string {
  const first = stream.int(SYLLABLES.length);
  const second = (first + 1 + stream.int(SYLLABLES.length - 1)) % SYLLABLES.length;
  return `${SYLLABLES[first]} ${SYLLABLES[second]}`;
}

function provinceNumber(code: string): number {
  return Number(code);
}

export class EmployerPools {
  private readonly seedKey: number;
  private readonly pools = new Map<string, ProvincePool>();

  constructor(seedKey: number) {
    this.seedKey = seedKey;
    const total = NEW_PROVINCES.reduce((sum, p) => sum + p.weight, 0);
    for (const p of NEW_PROVINCES) {
      const size = Math.max(MIN_POOL, Math.round((EMPLOYERS_NATIONALLY * p.weight) / total));
      let from = 0;
      const ranges = KIND_SHARES.map(([kind, share], k) => {
        const rangeSize = k === KIND_SHARES.length - 1 ? size - from : Math.max(1, Math.round(size * share));
        const range = { kind, from, size: rangeSize };
        from += rangeSize;
        return range;
      });
      const parkCount = INDUSTRIAL_PARK_COUNTS[p.code] ?? 0;
      const parkIds = Array.from({ length: parkCount }, (_, k) => provinceNumber(p.code) * PARK_ID_STRIDE + k + 1);
      this.pools.set(p.code, { code: p.code, size, ranges, parkIds });
    }
  }

  private pool(provinceCode: string): ProvincePool {
    const pool = this.pools.get(provinceCode);
    if (!pool) throw new RangeError(`no employers in province ${provinceCode}: not a post-2025 code`);
    return pool;
  }

  /** Number of employers in a province's pool. */
  poolSize(provinceCode: string): number {
    return this.pool(provinceCode).size;
  }

  /**
   * The id of an employer of `kind` in a post-2025 province, small j being big employers: j = size * u^3 has the
   * Zipf-like density j^(-2/3) (assumption; the largest enterprise of a province employs a few percent of its
   * enterprise staff), computed with products only, so every engine gives the same j.
   */
  drawEmployerId(stream: Stream, provinceCode: string, kind: EmployerKind): number {
    const pool = this.pool(provinceCode);
    const range = pool.ranges.find((r) => r.kind === kind) as KindRange;
    const u = stream.float();
    const j = Math.floor(range.size * u * u * u);
    return provinceNumber(provinceCode) * ID_STRIDE + range.from + j;
  }

  /** Employer j (0-based) of a post-2025 province. */
  employer(provinceCode: string, j: number): EmployerTable {
    const pool = this.pool(provinceCode);
    if (!(j >= 0 && j < pool.size) || !Number.isInteger(j)) throw new RangeError(`employer ${j} is outside the pool of province ${provinceCode}`);
    const id = provinceNumber(provinceCode) * ID_STRIDE + j;
    const range = pool.ranges.find((r) => j >= r.from && j < r.from + r.size) as KindRange;
    const stream = new Stream(keyOf(this.seedKey, id, FIELD_EMPLOYER));
    const inPark = range.kind === 'enterprise' && pool.parkIds.length > 0 && stream.chance(IN_PARK_SHARE);
    return {
      id,
      tax_code: String(permuteIndex(10_000_000_000, combine(this.seedKey, FIELD_TAX_CODE), id)).padStart(10, '0'),
      name: this.nameOf(stream, range, j, provinceCode),
      kind: range.kind,
      province: provinceCode,
      industrial_park_id: inPark ? stream.pick(pool.parkIds) : null,
    };
  }

  /** Whether an employer is among the largest of its kind in its province (a "large employer" of the lists). */
  isLarge(id: number): boolean {
    const pool = this.pool(String(Math.floor(id / ID_STRIDE)).padStart(2, '0'));
    const j = id % ID_STRIDE;
    const range = pool.ranges.find((r) => j >= r.from && j < r.from + r.size);
    return range !== undefined && j - range.from < Math.max(1, Math.floor(range.size * LARGE_EMPLOYER_SHARE));
  }

  employerById(id: number): EmployerTable {
    return this.employer(String(Math.floor(id / ID_STRIDE)).padStart(2, '0'), id % ID_STRIDE);
  }

  private nameOf(stream: Stream, range: KindRange, j: number, provinceCode: string): string {
    switch (range.kind) {
      case 'enterprise':
        return `${ENTERPRISE_FORMS.draw(stream)} ${stream.pick(INDUSTRIES)} ${distinctivePart(stream)}`;
      case 'public': {
        // The largest public employer of each province is its general hospital.
        if (j === range.from) {
          const name = provinceName(provinceCode) as string;
          return name.startsWith('TP ') ? `Bệnh viện Đa khoa ${name}` : `Bệnh viện Đa khoa tỉnh ${name}`;
        }
        return `${PUBLIC_FORMS.draw(stream)} ${distinctivePart(stream)}`;
      }
      case 'cooperative':
        return `Hợp tác xã ${stream.pick(COOPERATIVE_TRADES)} ${distinctivePart(stream)}`;
      case 'foreign':
        return `Văn phòng đại diện Tổ chức ${distinctivePart(stream)} tại Việt Nam`;
      case 'household':
        return `Hộ kinh doanh ${distinctivePart(stream)}`;
    }
  }

  /** Every industrial park: "Khu công nghiệp <place>" or "Khu chế xuất <place>", in the industrial provinces. */
  industrialParks(): IndustrialParkTable[] {
    return [...this.pools.values()].flatMap((pool) =>
      pool.parkIds.map((id) => {
        const stream = new Stream(keyOf(this.seedKey, id, FIELD_PARK));
        const kind = stream.chance(EXPORT_ZONE_SHARE) ? 'Khu chế xuất' : 'Khu công nghiệp';
        return { id, name: `${kind} ${distinctivePart(stream)}`, province: pool.code };
      }),
    );
  }
}
