// MUST NOT COMPILE: 'NOT_FOUNDD' is not an ErrorCode. tests/tools/check-artifacts.sh expects
// tsc to fail here on that literal ("not assignable to type 'ErrorCode'"), and fails if this file ever compiles.
import { ErrorCode } from '../../docs/standard';

export const code: ErrorCode = 'NOT_FOUNDD';
