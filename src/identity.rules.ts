/**
 * Whose identity an instance wears. The State design system (DSFR: Marianne, the "République
 * française" block, the State's colours) is reserved by its terms to State services on a
 * .gouv.fr domain; a Région, a Département or a GIP runs Passnum in the `territoire` theme: the
 * same accessible components and layout, with the operator's name and colour. Pure: the server
 * checks the configuration with it, the web applies it.
 */
export const THEMES = ['territoire', 'etat'] as const;
export type Theme = (typeof THEMES)[number];

export interface Brand {
  theme: Theme;
  name: string;
  tagline: string;
  /** Main colour of the `territoire` theme (#rrggbb), dark enough for white text on it. */
  color: string;
}

const channel = (c: number) => {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** WCAG contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The colour mixed with white (`share` of white): the brand's variant on a dark background. */
export function lighten(hex: string, share: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const mix = (c: number) => Math.round(c + (255 - c) * share);
  const rgb = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(mix);
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** What is wrong with an identity for this address, in French; null when it may be used. */
export function identityProblem(brand: Brand, publicUrl: string): string | null {
  if (brand.theme === 'etat' && !/\.gouv\.fr$/.test(new URL(publicUrl).hostname)) {
    return "le thème « etat » (identité de l'État, DSFR) est réservé aux services de l'État sur un domaine .gouv.fr : PUBLIC_URL n'en est pas un. Utilisez PASSNUM_THEME=territoire.";
  }
  if (!/^#[0-9a-fA-F]{6}$/.test(brand.color)) return 'PASSNUM_BRAND_COLOR doit être une couleur #rrggbb.';
  if (contrast(brand.color, '#ffffff') < 4.5) {
    return `PASSNUM_BRAND_COLOR ${brand.color} est trop clair : le texte blanc posé dessus n'atteint pas le contraste de 4,5:1 (RGAA).`;
  }
  return null;
}

/**
 * The stylesheet of the instance's identity, served at /identity.css and linked by the page
 * before it runs any script, so the State's marks never flash on a collectivité's instance. In
 * `territoire`: the "République française" block, Marianne and the gouv.fr links are not worn,
 * the operator's colour replaces the State's blue (a lighter variant in dark mode, so contrast
 * holds on both backgrounds). In `etat`: nothing, the DSFR as it is.
 */
export function identityCss(brand: Brand): string {
  if (brand.theme === 'etat') return '/* thème etat : le DSFR tel quel */\n';
  const tokens = (main: string) =>
    `--blue-france-sun-113-625:${main};--blue-france-sun-113-625-hover:${lighten(main, 0.15)};--blue-france-sun-113-625-active:${lighten(main, 0.25)};`;
  return [
    '/* thème territoire : ni bloc « République française », ni Marianne, ni liens gouv.fr */',
    '.fr-header__logo,.fr-footer__brand .fr-logo,.fr-footer__content-list{display:none!important}',
    "*{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif!important}",
    // html:root outweighs the DSFR's :root rules, whatever order the stylesheets load in.
    `html:root,html:root[data-fr-theme=light]{${tokens(brand.color)}}`,
    `html:root[data-fr-theme=dark]{${tokens(lighten(brand.color, 0.55))}}`,
    '',
  ].join('\n');
}
