// The edge's version is the app's: one number to quote in bug reports.
import packageJson from '../../../package.json';

export const EDGE_VERSION: string = packageJson.version;
