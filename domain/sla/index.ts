export * from './calendar';
export * from './clock';
export * from './duration';
export * from './policy';
export * from './live-times';
