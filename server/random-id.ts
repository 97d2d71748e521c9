/** Unbiased random identifiers from the URL-safe alphabet [A-Za-z0-9]. */
import { getRandomValues } from 'node:crypto';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// The largest multiple of 62 that fits a byte: bytes at or above it are dropped to avoid modulo bias.
const unbiasedLimit = 256 - (256 % alphabet.length);

export function randomId(length: number): string {
  let id = '';
  while (id.length < length) {
    for (const byte of getRandomValues(new Uint8Array(length * 2))) {
      if (byte < unbiasedLimit) id += alphabet[byte % alphabet.length];
      if (id.length === length) break;
    }
  }
  return id;
}

export const ROOM_ID_LENGTH = 10;
export const roomIdPattern = /^[A-Za-z0-9]{10}$/;

export const newRoomId = () => randomId(ROOM_ID_LENGTH);
export const newParticipantIdentity = (role: string) => `${role}-${randomId(12)}`;
