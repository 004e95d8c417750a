import OpeningHours from 'opening_hours';
import { communeByCode, regionName } from '../territory/communes.js';

/**
 * Opening hours in OpenStreetMap `opening_hours` syntax (the national standard's `horaires`),
 * parsed by the maintained `opening_hours` library. Venues are in France: "open now" is judged
 * on the wall clock of Europe/Paris whatever the server's time zone, and public holidays (PH)
 * and school holidays (SH) are France's, those of the venue's region for school holidays.
 * (Without a location the library falls back to German holidays.) The library keys French
 * school holidays by region, so Alsace-Moselle's two extra public holidays are not known.
 */
type Location = { lat: number; lon: number; address: { country_code: 'fr'; state?: string } };

/** Where a venue is, for the holidays that apply there; metropolitan France when unknown. */
export function hoursLocation(place?: { communeInsee: string; latitude: number; longitude: number }): Location {
  const commune = place ? communeByCode(place.communeInsee) : undefined;
  const state = commune ? regionName(commune.region) : undefined;
  return {
    lat: place?.latitude ?? 46.6,
    lon: place?.longitude ?? 2.5,
    address: { country_code: 'fr', ...(state ? { state } : { state: 'Île-de-France' }) },
  };
}

const parse = (hours: string, where: Location) => new OpeningHours(hours, where as never, 0 as never);
export type HoursCheck = { ok: true; value: string } | { ok: false; error: string };

/**
 * Validates a value and returns it in canonical form: the library understands common French
 * ways of writing ("lu-ve 9h-12h" becomes "Mo-Fr 09:00-12:00"); its error message, in French,
 * points at the mistake.
 */
export function checkOpeningHours(value: string): HoursCheck {
  try {
    const oh = new OpeningHours(value.trim(), null, { mode: 0, warnings_severity: 4, locale: 'fr' } as never);
    return { ok: true, value: oh.prettifyValue() };
  } catch (e) {
    return {
      ok: false,
      error: String(e)
        .replace(/^Error:\s*/, '')
        .slice(0, 300),
    };
  }
}

/** A Date whose local fields are the wall-clock time in Paris at `instant`. */
function parisWallClock(instant: Date): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  return new Date(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day, parts.hour, parts.minute);
}

/** Is the venue open at `instant`? null when the hours are unknown or unreadable. */
export function isOpenAt(hours: string | null, instant: Date, where: Location = hoursLocation()): boolean | null {
  if (!hours) return null;
  try {
    return parse(hours, where).getState(parisWallClock(instant));
  } catch {
    return null;
  }
}

const DAYS = ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche'];
const hhmm = (d: Date) => `${String(d.getHours()).padStart(2, '0')}h${String(d.getMinutes()).padStart(2, '0')}`;
const dayMonth = (d: Date) => d.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long' });
const HOLIDAY_WORDS: Record<string, string> = { PH: 'Jours fériés', SH: 'Vacances scolaires' };
/** Weeks read to tell a weekly rule from one that holds some weeks only (alternate weeks, Sa[1,3]). */
const WEEKS = 8;

/**
 * The hours in plain French, one line per day ("Lundi : 09h00 – 12h00, 14h00 – 18h30"), read
 * off the next weeks from `from`. A day whose hours are not the same every week says so, with
 * its next dates ("Samedi : 09h00 – 12h00 certaines semaines — prochaines dates : 5 décembre,
 * 19 décembre"), so alternate weeks and "first and third Saturdays" are not lost. Public and
 * school holidays are exceptions, not a change of the week: they are said once, at the end.
 */
export function describeOpeningHours(
  hours: string | null,
  where: Location = hoursLocation(),
  from: Date = parisWallClock(new Date()),
): string[] {
  if (!hours) return [];
  // Only the holidays the hours name are exceptions: a rule without "PH" opens on them too.
  const named = ['PH', 'SH'].filter((h) => new RegExp(`\\b${h}\\b`).test(hours));
  let oh: OpeningHours;
  let holidays: OpeningHours | null;
  try {
    oh = parse(hours, where);
    holidays = named.length > 0 ? parse(named.join(','), where) : null;
  } catch {
    return [];
  }
  const monday = new Date(from.getFullYear(), from.getMonth(), from.getDate() - ((from.getDay() + 6) % 7));
  const lines = DAYS.map((day, i) => {
    const seen: { date: Date; text: string }[] = [];
    for (let w = 0; w < WEEKS; w++) {
      const date = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + 7 * w + i);
      if (holidays?.getState(new Date(date.getFullYear(), date.getMonth(), date.getDate(), 12))) continue;
      const next = new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1);
      const text = oh
        .getOpenIntervals(date, next)
        .map(([a, b]) => `${hhmm(a)} – ${b.getDate() !== a.getDate() ? '24h00' : hhmm(b)}`)
        .join(', ');
      seen.push({ date, text });
    }
    const texts = new Set(seen.map((s) => s.text));
    if (texts.size <= 1) return `${day} : ${seen[0]?.text || 'fermé'}`;
    const open = seen.filter((s) => s.text);
    const sameHours = new Set(open.map((s) => s.text)).size === 1;
    const upcoming = open.slice(0, 3).map((s) => (sameHours ? dayMonth(s.date) : `${dayMonth(s.date)} (${s.text})`));
    return `${day} : ${sameHours ? `${open[0]?.text} ` : ''}certaines semaines seulement — prochaines dates : ${upcoming.join(', ')}`;
  });
  if (named.length > 0) lines.push(`${named.map((h) => HOLIDAY_WORDS[h]).join(' et ')} : horaires particuliers.`);
  return lines;
}

const FS_DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;

/**
 * Turns per-day hours as the France Services list writes them ("09:00 - 12:00 / 13:30 - 17:00",
 * Monday first) into OSM syntax, grouping consecutive days with the same hours ("Mo-Th …").
 * Null when no day has hours; a day that cannot be read makes the whole value null.
 */
export function dailyHoursToOsm(days: readonly string[]): string | null {
  const perDay: (string | null)[] = [];
  for (const raw of days) {
    const text = raw.trim();
    // The list writes a closed day as nothing, "-" or "Fermé".
    if (!text || text === '-' || /^ferm[ée]$/i.test(text)) {
      perDay.push(null);
      continue;
    }
    const ranges = text.split('/').map((r) => /^(\d{1,2})[:h](\d{2})\s*-\s*(\d{1,2})[:h](\d{2})$/.exec(r.trim()));
    if (ranges.some((r) => !r)) return null;
    perDay.push(
      ranges
        .map((r) => {
          const [, h1, m1, h2, m2] = r as RegExpExecArray;
          return `${String(h1).padStart(2, '0')}:${m1}-${String(h2).padStart(2, '0')}:${m2}`;
        })
        .join(','),
    );
  }
  const rules: string[] = [];
  for (let i = 0; i < perDay.length; ) {
    const hours = perDay[i];
    let j = i;
    while (j + 1 < perDay.length && perDay[j + 1] === hours) j++;
    if (hours) rules.push(`${FS_DAYS[i]}${j > i ? `-${FS_DAYS[j]}` : ''} ${hours}`);
    i = j + 1;
  }
  return rules.length > 0 ? rules.join('; ') : null;
}
