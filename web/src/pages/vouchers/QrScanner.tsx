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
const CAMERA: MediaStreamConstraints = { video: { facingMode: 'environment' } };

/** Starts reading QR codes from the camera into `video`; returns how to stop. */
async function startReading(video: HTMLVideoElement, found: (text: string) => void): Promise<() => void> {
  if (Detector) {
    // The browser's own detector (Chrome on Android, Safari): no library to load.
    const stream = await navigator.mediaDevices.getUserMedia(CAMERA);
    video.srcObject = stream;
    await video.play();
    const detector = new Detector({ formats: ['qr_code'] });
    const timer = setInterval(async () => {
      const [hit] = await detector.detect(video).catch(() => []);
      if (hit) found(hit.rawValue);
    }, 300);
    return () => {
      clearInterval(timer);
      for (const t of stream.getTracks()) t.stop();
    };
  }
  // Elsewhere (Firefox, Chromium on Linux), ZXing decodes the frames; loaded only when needed.
  const { BrowserQRCodeReader } = await import('@zxing/browser');
  const controls = await new BrowserQRCodeReader().decodeFromConstraints(CAMERA, video, (result) => {
    if (result) found(result.getText());
  });
  return () => controls.stop();
}

/**
 * Reads a pass's QR code with the device camera and hands the text to `onCode`; the server
 * reads the code out of the scanned URL. USB scanners need none of this: they type the code.
 */
export function QrScanner({ onCode }: { onCode: (text: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [on, setOn] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const cameraAvailable = typeof navigator !== 'undefined' && Boolean(navigator.mediaDevices?.getUserMedia);

  useEffect(() => {
    if (!on || !video.current) return;
    let stop: (() => void) | null = null;
    let live = true;
    startReading(video.current, (text) => {
      onCode(text);
      setOn(false);
    })
      .then((s) => {
        if (live) stop = s;
        else s();
      })
      .catch(() => {
        setProblem("La caméra n'est pas accessible : autorisez-la, ou saisissez le code.");
        setOn(false);
      });
    return () => {
      live = false;
      stop?.();
    };
  }, [on, onCode]);

  if (!cameraAvailable) {
    return (
      <Alert
        severity="info"
        small
        description="Ce navigateur n'a pas accès à une caméra : saisissez les codes ou utilisez un lecteur USB."
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
