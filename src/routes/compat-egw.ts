// The existing card-check service's body and answer shape, so a hospital information system changes only how
// it authenticates. Same operation, same field minimisation as /v1/cards/check.
import type { ErrorCode } from '../core/errors.ts';
import { defineService } from '../core/service.ts';
import { isoToVn } from '../domain/dates.ts';
import type { CardAnswer } from '../../adapters/insurance-db/card-answer.ts';

interface EgwRequest { maThe: string; hoTen: string; ngaySinh: string; hoTenCb?: string; cccdCb?: string; gioiTinh?: 'Nam' | 'Nữ'; maCSKCB?: string }

/** ISO date -> dd/MM/yyyy; a year-only birth date stays `yyyy`. */
function vnDate(iso: string | undefined): string | null {
  if (!iso) return null;
  return /^\d{4}$/.test(iso) ? iso : isoToVn(iso);
}

function toCheckInput(r: EgwRequest): Record<string, unknown> {
  const key = r.maThe.length === 15 ? { cardCode: r.maThe } : r.maThe.length === 10 ? { socialInsuranceNumber: r.maThe } : { citizenId: r.maThe };
  return {
    ...key,
    fullName: r.hoTen,
    birthDate: r.ngaySinh,
    ...(r.gioiTinh ? { sex: r.gioiTinh === 'Nam' ? 'male' : 'female' } : {}),
    ...(r.maCSKCB ? { registeredFacility: r.maCSKCB } : {}),
  };
}

function toEgw(a: CardAnswer): Record<string, unknown> {
  const replaced = a.newCard !== undefined;
  return {
    maKetQua: a.resultCode,
    ghiChu: a.resultMessage,
    maThe: a.cardCode ?? null,
    hoTen: a.fullName ? a.fullName.toUpperCase() : null,
    ngaySinh: vnDate(a.birthDate),
    gioiTinh: a.sex === undefined ? null : a.sex === 'male' ? 'Nam' : 'Nữ',
    diaChi: null,
    maDKBD: a.registeredFacility ?? null,
    cqBHXH: null,
    gtTheTu: vnDate(a.validFrom),
    gtTheDen: vnDate(a.validTo),
    maKV: a.areaCode ?? null,
    ngayDu5Nam: vnDate(a.fiveYearDate),
    maSoBHXH: a.socialInsuranceNumber ?? null,
    maTheCu: replaced ? (a.cardCode ?? null) : null,
    maTheMoi: a.newCard?.cardCode ?? null,
    gtTheTuMoi: vnDate(a.newCard?.validFrom),
    gtTheDenMoi: vnDate(a.newCard?.validTo),
    maDKBDMoi: a.newCard?.registeredFacility ?? null,
    tenDKBDMoi: null,
    dsLichSuKCB2018: null,
    dsLichSuKT2018: [],
  };
}

/** The card-check service's own codes for refusals: 205 malformed parameter, 401 authentication, 500 otherwise. */
function egwCode(code: string): Record<string, unknown> {
  const c = code as ErrorCode;
  if (c === 'contract.request_invalid' || c.startsWith('request.')) return { maKetQua: '205', ghiChu: 'Lỗi sai định dạng tham số' };
  if (c.startsWith('token.') || c === 'partner.disabled' || c === 'scope.missing' || c === 'purpose.denied' || c === 'grant.expired') {
    return { maKetQua: '401', ghiChu: 'Lỗi xác thực tài khoản' };
  }
  return { maKetQua: '500', ghiChu: 'Lỗi khi lấy dữ liệu' };
}

export const egwCardCheck = defineService({
  id: 'compat.egw-card-check',
  method: 'POST',
  path: '/compat/egw/card-check',
  summary: 'The existing card-check service (maThe, hoTen, ngaySinh, hoTenCb, cccdCb; form or JSON), same answers',
  scope: 'card.check',
  purposes: ['treatment', 'claims'],
  request: 'compat.egw-card-check.request.v1.json',
  response: 'compat.egw-card-check.response.v1.json',
  operation: { adapter: 'insurance-db', name: 'cardCheck' },
  fieldSets: ['identity', 'card'],
  alwaysFields: ['resultCode', 'resultMessage'],
  accepts: ['form', 'json'],
  input: ({ body }) => body,
  operationInput: (input: EgwRequest) => toCheckInput(input),
  present: (projected: CardAnswer) => toEgw(projected),
  subject: (input: Partial<EgwRequest>, output?: { citizenId?: string }) => output?.citizenId ?? input.maThe,
  officer: (input: Partial<EgwRequest>) => (input.hoTenCb || input.cccdCb ? { name: input.hoTenCb, citizenId: input.cccdCb } : undefined),
  jurisdiction: 'subject-province',
  problemExtensions: egwCode,
});
