// The card answer the express baselines (a) and (b) send: the shape and size of what the gateway answers a
// hospital with the identity and card field sets for a person whose card is in force (result code 000).
export const CARD_ANSWER = Object.freeze({
  resultCode: '000',
  resultMessage: 'Thông tin thẻ chính xác',
  citizenId: '079203001234',
  socialInsuranceNumber: '7920300123',
  fullName: 'Nguyễn Thị Minh Anh',
  birthDate: '2003-05-14',
  sex: 'female',
  cardCode: 'DN4797920300123',
  benefitLevel: 4,
  validFrom: '2026-01-01',
  validTo: '2026-12-31',
  registeredFacility: '79024',
  fiveYearDate: '2028-01-01',
  areaCode: 'K1',
});

/** The route all three servers answer. */
export const CARD_ROUTE = '/v1/cards/by-citizen/:citizenId';
