/** Every limit Fieldkeep enforces, in one place, so the server and the apps agree. */
export const LIMITS = {
  /** Largest JSON body any /api route accepts (bytes). Blob uploads have their own limit. */
  jsonBodyBytes: 1_048_576,
  passwordMinLength: 10,
  passwordMaxLength: 256,
  loginMaxLength: 254,
  nameMaxLength: 200,
  /** Failed sign-ins in a row before an account is locked. */
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  /** Sign-in attempts per client address per minute, whatever the account. */
  loginAttemptsPerMinutePerIp: 20,
  resetTokenMinutes: 60,
  inviteTokenDays: 7,
  sessionDays: 30,
  pageSizeMax: 200,
  pageSizeDefault: 50,
  /** Largest CSV file an import accepts (bytes of UTF-8); the import routes' JSON body limit leaves room for escaping. */
  csvBytes: 5 * 1024 * 1024,
} as const;
