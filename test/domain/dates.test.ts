import assert from 'node:assert/strict';
import {
  addDays, addMonths, addYears, ageInMonths, ageInYears, dayNumber, isoOfDayNumber, isoToVn, parseCheckBirthDate, parseIsoDate, vnToIso,
  wholeMonthsBetween,
} from '../../src/domain/dates.ts';

describe('dates', () => {
  it('converts between ISO and dd/MM/yyyy', () => {
    assert.equal(isoToVn('2026-03-07'), '07/03/2026');
    assert.equal(vnToIso('07/03/2026'), '2026-03-07');
    assert.equal(vnToIso('29/02/2024'), '2024-02-29');
  });

  it('rejects dates that are not on the calendar: 31/02, 29/02 of a common year, month 13', () => {
    assert.equal(vnToIso('31/02/2024'), undefined);
    assert.equal(vnToIso('29/02/2023'), undefined);
    assert.equal(vnToIso('01/13/2024'), undefined);
    assert.equal(parseIsoDate('2100-02-29'), undefined);
    assert.deepEqual(parseIsoDate('2000-02-29'), { year: 2000, month: 2, day: 29 });
  });

  it('parses card-check birth dates given as dd/MM/yyyy, MM/yyyy or yyyy', () => {
    assert.deepEqual(parseCheckBirthDate('14/05/2003'), { year: 2003, month: 5, day: 14 });
    assert.deepEqual(parseCheckBirthDate('05/2003'), { year: 2003, month: 5 });
    assert.deepEqual(parseCheckBirthDate('1957'), { year: 1957 });
    for (const bad of ['31/02/1990', '13/1990', '00/1990', '14-05-2003', '2003-05-14', '1/5/2003', '']) assert.equal(parseCheckBirthDate(bad), undefined, bad);
  });

  it('adds months and years, clamping to the end of shorter months', () => {
    assert.equal(addMonths('2024-01-31', 1), '2024-02-29');
    assert.equal(addMonths('2023-01-31', 1), '2023-02-28');
    assert.equal(addMonths('2024-11-15', 3), '2025-02-15');
    assert.equal(addMonths('2024-03-31', -1), '2024-02-29');
    assert.equal(addYears('2024-02-29', 1), '2025-02-28');
    assert.equal(addDays('2024-12-31', 1), '2025-01-01');
  });

  it('counts whole months of age, a month completing on its anniversary day', () => {
    assert.equal(ageInMonths('2020-11-01', '2026-10-31'), 71);
    assert.equal(ageInMonths('2020-11-01', '2026-11-01'), 72);
    assert.equal(ageInMonths('2024-01-31', '2024-02-29'), 1);
    assert.equal(ageInYears('1990-06-15', '2026-06-14'), 35);
    assert.equal(ageInYears('1990-06-15', '2026-06-15'), 36);
    assert.equal(wholeMonthsBetween(dayNumber('2026-01-01'), dayNumber('2026-01-01')), 0);
  });

  it('round-trips day numbers across centuries', () => {
    for (const iso of ['1900-03-01', '1970-01-01', '2000-02-29', '2026-11-01', '2099-12-31']) assert.equal(isoOfDayNumber(dayNumber(iso)), iso);
    assert.equal(dayNumber('1970-01-02'), 1);
  });
});
