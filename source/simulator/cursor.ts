// Opaque page cursors. They carry the last key seen (not an offset), so a listing stays correct
// while tokens come and go between pages; the MAC makes a hand-built or truncated cursor a 400
// instead of a silently wrong page — clients must use the hrefs they are given.
import {createHmac, timingSafeEqual} from 'node:crypto';

export type CursorCodec = {
  encode(payload: Record<string, unknown>): string;
  /** undefined for anything this codec did not produce. */
  decode(cursor: string): Record<string, unknown> | undefined;
};

export function createCursorCodec(secret: string): CursorCodec {
  const mac = (body: string): Buffer => createHmac('sha256', secret).update(body).digest().subarray(0, 12);
  return {
    encode(payload) {
      const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
      return `${body}.${mac(body).toString('base64url')}`;
    },
    decode(cursor) {
      const dot = cursor.indexOf('.');
      if (dot <= 0) return undefined;
      const body = cursor.slice(0, dot);
      const given = Buffer.from(cursor.slice(dot + 1), 'base64url');
      const expected = mac(body);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      try {
        const value: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
        return typeof value === 'object' && value !== null && !Array.isArray(value)
          ? (value as Record<string, unknown>)
          : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
