import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useRef, useState } from 'react';

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorCtor = new (opts: { formats: string[] }) => BarcodeDetectorLike;

const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;

/**
 * Reads a pass's QR code with the device camera (the browser's BarcodeDetector) and hands the
 * text to `onCode`; the server reads the code out of the scanned URL.
 */
export function QrScanner({ onCode }: { onCode: (text: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [on, setOn] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!on || !Detector) return;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    const detector = new Detector({ formats: ['qr_code'] });
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' } })
      .then(async (s) => {
        stream = s;
        if (!video.current) return;
        video.current.srcObject = s;
        await video.current.play();
        timer = setInterval(async () => {
          if (!video.current) return;
          const [found] = await detector.detect(video.current).catch(() => []);
          if (found) {
            onCode(found.rawValue);
            setOn(false);
          }
        }, 300);
      })
      .catch(() => {
        setProblem("La caméra n'est pas accessible : autorisez-la, ou saisissez le code.");
        setOn(false);
      });
    return () => {
      clearInterval(timer);
      for (const t of stream?.getTracks() ?? []) t.stop();
    };
  }, [on, onCode]);

  if (!Detector) {
    return (
      <Alert
        severity="info"
        small
        description="Ce navigateur ne lit pas les QR codes : saisissez les codes ou utilisez un lecteur USB."
        className="fr-mb-2w"
      />
    );
  }
  return (
    <div className="fr-mb-3w">
      {problem && <Alert severity="warning" small description={problem} className="fr-mb-2w" />}
      <Button
        type="button"
        priority="secondary"
        iconId={on ? 'fr-icon-close-line' : 'fr-icon-camera-line'}
        onClick={() => {
          setProblem(null);
          setOn(!on);
        }}
      >
        {on ? 'Arrêter la caméra' : 'Scanner un QR code'}
      </Button>
      {on && (
        <video
          ref={video}
          muted
          playsInline
          style={{ width: '100%', maxWidth: 400, display: 'block' }}
          aria-label="Aperçu de la caméra"
        />
      )}
    </div>
  );
}
