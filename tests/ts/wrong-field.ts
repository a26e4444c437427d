// MUST NOT COMPILE: `tier` is the field of RATE_LIMIT_EXCEEDED's details, not `teir`.
// tests/tools/check-artifacts.sh expects tsc to fail here with TS2339 ("Property 'teir' does not
// exist on type '{ readonly tier: string; }'"), and fails if this file ever compiles.
import type { KnownError } from '../../docs/marketplace.js';

export function tier(error: KnownError): string {
  return error.code === 'RATE_LIMIT_EXCEEDED' ? error.details.teir : '';
}
