import { describe, expect, it } from 'vitest';
import { checkBankDetails, maskIban } from './bank.rules.js';
import { toInternationalPhone } from './contact.rules.js';
import { comparableName, findSamePlace } from './dedupe.rules.js';
import { boundingBox, distanceKm, parseLatLon } from './geo.rules.js';
import {
  checkOpeningHours,
  dailyHoursToOsm,
  describeOpeningHours,
  hoursLocation,
  isOpenAt,
} from './opening-hours.rules.js';
import { canDecide, defaultRenewalDate, needsReason } from './qualification.rules.js';

const MENDE = { lat: 44.5181, lon: 3.5006 };
const DIJON = { lat: 47.322, lon: 5.0415 };

describe('opening hours', () => {
  it('accepts OSM syntax, rewrites French habits in it, and names the mistake otherwise', () => {
    expect(checkOpeningHours(' Mo-Fr 09:00-12:00,14:00-17:00 ')).toEqual({
      ok: true,
      value: 'Mo-Fr 09:00-12:00,14:00-17:00',
    });
    expect(checkOpeningHours('lu-ve 9h-12h')).toEqual({ ok: true, value: 'Mo-Fr 09:00-12:00' });
    const bad = checkOpeningHours("n'importe quoi");
    expect(bad.ok).toBe(false);
    expect(bad.ok ? '' : bad.error).toContain('syntaxe');
  });

  it('describes a week in plain French', () => {
    expect(describeOpeningHours('Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00')).toEqual([
      'Lundi : 09h00 – 12h00, 14h00 – 17h30',
      'Mardi : 09h00 – 12h00, 14h00 – 17h30',
      'Mercredi : 09h00 – 12h00, 14h00 – 17h30',
      'Jeudi : 09h00 – 12h00, 14h00 – 17h30',
      'Vendredi : 09h00 – 12h00, 14h00 – 17h30',
      'Samedi : 09h00 – 12h00',
      'Dimanche : fermé',
    ]);
  });

  it('keeps alternate weeks and given Saturdays of the month, with their next dates', () => {
    // From Monday 2026-11-30 (week 49, odd): Mondays of odd ISO weeks; 1st and 3rd Saturdays.
    const from = new Date(2026, 10, 30, 10);
    const days = describeOpeningHours('week 1-53/2 Mo 09:00-12:00; Sa[1,3] 10:00-12:00', hoursLocation(), from);
    expect(days[0]).toBe(
      'Lundi : 09h00 – 12h00 certaines semaines seulement — prochaines dates : 30 novembre, 14 décembre, 28 décembre',
    );
    expect(days[5]).toBe(
      'Samedi : 10h00 – 12h00 certaines semaines seulement — prochaines dates : 5 décembre, 19 décembre, 2 janvier',
    );
    expect(days[2]).toBe('Mercredi : fermé');
  });

  it("closes on France's public holidays and the region's school holidays, not Germany's", () => {
    const dijon = hoursLocation({ communeInsee: '21231', latitude: 47.32, longitude: 5.04 });
    // 14 July 2026 (a Tuesday, 10:00 in Paris): Fête nationale; 3 October 2026 (a Saturday): German unity day.
    expect(isOpenAt('Mo-Sa 09:00-18:00; PH off', new Date('2026-07-14T08:00:00Z'), dijon)).toBe(false);
    expect(isOpenAt('Mo-Sa 09:00-18:00; PH off', new Date('2026-10-03T08:00:00Z'), dijon)).toBe(true);
    // 16 February 2026: winter holidays of zone A (Dijon), not yet of zone C (Paris).
    const paris = hoursLocation({ communeInsee: '75056', latitude: 48.86, longitude: 2.35 });
    expect(isOpenAt('Mo-Fr 09:00-18:00; SH off', new Date('2026-02-16T09:00:00Z'), dijon)).toBe(false);
    expect(isOpenAt('Mo-Fr 09:00-18:00; SH off', new Date('2026-02-16T09:00:00Z'), paris)).toBe(true);
    // A holiday is an exception, said once, not a change of the week.
    const july = describeOpeningHours('Mo-Sa 09:00-18:00; PH off', dijon, new Date(2026, 6, 13, 10));
    expect(july[1]).toBe('Mardi : 09h00 – 18h00');
    expect(july.at(-1)).toBe('Jours fériés : horaires particuliers.');
  });

  it('judges "open now" on the Paris wall clock, summer and winter', () => {
    // 2026-07-06 is a Monday; 08:30 UTC is 10:30 in Paris (UTC+2).
    expect(isOpenAt('Mo 10:00-11:00', new Date('2026-07-06T08:30:00Z'))).toBe(true);
    // 2026-12-07 is a Monday; 09:30 UTC is 10:30 in Paris (UTC+1), 08:30 UTC is 09:30.
    expect(isOpenAt('Mo 10:00-11:00', new Date('2026-12-07T09:30:00Z'))).toBe(true);
    expect(isOpenAt('Mo 10:00-11:00', new Date('2026-12-07T08:30:00Z'))).toBe(false);
    expect(isOpenAt(null, new Date())).toBeNull();
  });

  it('turns the France Services daily columns into OSM syntax, grouping equal days', () => {
    expect(
      dailyHoursToOsm([
        '09:00 - 12:00 / 13:30 - 17:00',
        '09:00 - 12:00 / 13:30 - 17:00',
        '09:00 - 12:00 / 13:30 - 17:00',
        '',
        '9:00-12:00',
        '-',
      ]),
    ).toBe('Mo-We 09:00-12:00,13:30-17:00; Fr 09:00-12:00');
    expect(dailyHoursToOsm(['', '', '', '', '', ''])).toBeNull();
    expect(dailyHoursToOsm(['sur rendez-vous'])).toBeNull();
  });
});

