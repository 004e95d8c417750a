import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import type { Theme } from './identity.rules.js';
import { registerPdfFonts } from './pdf-fonts.js';

async function pdfWith(theme: Theme): Promise<string> {
  const doc = new PDFDocument();
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => doc.on('end', resolve));
  registerPdfFonts(doc, theme);
  doc.font('bold').text('Pass numérique — 10 €, cœur d’œuvre');
  doc.end();
  await done;
  return Buffer.concat(chunks).toString('latin1');
}

describe('the fonts of printed PDFs', () => {
  it('embeds Marianne for the State only, Helvetica for a collectivité', async () => {
    expect(await pdfWith('etat')).toMatch(/Marianne/);
    const territoire = await pdfWith('territoire');
    expect(territoire).toMatch(/\/BaseFont \/Helvetica-Bold/);
    expect(territoire).not.toMatch(/Marianne/);
  });
});
