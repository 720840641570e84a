// Support mode's public API: the platform side (middleware, code exchange, merchant assertions,
// notices) and the ops side's parts for those who wire their own stack.
export { createSupportMode, SUPPORT_COOKIE, SUPPORT_HEADER, type SupportMode, type SupportModeOptions, type SupportLocals } from './middleware.ts';
export { signMerchantAssertion, MerchantAssertionVerifier, PLATFORM_ISSUER, OPS_AUDIENCE } from './merchant-assertion.ts';
export { SupportTokenIssuer, SupportTokenVerifier, SupportTokenError, SUPPORT_ISSUER, SUPPORT_AUDIENCE, SUPPORT_SCOPE, algorithmOf, type VerifiedSession } from './tokens.ts';
export { maskSensitive, isSensitiveKey, MASK } from './mask.ts';
export { SupportNotices, supportNotifyJobType, SUPPORT_NOTIFY, SUPPORT_QUEUE, type SupportNotice } from './notify.ts';
export { SupportService, OtherTenantError, type SupportLimits, type SupportServiceOptions } from './service.ts';
export { GrantStore } from './grant-store.ts';
export { OneTimeCodes } from './codes.ts';
export { SupportAccessLog } from './access-log.ts';
export { loadSupportKeys, SupportConfigError, type SupportKeys } from './config.ts';
export { supportParts, type SupportApi, type SupportParts } from './setup.ts';
