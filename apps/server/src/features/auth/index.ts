/** What other features use of authentication: password hashing, sessions, throttling, second factors. */
export { REAUTH_WINDOW_MS } from './auth.service.js';
export { hashPassword } from './password.js';
export { accountLockedUntil, clearAllLoginSlots } from './login-throttle.repository.js';
export { clearTotp } from './auth.repository.js';
export { deleteUserSessions } from './session.repository.js';
