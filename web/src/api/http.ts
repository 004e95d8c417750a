/** A refusal from the API: its stable code, the French sentence to show, and details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface FieldIssue {
  path?: string;
  field?: string;
  /** The pass code a redemption refusal is about. */
  code?: string;
  message: string;
}

/**
 * Calls the Passnum API with the session cookie; throws ApiError on any refusal. Only the
 * module clients beside this file call it: pages call their typed functions.
 */
export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...extraHeaders },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Le serveur Passnum est injoignable. Vérifiez votre connexion et réessayez.');
  }
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => null)) as {
    error?: { code: string; message: string; details?: unknown };
  } | null;
  if (!res.ok) {
    const e = data?.error;
    throw new ApiError(
      res.status,
      e?.code ?? 'UNKNOWN',
      e?.message ?? 'Une erreur inattendue est survenue.',
      e?.details,
    );
  }
  return data as T;
}

/** The list of issues an API error carries (validation and business-rule details). */
export function issuesOf(err: unknown): FieldIssue[] {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return [];
  return err.details.filter((d): d is FieldIssue => typeof d === 'object' && d !== null && 'message' in d);
}

/** Query string of the defined values of `params`. */
export function queryString(params: object): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'string' ? v !== '' : typeof v === 'number' || typeof v === 'boolean') q.set(k, String(v));
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** Where a file is downloaded from (a plain link: the browser sends the session cookie). */
export const downloadUrl = (path: string) => `/api/v1${path}`;
