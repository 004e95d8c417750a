import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useState } from 'react';
import { decodeText, type TextEncodingName } from '../../../../src/text-encoding';
import { type ImportReport, venuesApi } from '../../api/venues';
import { ErrorAlert } from '../../components/ErrorAlert';

/** Import into the directory: preview first (nothing written), then import the same file. */
export function VenueImport({ programmeId }: { programmeId: string }) {
  const [format, setFormat] = useState<'standard' | 'france-services'>('standard');
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [encoding, setEncoding] = useState<TextEncodingName | null>(null);
  const run = async (dryRun: boolean) => {
    if (!file) return;
    setError(null);
    setBusy(dryRun ? 'Prévisualisation en cours…' : 'Import en cours…');
    try {
      // Read as bytes: a file saved in Windows-1252 by a spreadsheet keeps its accents.
      const { text: content, encoding } = decodeText(new Uint8Array(await file.arrayBuffer()));
      setEncoding(encoding);
      setReport(
        await venuesApi.importVenues(programmeId, {
          format,
          fileName: file.name,
          content,
          dryRun,
        }),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="fr-mt-4w">
      <h3 className="fr-h5">Importer des lieux dans l'annuaire</h3>
      <p className="fr-text--sm">
        Les nouveaux lieux arrivent « non qualifiés » ; ceux déjà connus (même identifiant, même SIRET dans la commune,
        ou même nom à proximité) sont mis à jour. Les lignes hors du territoire du programme sont ignorées.
      </p>
      <Select
        label="Format du fichier"
        nativeSelectProps={{ value: format, onChange: (e) => setFormat(e.target.value as typeof format) }}
      >
        <option value="standard">Standard national des lieux de médiation numérique (CSV ou JSON)</option>
        <option value="france-services">Liste des France Services (data.gouv.fr, CSV)</option>
      </Select>
      <Input
        label="Fichier"
        nativeInputProps={{
          type: 'file',
          accept: '.csv,.json,text/csv,application/json',
          onChange: (e) => {
            setReport(null);
            setFile(e.target.files?.[0] ?? null);
          },
        }}
      />
      <Button
        type="button"
        priority="secondary"
        onClick={() => void run(true)}
        disabled={!file || busy !== null}
        className="fr-mr-2w"
      >
        Prévisualiser
      </Button>
      <Button type="button" onClick={() => void run(false)} disabled={!file || busy !== null || !report?.dryRun}>
        Importer
      </Button>
      {busy && (
        <p role="status" className="fr-mt-2w">
          {busy}
        </p>
      )}
      {error !== null && <ErrorAlert error={error} title="Import impossible" />}
      {report && (
        <Alert
          className="fr-mt-2w"
          severity={report.rejected.length > 0 ? 'warning' : 'success'}
          title={report.dryRun ? 'Prévisualisation (rien n’a été enregistré)' : 'Import terminé'}
          description={
            <>
              <span>
                {report.rowsRead} lignes lues : {report.created} nouveaux lieux, {report.updated} mis à jour,{' '}
                {report.unchanged} inchangés, {report.outOfTerritory} hors du territoire, {report.rejected.length}{' '}
                rejetées.
                {encoding === 'windows-1252' &&
                  ' Fichier lu en Windows-1252 (il n’était pas en UTF-8) : vérifiez les accents.'}
              </span>
              {report.rejected.length > 0 && (
                <>
                  <br />
                  <a href={venuesApi.rejectedRowsUrl(report.importId)} download>
                    Télécharger le rapport des lignes rejetées (CSV)
                  </a>
                </>
              )}
            </>
          }
        />
      )}
    </div>
  );
}
