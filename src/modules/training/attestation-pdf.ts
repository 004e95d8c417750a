import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { frenchDate } from '../../format.js';
import type { Theme } from '../../identity.rules.js';
import { registerPdfFonts } from '../../pdf-fonts.js';
import { drawQr } from '../../pdf-qr.js';
import type { Attestation } from './training.contract.js';

/**
 * The attestation of a completed training path, on one A4 page: who, what, when, and the
 * verification code with its public address (also as a QR code), where anyone can confirm it.
 */
export async function writeAttestationPdf(
  out: Writable,
  a: Attestation,
  verifyUrl: string,
  issuer: string,
  theme: Theme,
): Promise<void> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Attestation de formation — ${a.pathTitle}` } });
  registerPdfFonts(doc, theme);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  doc.pipe(out);
  doc.font('bold').fontSize(22).text('Attestation de formation', { align: 'center' });
  doc.moveDown(2).font('regular').fontSize(13);
  doc.text(`${issuer} atteste que`, { align: 'center' });
  doc.moveDown(0.6).font('bold').fontSize(18).text(a.holderName, { align: 'center' });
  doc.moveDown(0.3).font('regular').fontSize(12).text(a.organisationName, { align: 'center' });
  doc.moveDown(1).fontSize(13).text('a suivi le parcours de formation des aidants', { align: 'center' });
  doc.moveDown(0.6).font('bold').fontSize(16).text(`« ${a.pathTitle} »`, { align: 'center' });
  doc
    .moveDown(0.6)
    .font('regular')
    .fontSize(12)
    .text(`le ${frenchDate(a.issuedOn)}.`, { align: 'center' });
  doc.moveDown(3).fontSize(11);
  doc.text(`Code de vérification : ${a.code}`, { align: 'center' });
  doc.text(`Vérifier cette attestation : ${verifyUrl}`, { align: 'center' });
  drawQr(doc, verifyUrl, (doc.page.width - 120) / 2, doc.y + 16, 120);
  doc.end();
  await done;
}
