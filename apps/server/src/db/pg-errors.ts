/** PostgreSQL error codes the services turn into Chinese messages. */
export const uniqueViolation = (e: unknown): boolean => (e as { code?: string })?.code === '23505';
export const foreignKeyViolation = (e: unknown): boolean => (e as { code?: string })?.code === '23503';