describe('places and distances', () => {
  it('measures great-circle distances', () => {
    expect(distanceKm(MENDE, MENDE)).toBe(0);
    expect(distanceKm(MENDE, DIJON)).toBeGreaterThan(330);
    expect(distanceKm(MENDE, DIJON)).toBeLessThan(345);
  });

  it('bounds every point of the circle in its box', () => {
    const box = boundingBox(MENDE, 10);
    for (let bearing = 0; bearing < 360; bearing += 15) {
      const rad = (bearing * Math.PI) / 180;
      const p = {
        lat: MENDE.lat + (9.99 / 111.2) * Math.cos(rad),
        lon: MENDE.lon + (9.99 / (111.2 * Math.cos((MENDE.lat * Math.PI) / 180))) * Math.sin(rad),
      };
      expect(p.lat).toBeGreaterThanOrEqual(box.minLat);
      expect(p.lat).toBeLessThanOrEqual(box.maxLat);
      expect(p.lon).toBeGreaterThanOrEqual(box.minLon);
      expect(p.lon).toBeLessThanOrEqual(box.maxLon);
    }
  });

  it('reads "lat,lon" and refuses what is not a point', () => {
    expect(parseLatLon('44.5181,3.5006')).toEqual(MENDE);
    expect(parseLatLon('95,3')).toBeNull();
    expect(parseLatLon('Mende')).toBeNull();
  });

  it('recognises one place under two records: same SIRET in the commune, or same name nearby', () => {
    const known = [
      { id: 'a', siret: '13002622000017', name: 'France services de Mende', communeInsee: '48095', ...MENDE },
      { id: 'b', siret: null, name: 'Médiathèque', communeInsee: '21231', ...DIJON },
    ];
    expect(comparableName('  France-Services  de MENDE ')).toBe('france services de mende');
    expect(
      findSamePlace({ siret: '13002622000017', name: 'Autre nom', communeInsee: '48095', ...MENDE }, known)?.id,
    ).toBe('a');
    expect(
      findSamePlace(
        { siret: null, name: 'MEDIATHEQUE', communeInsee: '21231', lat: DIJON.lat + 0.001, lon: DIJON.lon },
        known,
      )?.id,
    ).toBe('b');
    // Same name, 5 km away: another place.
    expect(
      findSamePlace(
        { siret: null, name: 'Médiathèque', communeInsee: '21231', lat: DIJON.lat + 0.05, lon: DIJON.lon },
        known,
      ),
    ).toBeUndefined();
  });

  it('writes phone numbers as the standard wants', () => {
    expect(toInternationalPhone('04 66 49 67 13')).toBe('+33466496713');
    expect(toInternationalPhone('+33 4 66 49 67 13')).toBe('+33466496713');
    expect(toInternationalPhone('12')).toBeNull();
  });
});

describe('bank details', () => {
  it('checks the IBAN key (mod 97) and the BIC format, forgiving spaces and case', () => {
    expect(checkBankDetails({ iban: 'fr76 3000 6000 0112 3456 7890 189', bic: 'agri frpp 882' })).toEqual({
      ok: true,
      value: { iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP882' },
    });
    expect(checkBankDetails({ iban: 'FR7630006000011234567890188', bic: 'AGRIFRPP882' })).toEqual({
      ok: false,
      problem: 'IBAN_INVALID',
    });
    expect(checkBankDetails({ iban: 'FR7630006000011234567890189', bic: 'AGRI' })).toEqual({
      ok: false,
      problem: 'BIC_INVALID',
    });
    expect(maskIban('FR7630006000011234567890189')).toBe('FR76 •••• •••• •••• •••• •••0 189');
  });
});

describe('qualification', () => {
  it('follows its state machine and asks a reason for anything but a qualification', () => {
    expect(canDecide('pending', 'qualified')).toBe(true);
    expect(canDecide('qualified', 'suspended')).toBe(true);
    expect(canDecide('suspended', 'qualified')).toBe(true);
    expect(canDecide('pending', 'suspended')).toBe(false);
    expect(canDecide('withdrawn', 'qualified')).toBe(false);
    expect(needsReason('qualified')).toBe(false);
    expect(needsReason('suspended')).toBe(true);
    expect(defaultRenewalDate('2026-11-23')).toBe('2027-11-23');
    expect(defaultRenewalDate('2028-02-29')).toBe('2029-03-01');
  });
});
