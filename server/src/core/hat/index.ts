/** The HAT/RAT module: pure readers of the access tables and the address arithmetic their rules need. */
export * from './address';
export * from './types';
export { parseHat } from './parse';
export * from './rat';
export * from './analysis';
