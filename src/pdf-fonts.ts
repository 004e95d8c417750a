import { createRequire } from 'node:module';
import type { Theme } from './identity.rules.js';

const MARIANNE = createRequire(import.meta.url)
  .resolve('@codegouvfr/react-dsfr/dsfr/fonts/Marianne-Regular.woff')
  .replace(/[^/]+$/, '');

/**
 * The fonts of every PDF the platform prints, as `regular` and `bold`: Marianne for the State's
 * own instances (`etat`), whose identity it belongs to; Helvetica, built into every PDF reader,
 * for a collectivité's (`territoire`).
 */
export function registerPdfFonts(doc: PDFKit.PDFDocument, theme: Theme): void {
  if (theme === 'etat') {
    doc.registerFont('regular', `${MARIANNE}Marianne-Regular.woff`);
    doc.registerFont('bold', `${MARIANNE}Marianne-Bold.woff`);
  } else {
    doc.registerFont('regular', 'Helvetica');
    doc.registerFont('bold', 'Helvetica-Bold');
  }
}
