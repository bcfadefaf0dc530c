import packageJson from '../../package.json';

/** The tool's version, from the manifest (one source of truth for CLI, SARIF and the server). */
export const TOOL_NAME = 'asyncos-pvo';
export const TOOL_VERSION: string = packageJson.version;
