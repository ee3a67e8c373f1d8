/** The collections compliance guard (催收合规): rule packs as data, checked by small pure rules. */
export * from './check.js';
export * from './contact.js';
export * from './instant.js';
export * from './names.js';
export { contactDay, formatLocal, InvalidTimeZone, localDate, wallClockMs, zonedInstant } from './local-time.js';
export * from './pack.js';
export * from './pack-in-force.js';
export * from './packs/index.js';
