import packageJson from '../package.json' with { type: 'json' };

/** The tool's version, recorded in every run summary. */
export const TOOL_VERSION: string = packageJson.version;
