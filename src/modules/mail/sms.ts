import type { Config } from '../../config.js';

/** Whatever sends a text message: a provider is plugged in behind this one method. */
export interface SmsSender {
  send(to: string, text: string): Promise<void>;
}

/**
 * The SMS provider, disabled by default: texts are then kept in the outbox and shown like
 * e-mails. With SMS_WEBHOOK_URL set, each text is POSTed there as JSON `{ to, text }` (with
 * SMS_WEBHOOK_TOKEN as a bearer token if set): a thin adapter in front of the territory's
 * provider (a French SMS gateway, a telecom API) does the rest, so no provider is baked in.
 */
export function createSmsSender(config: Pick<Config, 'smsWebhookUrl' | 'smsWebhookToken'>): SmsSender | null {
  const url = config.smsWebhookUrl;
  if (!url) return null;
  return {
    async send(to, text) {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(config.smsWebhookToken ? { authorization: `Bearer ${config.smsWebhookToken}` } : {}),
        },
        body: JSON.stringify({ to, text }),
        signal: AbortSignal.timeout(15_000),
      });
      if (!response.ok) throw new Error(`le fournisseur SMS a répondu ${response.status}`);
    },
  };
}
