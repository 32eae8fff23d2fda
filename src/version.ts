/** The product version; moved together with package.json, task.json and the extension. */
export const VERSION = '1.0.0';
