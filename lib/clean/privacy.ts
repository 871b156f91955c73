/**
 * Privacy at ingest: salted pseudonyms for customer ids, and marketing consent.
 */
import * as crypto from 'node:crypto';
import type { PrivacyConfig } from '../config/types';
import { SeglabError, msg } from '../errors/messages';

/** Shortest salt accepted (characters). */
export const MIN_SALT_LENGTH = 16;

/**
 * The salt for pseudonyms, read from the environment variable privacy.saltEnv; null when
 * pseudonymisation is off. The salt is never stored in the config, the manifest or any output.
 */
export function pseudonymSalt(privacy: PrivacyConfig, env: NodeJS.ProcessEnv = process.env): string | null {
  if (!privacy.pseudonymise) return null;
  const salt = env[privacy.saltEnv];
  if (!salt || salt.length < MIN_SALT_LENGTH) throw new SeglabError('clean', msg.saltMissing(privacy.saltEnv));
  return salt;
}

/**
 * A stable pseudonym for a customer id: "p_" + the first 16 hex digits of HMAC-SHA256(salt, id).
 * The same id and salt always give the same pseudonym; without the salt it cannot be reversed
 * by hashing guessed ids.
 * @example pseudonymise('C000001', salt) // 'p_3f1c...'
 */
export function pseudonymise(id: string, salt: string): string {
  return `p_${crypto.createHmac('sha256', salt).update(id).digest('hex').slice(0, 16)}`;
}

const YES = new Set(['yes', 'y', 'true', 't', '1', 'opt-in', 'opt_in', 'optin', 'granted', 'consented']);

/** True when a consent value opts in (yes / y / true / 1 / opt-in / granted), case-insensitive. */
export function consentGiven(raw: string | null | undefined): boolean {
  return raw !== null && raw !== undefined && YES.has(raw.trim().toLowerCase());
}
