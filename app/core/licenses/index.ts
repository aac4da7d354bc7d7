export { syncLicenses, verifyLicense, type LicenseSyncOptions, type LicenseSyncResult } from './license-sync';
export { activeLicenses, createLicenseClock, isLicenseExpired, serverNow, serverOffsetFrom, summarizeLicenses } from './license-clock';
