import OpeningHours from 'opening_hours';

/**
 * Opening hours in OpenStreetMap `opening_hours` syntax (the national standard's `horaires`),
 * parsed by the maintained `opening_hours` library. Venues are in France: "open now" is judged
 * on the wall clock of Europe/Paris whatever the server's time zone.
 */
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
export function isOpenAt(hours: string | null, instant: Date): boolean | null {
  if (!hours) return null;
  try {
    return new OpeningHours(hours, null, 0 as never).getState(parisWallClock(instant));
  } catch {
    return null;
  }
}

const DAYS = ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche'];
const hhmm = (d: Date) => `${String(d.getHours()).padStart(2, '0')}h${String(d.getMinutes()).padStart(2, '0')}`;

/**
 * The weekly hours in plain French, one line per day ("Lundi : 09h00 – 12h00, 14h00 – 18h30"),
 * read off an ordinary week (public holidays and exceptions are not shown).
 */
export function describeOpeningHours(hours: string | null): string[] {
  if (!hours) return [];
  let oh: OpeningHours;
  try {
    oh = new OpeningHours(hours, null, 0 as never);
  } catch {
    return [];
  }
  // 2024-01-08 is an ordinary Monday (no public holiday that week).
  return DAYS.map((day, i) => {
    const from = new Date(2024, 0, 8 + i);
    const to = new Date(2024, 0, 9 + i);
    const intervals = oh
      .getOpenIntervals(from, to)
      .map(([a, b]) => `${hhmm(a)} – ${b.getDate() !== a.getDate() ? '24h00' : hhmm(b)}`);
    return `${day} : ${intervals.length > 0 ? intervals.join(', ') : 'fermé'}`;
  });
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
