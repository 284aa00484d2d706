/** Sent with every push and pull for the server's per-device diagnostics. */
export const APP_VERSION = 'field-0.1.0';
