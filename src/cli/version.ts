import packageJson from '../../package.json';

/** The version reports carry, from the manifest at build time. */
export const TOOL_VERSION: string = packageJson.version;
