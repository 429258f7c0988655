/** What other features use of idempotency keys outside runCommand: checking a key's shape. */
export { validIdempotencyKey } from './idempotency.repository.js';
